"""Reads for growth analytics, always scoped to one creator (or a coach's mentees).

Pages and the `growth/` API read the tables the job computed; a fixed number of queries
per page whatever the amount of data.
"""

import math

from django.db.models import Avg, Count, F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.selectors import mentees_of
from analytics import metrics
from analytics.models import (
    GrowthFactors,
    GrowthSummary,
    IncomeEntry,
    MetricSnapshot,
    TimeEntry,
)
from positioning.models import Topic

from .jobs import K_DEFAULTS


def snapshots_for(user: User) -> QuerySet[MetricSnapshot]:
    return MetricSnapshot.objects.for_creator(user).select_related("channel", "content_item")


def get_snapshot_for(user: User, pk: int) -> MetricSnapshot:
    snapshot = MetricSnapshot.objects.for_creator(user).filter(pk=pk).first()
    if snapshot is None:
        raise Http404
    return snapshot


def get_time_entry_for(user: User, pk: int) -> TimeEntry:
    entry = TimeEntry.objects.for_creator(user).filter(pk=pk).first()
    if entry is None:
        raise Http404
    return entry


def get_income_entry_for(user: User, pk: int) -> IncomeEntry:
    entry = IncomeEntry.objects.for_creator(user).filter(pk=pk).first()
    if entry is None:
        raise Http404
    return entry


def summary_for(creator: User) -> GrowthSummary | None:
    """The creator's computed summary, with technical ability T measured live.

    T comes from the creator's topic ratings, which change on pages that do not feed the
    growth job; so the same query also reads the mean ability of her topics now and her k's
    (subqueries: still one query), and T and the index V are recomputed from them. What
    she just rated shows at once, without waiting for the job.
    """
    factors = GrowthFactors.objects.filter(creator=OuterRef("creator"))
    summary = (
        GrowthSummary.objects.filter(creator=creator)
        .annotate(
            live_ability=Subquery(
                Topic.objects.filter(creator=OuterRef("creator"))
                .values("creator")
                .annotate(mean=Avg("ability"))
                .values("mean")
            ),
            live_k_technical=Subquery(factors.values("k_technical")),
            live_k_overall=Subquery(factors.values("k_overall")),
        )
        .first()
    )
    if summary is not None:
        _measure_technical_live(summary)
    return summary


def _measure_technical_live(summary: GrowthSummary) -> None:
    k_t = summary.live_k_technical
    k6 = summary.live_k_overall
    k_t = float(K_DEFAULTS["k_technical"] if k_t is None else k_t)
    k6 = float(K_DEFAULTS["k_overall"] if k6 is None else k6)
    summary.ip_technical_raw = metrics.technical_measure(summary.live_ability)
    summary.ip_technical = metrics.logistic(summary.ip_technical_raw, k_t)
    product = math.prod(getattr(summary, f"ip_{name}") for name in metrics.IP_FACTORS)
    summary.ip_index = metrics.logistic(product, k6)


def mentees_with_health(coach: User, *, sort: str = "name") -> QuerySet[User]:
    """The coach's active mentees with their growth summary, in one query."""
    orderings = {
        "name": [F("display_name").asc(), "pk"],
        "last_published": [F("growth_summary__last_published_on").desc(nulls_last=True), "pk"],
        "streak": [F("growth_summary__streak_weeks").desc(nulls_last=True), "pk"],
        "followers": [F("growth_summary__followers").desc(nulls_last=True), "pk"],
        "growth": [F("growth_summary__growth_month").desc(nulls_last=True), "pk"],
        "cadence": [F("growth_summary__published_per_week").desc(nulls_last=True), "pk"],
        "overdue": [F("overdue_reviews").desc(), "pk"],
    }
    overdue = Q(reviews__completed_at__isnull=True, reviews__due_at__lte=timezone.now())
    connected = Q(channels__source_kind__gt="")
    return (
        mentees_of(coach)
        .select_related("growth_summary")
        .annotate(
            overdue_reviews=Count("reviews", filter=overdue, distinct=True),
            connectors=Count("channels", filter=connected, distinct=True),
            connectors_failing=Count(
                "channels",
                filter=connected & Q(channels__source_state__in=["failing", "paused"]),
                distinct=True,
            ),
        )
        .order_by(*orderings.get(sort, orderings["name"]))
    )
