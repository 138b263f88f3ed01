from celery import shared_task
from django.utils import timezone

from accounts.queue import MUST_HAPPEN

from . import services
from .sync import changes, webhooks


@shared_task(
    name="calendar_app.tasks.deliver_webhook",
    bind=True,
    **{**MUST_HAPPEN, "max_retries": None},
    ignore_result=True,
)
def deliver_webhook(self, delivery_id: int):
    """One attempt per run; failures come back later with exponential backoff. A database that
    cannot be reached fails the run before the attempt is recorded: it runs again (with the
    backoff of `MUST_HAPPEN`); a receiver deduplicates by the delivery id header in the rare
    case that the database went away between the POST and its record.

    The retry is returned rather than raised: a worker schedules it all the same, and eager
    runs (tests) perform it at once instead of propagating the Retry exception."""
    outcome, attempts = webhooks.attempt_delivery(delivery_id)
    if outcome == webhooks.Outcome.RETRY:
        return self.retry(countdown=webhooks.retry_delay(attempts - 1), throw=False)
    return outcome


@shared_task(name="calendar_app.tasks.resend_stalled_webhooks")
def resend_stalled_webhooks() -> int:
    """Deliveries recorded while the broker was down (or whose retry it lost) go out again."""
    return webhooks.resend_stalled()


@shared_task(name="calendar_app.tasks.prune_sync_history")
def prune_sync_history() -> int:
    """Drop tombstones no valid sync cursor can still ask for, and old delivery logs."""
    return changes.history_prune()


@shared_task(
    name="calendar_app.tasks.extend_series_horizons",
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=3,
)
def extend_series_horizons() -> int:
    """Keep every open series materialised half a year ahead; idempotent."""
    # The server's date, not a creator's: a coarse cut of long-ended series for all creators
    # at once; each series then counts its days in its creator's zone (`local_today()`).
    return services.series_extend_all(today=timezone.localdate())
