from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = _("Growth analytics")

    def ready(self) -> None:
        from accounts.comments import register_target

        from . import tasks  # noqa: F401  (Celery's tasks are registered by each app's ready())
        from .models import Review

        register_target("review", Review)

        from calendar_app.sync.ical import register_feed_source

        from .reviews.feed import review_events

        register_feed_source(review_events)
