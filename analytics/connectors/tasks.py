"""Beat polls the due channels; each channel's run is its own task, so one channel's failure
never stops another's."""

from celery import shared_task
from django.utils import timezone

from accounts.queue import RETRY_ON_DATABASE

from . import services


@shared_task(name="analytics.connectors.tasks.poll_connectors")
def poll_connectors() -> int:
    """Enqueue the due channels' runs (each channel has its own phase in the interval)."""
    return len(services.claim_due(now=timezone.now()))


@shared_task(name="analytics.connectors.tasks.fetch_channel", **RETRY_ON_DATABASE)
def fetch_channel(channel_id: int, forced: bool = False) -> str:
    return services.run(channel_id, forced=forced)
