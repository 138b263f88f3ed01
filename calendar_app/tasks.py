import logging

from celery import shared_task

from accounts.queue import MUST_HAPPEN

from . import sync, webhooks

logger = logging.getLogger("sweetspot.webhooks")


@shared_task(bind=True, **{**MUST_HAPPEN, "max_retries": None}, ignore_result=True)
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


@shared_task
def resend_stalled_webhooks() -> int:
    """Deliveries recorded while the broker was down (or whose retry it lost) go out again."""
    stalled = webhooks.stalled_deliveries()
    sent = 0
    for delivery_id in stalled:
        try:
            deliver_webhook.delay(delivery_id)
            sent += 1
        except Exception:
            logger.exception("Resending webhook delivery %s failed", delivery_id)
    return sent


@shared_task
def prune_sync_history() -> int:
    """Drop tombstones no valid sync cursor can still ask for, and old delivery logs."""
    return sync.history_prune()
