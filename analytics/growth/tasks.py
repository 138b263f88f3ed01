"""Celery tasks for growth analytics: take ids, call the set-based job, retry with backoff."""

import logging

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, transaction

from accounts.models import User
from accounts.queue import RETRY_ON_DATABASE, enqueue

from . import jobs

logger = logging.getLogger("sweetspot.growth")


@shared_task(name="analytics.growth.recompute_creator", **RETRY_ON_DATABASE)
def recompute_creator_growth(creator_id: int) -> None:
    """Recompute one creator's metrics after new numbers arrive."""
    jobs.recompute(creator_ids=[creator_id])


def creator_ranges(per_task: int) -> list[tuple[int, int]]:
    """Every creator's id, cut into slices of `per_task` creators: (first id, last id)."""
    ids = list(User.objects.order_by("pk").values_list("pk", flat=True))
    return [(ids[n], ids[min(n + per_task, len(ids)) - 1]) for n in range(0, len(ids), per_task)]


@shared_task(name="analytics.growth.recompute_all", **RETRY_ON_DATABASE)
def recompute_all_growth() -> None:
    """The daily pass (today moves even when no numbers do): one task per slice of
    `GROWTH_CREATORS_PER_TASK` creators, by id range, so that workers share the night's work."""
    with transaction.atomic():
        for first, last in creator_ranges(settings.GROWTH_CREATORS_PER_TASK):
            enqueue("analytics.growth.recompute_range", first, last)


@shared_task(name="analytics.growth.recompute_range", **RETRY_ON_DATABASE)
def recompute_growth_range(first_id: int, last_id: int) -> None:
    """The creators whose ids lie in first_id..last_id.

    Set-based first; if that fails, creator by creator, so one creator's bad numbers never
    keep everybody else's growth stale. Only when every creator fails does the task retry.
    """
    try:
        jobs.recompute(creator_range=(first_id, last_id))
    except Exception:
        logger.exception(
            "The growth job failed for creators %s-%s; recomputing one by one", first_id, last_id
        )
    else:
        return
    failed = []
    creator_ids = list(
        User.objects.filter(pk__range=(first_id, last_id))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for creator_id in creator_ids:
        try:
            jobs.recompute(creator_ids=[creator_id])
        except Exception:
            logger.exception("The growth job failed for creator %s", creator_id)
            failed.append(creator_id)
    if creator_ids and len(failed) == len(creator_ids):
        raise DatabaseError(f"The growth job failed for every creator ({len(failed)})")
