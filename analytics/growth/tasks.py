"""Celery tasks for growth analytics: take ids, call the set-based job, retry with backoff."""

from celery import shared_task

from accounts.queue import RETRY_ON_DATABASE

from . import jobs


@shared_task(name="analytics.growth.recompute_creator", **RETRY_ON_DATABASE)
def recompute_creator_growth(creator_id: int) -> None:
    """Recompute one creator's metrics after new numbers arrive."""
    jobs.recompute(creator_ids=[creator_id])


@shared_task(name="analytics.growth.recompute_all", **RETRY_ON_DATABASE)
def recompute_all_growth() -> None:
    """The daily pass, cut into one task per slice of creators (`jobs.recompute_all_by_range`)."""
    jobs.recompute_all_by_range()


@shared_task(name="analytics.growth.recompute_range", **RETRY_ON_DATABASE)
def recompute_growth_range(first_id: int, last_id: int) -> None:
    """The creators whose ids lie in first_id..last_id (`jobs.recompute_range`)."""
    jobs.recompute_range(first_id=first_id, last_id=last_id)
