"""Background work for recurring series (imported by the app config so Celery finds it)."""

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def extend_series_horizons() -> int:
    """Keep every open series materialised half a year ahead; idempotent."""
    return services.series_extend_all(today=timezone.localdate())
