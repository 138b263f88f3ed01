"""Beat tasks for reviews and reminders: each scans the database and is idempotent.

`now` (ISO 8601) exists for tests and manual catch-ups; beat passes nothing.
"""

from datetime import datetime

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from . import reminders, services

RETRY = {
    "bind": True,
    "autoretry_for": (OperationalError, OSError),
    "retry_backoff": True,
    "max_retries": 5,
}


def _now(now: str | None) -> datetime:
    return datetime.fromisoformat(now) if now else timezone.now()


@shared_task(name="analytics.reviews.tasks.open_due_reviews", **RETRY)
def open_due_reviews(self, now: str | None = None) -> dict:
    """Open the reviews whose period has ended in each creator's time zone (and catch up)."""
    opened, prepared = services.reviews_open_and_prepare(now=_now(now))
    return {"opened": opened, "prepared": prepared}


@shared_task(name="analytics.reviews.tasks.scan_reminders", **RETRY)
def scan_reminders(self, now: str | None = None) -> int:
    """Create the reminders that are due; their emails follow via the delivery task."""
    return reminders.reminders_scan(now=_now(now))
