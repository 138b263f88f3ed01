"""A transactional outbox in front of Celery.

`enqueue` writes the task to `OutboxMessage` in the caller's transaction, so the task exists
exactly when the change that causes it does. After the commit it is relayed to the broker at
once; when Redis is down the request goes on (publishing gives up within about a second) and
the beat task `accounts.tasks.relay_outbox` sends it once the broker is back.
"""

import logging
from datetime import timedelta
from typing import Any

from celery import current_app
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from .models import OutboxMessage

logger = logging.getLogger("sweetspot.queue")

# Errors that mean "the broker is unreachable": the rest of the batch would fail the same way.
BROKER_DOWN = (BrokerError, ConnectionError, OSError, TimeoutError)

# A task that must happen (an email, a webhook) runs again later when it failed for a passing
# reason: the mail server or the database could not be reached. Without this, a database
# outage while the task ran dropped it: the outbox had already handed it to the broker.
TRANSIENT_ERRORS = (OSError, OperationalError, InterfaceError)
# Retries with exponential backoff (with jitter) capped at 10 minutes: 15 retries ride out an
# outage of an hour or more.
MUST_HAPPEN = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 15,
}
# Jobs that can simply run again later (recomputes, fetches): a few retries on any database
# error, with backoff capped at 10 minutes.
RETRY_ON_DATABASE = {
    "autoretry_for": (DatabaseError,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
}


def enqueue(task_name: str, *args: Any, **kwargs: Any) -> None:
    """Queue the task registered as `task_name` (its `@shared_task(name=...)`): by name, so
    a service never imports the tasks that call it."""
    message = OutboxMessage.objects.create(task_name=task_name, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: relay(ids=[message.pk]))


def _publish(message: OutboxMessage) -> None:
    task = current_app.tasks[message.task_name]
    # No publish retries: a dead broker must not hold up the request (the relay retries).
    with transaction.atomic():  # eager runs (tests) may fail inside; keep the row's transaction
        task.apply_async(args=message.args, kwargs=message.kwargs, retry=False)


def relay(*, ids: list[int] | None = None, limit: int = 500) -> int:
    """Send pending messages, oldest first, each in its own transaction; returns how many.

    `select_for_update(skip_locked=True)` lets relays run side by side without sending a row
    twice; a row that cannot be published keeps its error and is tried on the next run."""
    pending = OutboxMessage.objects.filter(sent_at__isnull=True).order_by("pk")
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    sent, after = 0, 0
    for _ in range(limit):
        with transaction.atomic():
            message = pending.filter(pk__gt=after).select_for_update(skip_locked=True).first()
            if message is None:
                break
            after = message.pk
            message.attempts += 1
            try:
                _publish(message)
            except BROKER_DOWN as error:
                message.last_error = f"{type(error).__name__}: {error}"[:2000]
                message.save(update_fields=["attempts", "last_error"])
                logger.warning("Broker unreachable; %s stays in the outbox", message.task_name)
                break
            except Exception as error:  # this row only; the others still go
                message.last_error = f"{type(error).__name__}: {error}"[:2000]
                message.save(update_fields=["attempts", "last_error"])
                logger.exception("Could not publish outbox message %s", message.pk)
                continue
            message.sent_at = timezone.now()
            message.save(update_fields=["attempts", "sent_at"])
            sent += 1
    return sent


def relay_and_prune(*, keep: timedelta = timedelta(days=7)) -> int:
    """`relay()`, then drop the rows sent longer than `keep` ago (beat's relay_outbox)."""
    sent = relay()
    OutboxMessage.objects.filter(sent_at__lt=timezone.now() - keep).delete()
    return sent
