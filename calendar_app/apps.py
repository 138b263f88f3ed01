from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarAppConfig(AppConfig):
    name = "calendar_app"
    verbose_name = _("Content calendar")

    def ready(self) -> None:
        from accounts.comments import register_target

        from . import series_tasks  # noqa: F401
        from .models import ContentItem

        register_target("content_item", ContentItem)
