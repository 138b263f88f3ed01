"""Celery tasks for growth analytics: take ids, call the set-based job, retry with backoff."""

import logging

from celery import shared_task
from django.db import DatabaseError

from accounts.models import User

from . import jobs

logger = logging.getLogger("sweetspot.growth")


@shared_task(
    name="analytics.growth.recompute_creator",
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def recompute_creator_growth(creator_id: int) -> None:
    """Recompute one creator's metrics after new numbers arrive."""
    jobs.recompute(creator_ids=[creator_id])


@shared_task(
    name="analytics.growth.recompute_all",
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=3,
)
def recompute_all_growth() -> None:
    """The daily pass: every creator (today moves even when no numbers do).

    Set-based first; if that fails, creator by creator, so one creator's bad numbers never
    keep everybody else's growth stale. Only when every creator fails does the task retry.
    """
    try:
        jobs.recompute()
    except Exception:
        logger.exception("The growth job failed for all creators; recomputing one by one")
    else:
        return
    failed = []
    creator_ids = list(User.objects.order_by("pk").values_list("pk", flat=True))
    for creator_id in creator_ids:
        try:
            jobs.recompute(creator_ids=[creator_id])
        except Exception:
            logger.exception("The growth job failed for creator %s", creator_id)
            failed.append(creator_id)
    if creator_ids and len(failed) == len(creator_ids):
        raise DatabaseError(f"The growth job failed for every creator ({len(failed)})")
