"""The month and week calendar grids, their day entries and the balance panel."""

import calendar
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from itertools import chain, repeat

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, ExtractMonth, TruncDate
from django.utils import timezone

from accounts.models import User
from positioning.models import Topic

from .. import balance
from ..models import ContentItem


@dataclass(slots=True, frozen=True)
class Entry:
    """A content item as calendars and the board show it: one row, no model instance.

    A month page shows hundreds of pieces; reading them as plain rows rather than
    `ContentItem` instances (with their channel and topic) is most of its speed.
    """

    pk: int
    title: str
    status: str
    planned_for: datetime | None
    channel_id: int | None
    channel_platform: str | None
    channel_name: str | None
    series_id: int | None
    topic_layer: str | None
    topic_demand: int | None
    effort_hours: Decimal | None


ENTRY_FIELDS = (
    "pk",
    "title",
    "status",
    "planned_for",
    "channel_id",
    "channel__platform",
    "channel__name",
    "series_id",
    "topic__layer",
    "topic__market_demand",
    "effort_hours",
)


def entries(items: QuerySet[ContentItem]) -> list[Entry]:
    return [Entry(*row) for row in items.values_list(*ENTRY_FIELDS)]


@dataclass
class Day:
    date: date
    in_month: bool
    is_today: bool
    items: list[Entry] = field(default_factory=list)  # the first `TILES_PER_DAY` at most
    total: int = 0  # every piece planned that day

    @property
    def more(self) -> int:
        """Pieces of the day not shown in its cell: "+N more" opens the day."""
        return self.total - len(self.items)


@dataclass
class Week:
    start: date
    days: list[Day]
    published: int = 0
    planned: int = 0
    target_met: bool | None = None


