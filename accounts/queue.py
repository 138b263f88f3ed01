"""Enqueue Celery tasks after the surrounding transaction commits.

A broker outage must never break the web request that asked for the work: the
error is logged and the periodic jobs (which scan the database, not the queue)
pick the work up again once Redis is back.
"""

import logging
from typing import Any

from celery import Task
from django.db import transaction

logger = logging.getLogger("sweetspot.queue")


def _send(task: Task, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except Exception:  # the broker may be unreachable in any number of ways
        logger.warning("Could not enqueue %s; it will be retried by the periodic job", task.name)


def enqueue(task: Task, *args: Any, **kwargs: Any) -> None:
    transaction.on_commit(lambda: _send(task, args, kwargs))
