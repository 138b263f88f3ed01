from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PositioningConfig(AppConfig):
    name = "positioning"
    verbose_name = _("Positioning")

    def ready(self) -> None:
        from accounts.comments import register_target

        from .models import PositioningOption, Topic

        register_target("topic", Topic)
        register_target("positioning_option", PositioningOption)
