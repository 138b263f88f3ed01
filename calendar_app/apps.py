from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarAppConfig(AppConfig):
    name = "calendar_app"
    verbose_name = _("Content calendar")

    def ready(self) -> None:
        from accounts.comments import register_target

        from . import tasks  # noqa: F401  (Celery's tasks are registered by each app's ready())
        from .models import ContentItem

        register_target("content_item", ContentItem)
