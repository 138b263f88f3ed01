"""Reads for growth analytics, always scoped to one creator (or a coach's mentees).

Pages and the `growth/` API read the tables the job computed; a fixed number of queries
per page whatever the amount of data.
"""

import math
from datetime import datetime

from django.db import connection
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
from calendar_app.models import Channel, ContentItem
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


class SnapshotGrowthSource:
    """Follower and engagement numbers of review periods, read from the snapshots.

    `prefetch()` answers many periods (creator, start, end) in two statements, so
    opening every creator's reviews stays a constant number of queries.
    """

    COUNTERS = ("views", "likes", "comments", "shares", "saves")

    def __init__(self) -> None:
        self._followers: dict[tuple, list] = {}
        self._pieces: dict[tuple, list] = {}

    def prefetch(self, windows: list[tuple[int, datetime, datetime]]) -> None:
        windows = [w for w in dict.fromkeys(windows) if w not in self._followers]
        if not windows:
            return
        from analytics.reviews.summary import FollowerChange, PieceEngagement

        values = ", ".join(["(%s, %s, %s)"] * len(windows))
        params = [value for window in windows for value in window]
        snapshot = MetricSnapshot._meta.db_table
        followers_sql = f"""
            WITH w(creator_id, starts_at, ends_at) AS (VALUES {values})
            SELECT w.creator_id, w.starts_at, w.ends_at, c.id, c.name,
              (SELECT s.followers FROM {snapshot} s WHERE s.channel_id = c.id
                 AND s.content_item_id IS NULL AND s.followers IS NOT NULL
                 AND s.captured_at < w.starts_at ORDER BY s.captured_at DESC LIMIT 1),
              (SELECT s.followers FROM {snapshot} s WHERE s.channel_id = c.id
                 AND s.content_item_id IS NULL AND s.followers IS NOT NULL
                 AND s.captured_at < w.ends_at ORDER BY s.captured_at DESC LIMIT 1)
            FROM w JOIN {Channel._meta.db_table} c ON c.creator_id = w.creator_id
            ORDER BY c.name, c.id
        """  # noqa: S608  (table names come from the models; values are parameters)
        counters = ", ".join(f"last.{name}" for name in self.COUNTERS)
        pieces_sql = f"""
            WITH w(creator_id, starts_at, ends_at) AS (VALUES {values})
            SELECT w.creator_id, w.starts_at, w.ends_at, i.id, i.title, {counters}
            FROM w JOIN {ContentItem._meta.db_table} i ON i.creator_id = w.creator_id
            JOIN LATERAL (
              SELECT {", ".join(self.COUNTERS)} FROM {snapshot} s
              WHERE s.content_item_id = i.id
                AND s.captured_at >= w.starts_at AND s.captured_at < w.ends_at
              ORDER BY s.captured_at DESC LIMIT 1
            ) last ON last.views IS NOT NULL
            ORDER BY i.id
        """  # noqa: S608  (table names come from the models; values are parameters)
        for window in windows:
            self._followers[window] = []
            self._pieces[window] = []
        with connection.cursor() as cursor:
            cursor.execute(followers_sql, params)
            for creator_id, starts_at, ends_at, pk, name, start, end in cursor.fetchall():
                if start is not None or end is not None:
                    self._followers[(creator_id, starts_at, ends_at)].append(
                        FollowerChange(pk, name, start, end)
                    )
            cursor.execute(pieces_sql, params)
            for creator_id, starts_at, ends_at, pk, title, *numbers in cursor.fetchall():
                counts = {n: v or 0 for n, v in zip(self.COUNTERS, numbers, strict=True)}
                self._pieces[(creator_id, starts_at, ends_at)].append(
                    PieceEngagement(pk, title, **counts)
                )

    def follower_changes(self, *, creator_id: int, starts_at, ends_at) -> list | None:
        key = (creator_id, starts_at, ends_at)
        self.prefetch([key])
        return self._followers[key] or None  # None: no follower numbers recorded yet

    def piece_engagement(self, *, creator_id: int, starts_at, ends_at) -> list | None:
        key = (creator_id, starts_at, ends_at)
        self.prefetch([key])
        return self._pieces[key] or None  # None: no piece numbers in the period