def local_midnight(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _weeks(first: date, last: date, *, month: int | None, today: date) -> list[Week]:
    weeks, start = [], week_start(first)
    while start <= last:
        days = [start + timedelta(days=i) for i in range(7)]
        weeks.append(
            Week(
                start=start,
                days=[Day(d, month is None or d.month == month, d == today) for d in days],
            )
        )
        start += timedelta(days=7)
    return weeks


@dataclass
class CalendarPage:
    creator: User
    weeks: list[Week]
    start: date
    end: date  # exclusive
    total: int  # pieces planned in the weeks shown (each day shows a few of them)
    layer_mix: list[balance.LayerShare]
    effort: balance.EffortSplit
    depth: balance.DepthTrend
    weekly_target: int

    @property
    def default_day(self) -> date:
        """Where quick-add points: today when it is on the page, else the first day shown."""
        days = [day for week in self.weeks for day in week.days]
        for day in days:
            if day.is_today:
                return day.date
        in_month = [day for day in days if day.in_month]
        return (in_month or days)[0].date

    @property
    def layer_total(self) -> int:
        return sum(share.count for share in self.layer_mix)

    @property
    def layer_segments(self) -> list[dict]:
        """The layer mix as bar segments (x offset and width in percent) for the SVG."""
        labels = dict(Topic.Layer.choices)
        segments, x = [], 0
        for share in self.layer_mix:
            segments.append(
                {
                    "layer": share.layer,
                    "label": labels[share.layer],
                    "count": share.count,
                    "percent": share.percent,
                    "x": x,
                }
            )
            x += share.percent
        return segments

    @property
    def weeks_past(self) -> int:
        return sum(1 for week in self.weeks if week.target_met is not None)

    @property
    def weeks_met(self) -> int:
        return sum(1 for week in self.weeks if week.target_met)


# A month cell shows this many tiles and "+N more"; a week column a few more.
MONTH_TILES_PER_DAY = 3
WEEK_TILES_PER_DAY = 8
_CLOSED = (ContentItem.Status.PUBLISHED, ContentItem.Status.ARCHIVED)


def _calendar_items(creator: User, start: date, end: date, zone: tzinfo) -> QuerySet:
    return (
        ContentItem.objects.for_creator(creator)
        .visible()
        .planned_between(local_midnight(start, zone), local_midnight(end, zone))
    )


_MARK_START = datetime(1901, 1, 1, tzinfo=UTC)
_MARK_END = datetime(1902, 1, 1, tzinfo=UTC)


def _first_ids_per_day(creator: User, days: list[date], zone: tzinfo, per_day: int) -> RawSQL:
    """The ids of the first `per_day` pieces of each local day, read by one index range
    scan per day (LATERAL ... LIMIT) rather than by ranking every piece of the month.

    The per-day query is the ORM's own (`_calendar_items` rules: the creator's visible
    pieces), compiled with marker bounds that then name the day's bounds instead."""
    inner = (
        ContentItem.objects.for_creator(creator)
        .visible()
        .planned_between(_MARK_START, _MARK_END)
        .order_by("planned_for", "id")
        .values("id")[:per_day]
    )
    sql, params = inner.query.sql_with_params()
    pieces = re.split(r"(%%|%s)", sql)
    rebuilt, kept, index = [], [], 0
    for piece in pieces:
        if piece != "%s":
            rebuilt.append(piece)
            continue
        value = params[index]
        index += 1
        if value == _MARK_START:
            rebuilt.append("d.starts")
        elif value == _MARK_END:
            rebuilt.append("d.ends")
        else:
            rebuilt.append("%s")
            kept.append(value)
    if index != len(params) or len(kept) != len(params) - 2:
        raise RuntimeError(f"Unexpected parameters in the per-day query: {params!r}")
    starts = [local_midnight(day, zone) for day in days]
    ends = [local_midnight(day + timedelta(days=1), zone) for day in days]
    # The ORM's own compiled query around one day's bounds; every value is a parameter.
    lateral = (
        "SELECT i.id FROM unnest(%s::timestamptz[], %s::timestamptz[]) AS d(starts, ends)"  # noqa: S608
        f" CROSS JOIN LATERAL ({''.join(rebuilt)}) AS i"
    )
    return RawSQL(  # noqa: S611
        lateral,
        (starts, ends, *kept),
    )


def _first_of_each_day(
    creator: User, start: date, end: date, zone: tzinfo, per_day: int
) -> tuple[list[Entry], dict[date, tuple[int, int]]]:
    """The first `per_day` pieces of each local day, and each day's exact counts (every
    piece, and those still open): two queries, neither of which reads more rows than the
    page shows except to count them."""
    days = [start + timedelta(days=n) for n in range((end - start).days)]
    first = entries(
        ContentItem.objects.filter(
            pk__in=_first_ids_per_day(creator, days, zone, per_day)
        ).order_by("planned_for", "id")
    )
    counts = (
        _calendar_items(creator, start, end, zone)
        .annotate(local_day=TruncDate("planned_for", tzinfo=zone))
        .values("local_day")
        .annotate(total=Count("id"), open=Count("id", filter=~Q(status__in=_CLOSED)))
        .order_by()
        .values_list("local_day", "total", "open")
    )
    return first, {day: (total, still_open) for day, total, still_open in counts}


def _balance_counts(creator: User, start: date, end: date, zone: tzinfo, month: int | None):
    """Layer mix and effort split over the pieces in scope, grouped in SQL (not per piece)."""
    items = _calendar_items(creator, start, end, zone).exclude(status=ContentItem.Status.ARCHIVED)
    if month is not None:
        items = items.annotate(local_month=ExtractMonth("planned_for", tzinfo=zone)).filter(
            local_month=month
        )
    groups = list(
        items.values_list("topic__layer", "topic__market_demand")
        .annotate(
            pieces=Count("id"),
            hours=Sum(Coalesce("effort_hours", Value(Decimal(1)), output_field=DecimalField())),
        )
        .order_by()
    )
    layers = chain.from_iterable(repeat(layer, pieces) for layer, _d, pieces, _h in groups)
    return (
        balance.layer_mix(layers),
        balance.effort_split((demand, hours) for _l, demand, _p, hours in groups),
    )


def calendar_page(
    creator: User, first: date, last: date, *, month: int | None, per_day: int
) -> CalendarPage:
    """The weeks covering `first`..`last` in the creator's zone, each day with its first
    `per_day` pieces and exact counts, and the balance panel: a fixed number of queries and a
    bounded page however many pieces the days hold."""
    zone = creator.tzinfo
    today = creator.local_today()
    weeks = _weeks(first, last, month=month, today=today)
    start, end = weeks[0].start, weeks[-1].start + timedelta(days=7)
    days = {day.date: day for week in weeks for day in week.days}
    first, counts = _first_of_each_day(creator, start, end, zone, per_day)
    for entry in first:
        days[timezone.localtime(entry.planned_for, zone).date()].items.append(entry)
    open_per_day: dict[date, int] = {}
    for local_day, (total, still_open) in counts.items():
        days[local_day].total = total
        open_per_day[local_day] = still_open
    published = _published_per_week(creator, start, end, zone)
    for week in weeks:
        week.published = published.get(week.start, 0)
        week.planned = sum(open_per_day.get(day.date, 0) for day in week.days)
        if week.start + timedelta(days=7) <= today:
            week.target_met = balance.weekly_target_met(week.published, creator.weekly_target)
    layer_mix, effort = _balance_counts(creator, start, end, zone, month)
    return CalendarPage(
        creator=creator,
        weeks=weeks,
        start=start,
        end=end,
        total=sum(day.total for day in days.values()),
        layer_mix=layer_mix,
        effort=effort,
        depth=depth_trend(creator),
        weekly_target=creator.weekly_target,
    )


def day_entries(creator: User, day: date) -> list[Entry]:
    """Every piece planned on the creator's local `day`, in the calendar's order."""
    zone = creator.tzinfo
    return entries(
        _calendar_items(creator, day, day + timedelta(days=1), zone).order_by("planned_for", "id")
    )


def _published_per_week(creator: User, start: date, end: date, zone: tzinfo) -> dict[date, int]:
    """Pieces published per local week, counted in SQL per local day (at most 42 rows)."""
    counts: dict[date, int] = defaultdict(int)
    per_day = (
        ContentItem.objects.for_creator(creator)
        .filter(
            published_at__gte=local_midnight(start, zone),
            published_at__lt=local_midnight(end, zone),
        )
        .annotate(local_day=TruncDate("published_at", tzinfo=zone))
        .values("local_day")
        .annotate(n=Count("id"))
        .values_list("local_day", "n")
    )
    for day, n in per_day:
        counts[week_start(day)] += n
    return counts


def month_page(creator: User, year: int, month: int) -> CalendarPage:
    last = calendar.monthrange(year, month)[1]
    return calendar_page(
        creator,
        date(year, month, 1),
        date(year, month, last),
        month=month,
        per_day=MONTH_TILES_PER_DAY,
    )


def week_page(creator: User, monday: date) -> CalendarPage:
    return calendar_page(
        creator, monday, monday + timedelta(days=6), month=None, per_day=WEEK_TILES_PER_DAY
    )


def depth_trend(creator: User) -> balance.DepthTrend:
    """Published output and average word count: the last four weeks against the four before."""
    now = timezone.now()
    split = now - timedelta(weeks=4)
    rows = (
        ContentItem.objects.for_creator(creator)
        .filter(published_at__gte=now - timedelta(weeks=8), published_at__lte=now)
        .values_list("published_at", "word_count")
    )
    recent = [words for moment, words in rows if moment >= split]
    previous = [words for moment, words in rows if moment < split]
    return balance.depth_trend(recent, previous)
