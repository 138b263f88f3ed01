"""Reads for growth analytics, always scoped to one creator (or a coach's mentees).

Pages and the `growth/` API read the tables the job computed; a fixed number of queries
per page whatever the amount of data.
"""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Avg, Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import mentees_of
from analytics import metrics
from analytics.models import (
    ChannelGrowth,
    EngagementBreakdown,
    GoalProgress,
    GrowthFactors,
    GrowthSummary,
    IncomeEntry,
    ItemPerformance,
    MetricSnapshot,
    MonthlyAllocation,
    PublishingDay,
    TimeEntry,
)
from calendar_app.models import Channel, ContentItem
from positioning.models import Topic

from . import charts
from .jobs import K_DEFAULTS

HEATMAP_WEEKS = 26
CHART_MONTHS = 12
BEST_AND_WORST = 5


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


@dataclass
class Dashboard:
    creator: User
    today: date
    summary: GrowthSummary | None
    channels: list[ChannelGrowth]
    total: ChannelGrowth | None
    follower_chart: charts.Chart
    engagement: dict[str, list[dict]]
    engagement_charts: dict[str, charts.Chart]
    best: list[ItemPerformance]
    worst: list[ItemPerformance]
    heatmap: list[charts.HeatCell]
    weekly_published: list[tuple[date, int]]
    goals: list[GoalProgress]
    allocations: list[MonthlyAllocation]
    time_chart: charts.Chart
    income_chart: charts.Chart
    income_columns: list[charts.StackedColumn]
    income_routes: list[str]
    ip_factors: list[dict] = field(default_factory=list)

    @property
    def has_numbers(self) -> bool:
        return bool(self.channels or self.best or self.allocations or self.income_columns)


def _month_label(month: date) -> str:
    return month.strftime("%Y-%m")


