"""The growth dashboard by section: the API (and the assistant) read the document they
serve, the page adds its charts, rankings, heatmap and income; each reads only what it shows.

Every section is one or two queries over the tables the nightly job computed, so the page
costs the same whatever the amount of data.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import F, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from accounts.models import User
from analytics.models import (
    ChannelGrowth,
    EngagementBreakdown,
    GoalProgress,
    GrowthSummary,
    IncomeEntry,
    ItemPerformance,
    MonthlyAllocation,
    PublishingDay,
    TimeEntry,
)
from calendar_app.models import Channel, ContentItem
from positioning.models import Topic

from . import charts
from .selectors import summary_for

HEATMAP_WEEKS = 26
CHART_MONTHS = 12
BEST_AND_WORST = 5


@dataclass
class Growth:
    """The `growth/` document: what the API and the assistant serve."""

    creator: User
    today: date
    summary: GrowthSummary | None
    channels: list[ChannelGrowth]
    total: ChannelGrowth | None
    engagement: dict[str, list[dict]]
    goals: list[GoalProgress]
    allocations: list[MonthlyAllocation]
    ip_factors: list[dict] = field(default_factory=list)


@dataclass
class Dashboard(Growth):
    """The page: the document and what only the page shows."""

    follower_chart: charts.Chart | None = None
    engagement_charts: dict[str, charts.Chart] = field(default_factory=dict)
    best: list[ItemPerformance] = field(default_factory=list)
    worst: list[ItemPerformance] = field(default_factory=list)
    heatmap: list[charts.HeatCell] = field(default_factory=list)
    weekly_published: list[tuple[date, int]] = field(default_factory=list)
    time_chart: charts.Chart | None = None
    income_chart: charts.Chart | None = None
    income_columns: list[charts.StackedColumn] = field(default_factory=list)
    income_routes: list[str] = field(default_factory=list)

    @property
    def has_numbers(self) -> bool:
        return bool(self.channels or self.best or self.allocations or self.income_columns)


def _month_label(month: date) -> str:
    return month.strftime("%Y-%m")


def _since(today: date) -> date:
    """The first day of the month a year and a month back: the window of the monthly charts."""
    return (today.replace(day=1) - timedelta(days=366)).replace(day=1)


def growth_for(creator: User) -> Growth:
    """The API's document: summary, channels, engagement, goals, time and the IP factors."""
    today = creator.local_today()
    summary = summary_for(creator)
    channels, total = channel_growth(creator)
    return Growth(
        creator=creator,
        today=today,
        summary=summary,
        channels=channels,
        total=total,
        engagement=engagement_for(creator),
        goals=list(GoalProgress.objects.for_creator(creator).select_related("phase")),
        allocations=allocations_since(creator, _since(today)),
        ip_factors=_ip_factors(summary),
    )


def dashboard_for(creator: User) -> Dashboard:
    """The page: the document, then its charts and the sections only the page shows."""
    growth = growth_for(creator)
    best, worst = best_and_worst(creator)
    heatmap, weekly = publishing_heatmap(creator, growth.today)
    income_chart, income_columns, income_routes = income_by_month(creator, _since(growth.today))
    return Dashboard(
        **vars(growth),
        follower_chart=follower_chart(growth.channels, growth.total),
        engagement_charts={
            dimension: charts.bar_chart(
                [(row["label"], row["rate"] or 0) for row in rows], percent=True
            )
            for dimension, rows in growth.engagement.items()
        },
        best=best,
        worst=worst,
        heatmap=heatmap,
        weekly_published=weekly,
        time_chart=time_chart(growth.allocations),
        income_chart=income_chart,
        income_columns=income_columns,
        income_routes=income_routes,
    )


def channel_growth(creator: User) -> tuple[list[ChannelGrowth], ChannelGrowth | None]:
    """Each channel's growth row, and the all-channels row with its weekly series summed."""
    rows = list(
        ChannelGrowth.objects.for_creator(creator)
        .select_related("channel")
        .order_by(F("channel__name").asc(nulls_first=True), "pk")
    )
    total = next((row for row in rows if row.channel_id is None), None)
    channels = [row for row in rows if row.channel_id is not None]
    if total:
        total.weekly = _total_weekly(channels)
    return channels, total


def follower_chart(channels: list[ChannelGrowth], total: ChannelGrowth | None) -> charts.Chart:
    series = [
        (row.channel.name, [(date.fromisoformat(d), v) for d, v in row.weekly]) for row in channels
    ]
    if total and len(channels) > 1:
        series.append((_("All channels"), [(date.fromisoformat(d), v) for d, v in total.weekly]))
    return charts.line_chart(series)


def engagement_for(creator: User) -> dict[str, list[dict]]:
    """Engagement by channel, layer, format and month (the last CHART_MONTHS), labelled."""
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
    return engagement


def best_and_worst(creator: User) -> tuple[list[ItemPerformance], list[ItemPerformance]]:
    """The best and worst pieces by engagement rate; a piece is never in both lists."""
    ranked = (
        ItemPerformance.objects.for_creator(creator)
        .filter(engagement_rate__isnull=False)
        .select_related("content_item", "channel")
    )
    best = list(ranked.order_by("-engagement_rate", "pk")[:BEST_AND_WORST])
    worst = list(ranked.order_by("engagement_rate", "pk")[:BEST_AND_WORST])
    return best, [item for item in worst if item.pk not in {b.pk for b in best}]


def publishing_heatmap(
    creator: User, today: date
) -> tuple[list[charts.HeatCell], list[tuple[date, int]]]:
    """The last HEATMAP_WEEKS weeks of publishing days, and the pieces of each week."""
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
    return cells, sorted(weekly.items())


def allocations_since(creator: User, since: date) -> list[MonthlyAllocation]:
    return list(
        MonthlyAllocation.objects.for_creator(creator).filter(month__gte=since).order_by("month")
    )


def time_chart(allocations: list[MonthlyAllocation]) -> charts.Chart:
    """Hours per month by activity, stacked."""
    names = [
        str(TimeEntry.Activity.CREATION.label),
        str(TimeEntry.Activity.PROMOTION.label),
        str(TimeEntry.Activity.MONETISATION.label),
        str(TimeEntry.Activity.OTHER.label),
    ]
    chart, _columns = charts.stacked_columns(
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
        names,
    )
    return chart


def income_by_month(
    creator: User, since: date
) -> tuple[charts.Chart, list[charts.StackedColumn], list[str]]:
    """Income per month by route, summed in SQL: the chart, its columns and the route names."""
    rows = (
        IncomeEntry.objects.for_creator(creator)
        .filter(received_on__gte=since)
        .annotate(month=TruncMonth("received_on"))
        .values("month", "route")
        .annotate(amount=Sum("amount"))
        .order_by("month", "route")
    )
    routes = list(IncomeEntry.Route.values)
    by_month: dict[date, list[float]] = {}
    for row in rows:
        by_month.setdefault(row["month"], [0.0] * len(routes))[routes.index(row["route"])] += float(
            row["amount"]
        )
    names = [str(label) for label in IncomeEntry.Route.labels]
    chart, columns = charts.stacked_columns(
        [(_month_label(month), values) for month, values in sorted(by_month.items())], names
    )
    return chart, columns, names


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
