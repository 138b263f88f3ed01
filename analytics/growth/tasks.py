"""Celery tasks for growth analytics: take ids, call the set-based job, retry with backoff."""

from celery import shared_task
from django.db import DatabaseError

from . import jobs


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
    """The daily pass: every creator (today moves even when no numbers do)."""
    jobs.recompute()