def dashboard_for(creator: User) -> Dashboard:
    today = creator.local_today()
    summary = summary_for(creator)

    growth_rows = list(
        ChannelGrowth.objects.for_creator(creator)
        .select_related("channel")
        .order_by(F("channel__name").asc(nulls_first=True), "pk")
    )
    total = next((row for row in growth_rows if row.channel_id is None), None)
    channels = [row for row in growth_rows if row.channel_id is not None]
    series = [
        (row.channel.name, [(date.fromisoformat(d), v) for d, v in row.weekly]) for row in channels
    ]
    if total:
        total.weekly = _total_weekly(channels)
        if len(channels) > 1:
            series.append(
                (_("All channels"), [(date.fromisoformat(d), v) for d, v in total.weekly])
            )
    follower_chart = charts.line_chart(series)

    channel_names = dict(Channel.objects.for_creator(creator).values_list("pk", "name"))
    labels = {
        "channel": {str(pk): name for pk, name in channel_names.items()},
        "layer": {**dict(Topic.Layer.choices), "none": _("no topic")},
        "format": dict(ContentItem.Format.choices),
    }
    engagement: dict[str, list[dict]] = {key: [] for key in EngagementBreakdown.Dimension.values}
    for row in EngagementBreakdown.objects.for_creator(creator).order_by("dimension", "key"):
        label = labels.get(row.dimension, {}).get(row.key, row.key)
        engagement[row.dimension].append(
            {
                "key": row.key,
                "label": str(label),
                "items": row.items,
                "views": row.views,
                "interactions": row.interactions,
                "rate": row.engagement_rate,
            }
        )
    engagement["month"] = engagement["month"][-CHART_MONTHS:]
    engagement_charts = {
        dimension: charts.bar_chart(
            [(row["label"], row["rate"] or 0) for row in rows], percent=True
        )
        for dimension, rows in engagement.items()
    }

    ranked = (
        ItemPerformance.objects.for_creator(creator)
        .filter(engagement_rate__isnull=False)
        .select_related("content_item", "channel")
    )
    best = list(ranked.order_by("-engagement_rate", "pk")[:BEST_AND_WORST])
    worst = list(ranked.order_by("engagement_rate", "pk")[:BEST_AND_WORST])
    worst = [item for item in worst if item.pk not in {b.pk for b in best}]

    first_day = today - timedelta(days=today.weekday()) - timedelta(weeks=HEATMAP_WEEKS - 1)
    days = dict(
        PublishingDay.objects.for_creator(creator)
        .filter(day__gte=first_day, day__lte=today)
        .values_list("day", "published")
    )
    cells = charts.heatmap(days, end=today, weeks=HEATMAP_WEEKS)
    weekly: dict[date, int] = {}
    for cell in cells:
        week = cell.day - timedelta(days=cell.day.weekday())
        weekly[week] = weekly.get(week, 0) + cell.count

    goals = list(GoalProgress.objects.for_creator(creator).select_related("phase"))

    since = (today.replace(day=1) - timedelta(days=366)).replace(day=1)
    allocations = list(
        MonthlyAllocation.objects.for_creator(creator).filter(month__gte=since).order_by("month")
    )
    activity_names = [
        str(TimeEntry.Activity.CREATION.label),
        str(TimeEntry.Activity.PROMOTION.label),
        str(TimeEntry.Activity.MONETISATION.label),
        str(TimeEntry.Activity.OTHER.label),
    ]
    time_chart, _columns = charts.stacked_columns(
        [
            (
                _month_label(a.month),
                [
                    float(a.creation_hours),
                    float(a.promotion_hours),
                    float(a.monetisation_hours),
                    float(
                        a.total_hours - a.creation_hours - a.promotion_hours - a.monetisation_hours
                    ),
                ],
            )
            for a in allocations
        ],
        activity_names,
    )

    income_rows = (
        IncomeEntry.objects.for_creator(creator)
        .filter(received_on__gte=since)
        .annotate(month=TruncMonth("received_on"))
        .values("month", "route")
        .annotate(amount=Sum("amount"))
        .order_by("month", "route")
    )
    routes = list(IncomeEntry.Route.values)
    by_month: dict[date, list[float]] = {}
    for row in income_rows:
        by_month.setdefault(row["month"], [0.0] * len(routes))[routes.index(row["route"])] += float(
            row["amount"]
        )
    route_names = [str(label) for label in IncomeEntry.Route.labels]
    income_chart, income_columns = charts.stacked_columns(
        [(_month_label(month), values) for month, values in sorted(by_month.items())],
        route_names,
    )

    return Dashboard(
        creator=creator,
        today=today,
        summary=summary,
        channels=channels,
        total=total,
        follower_chart=follower_chart,
        engagement=engagement,
        engagement_charts=engagement_charts,
        best=best,
        worst=worst,
        heatmap=cells,
        weekly_published=sorted(weekly.items()),
        goals=goals,
        allocations=allocations,
        time_chart=time_chart,
        income_chart=income_chart,
        income_columns=income_columns,
        income_routes=route_names,
        ip_factors=_ip_factors(summary),
    )


def _total_weekly(channels: list[ChannelGrowth]) -> list[list]:
    """Sum the channels' weekly points, carrying each channel's last count over gaps."""
    points = {row.pk: dict(row.weekly) for row in channels}
    weeks = sorted({week for values in points.values() for week in values})
    carried: dict[int, int] = {}
    series = []
    for week in weeks:
        for pk, values in points.items():
            if week in values:
                carried[pk] = values[week]
        series.append([week, sum(carried.values())])
    return series


def _ip_factors(summary: GrowthSummary | None) -> list[dict]:
    if summary is None:
        return []
    names = {
        "technical": _("Technical ability T"),
        "quality": _("Content quality Q"),
        "interaction": _("Interaction I"),
        "exposure": _("Exposure E"),
        "frequency": _("Update frequency F"),
        "monetisation": _("Monetisation M"),
    }
    return [
        {
            "key": key,
            "label": label,
            "measured": getattr(summary, f"ip_{key}_raw"),
            "factor": getattr(summary, f"ip_{key}"),
        }
        for key, label in names.items()
    ]
