"""Reads for content planning, always scoped to the creator or to a reader allowed in."""

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from itertools import chain, repeat

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum, Value, Window
from django.db.models.functions import Coalesce, ExtractMonth, RowNumber, TruncDate
from django.http import Http404
from django.utils import timezone

from accounts import hierarchy
from accounts.models import User
from accounts.selectors import readable_creator_ids
from positioning.models import Topic

from . import balance
from .models import Channel, ContentItem, PlanPhase, Series

MAX_TREE_DEPTH = hierarchy.MAX_DEPTH


def items_for(creator: User) -> QuerySet[ContentItem]:
    return ContentItem.objects.for_creator(creator).with_relations()


def get_item_for_owner(user: User, pk: int) -> ContentItem:
    item = ContentItem.objects.for_creator(user).select_related("creator").filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def get_item_for_reader(user: User, pk: int) -> ContentItem:
    """The item if `user` owns it or coaches its creator, else 404."""
    item = (
        ContentItem.objects.filter(creator_id__in=readable_creator_ids(user), pk=pk)
        .select_related("creator", "channel", "topic", "series", "repurposed_from")
        .first()
    )
    if item is None:
        raise Http404
    return item


def channels_for(creator: User) -> QuerySet[Channel]:
    return Channel.objects.for_creator(creator)


def get_channel_for(user: User, pk: int) -> Channel:
    channel = channels_for(user).filter(pk=pk).first()
    if channel is None:
        raise Http404
    return channel


def topics_for(creator: User) -> QuerySet[Topic]:
    return Topic.objects.for_creator(creator)


def series_for(creator: User) -> QuerySet[Series]:
    return Series.objects.for_creator(creator).select_related("channel", "topic")


def get_series_for(user: User, pk: int) -> Series:
    series = series_for(user).select_related("creator").filter(pk=pk).first()
    if series is None:
        raise Http404
    return series


def phases_for(creator: User) -> QuerySet[PlanPhase]:
    return PlanPhase.objects.for_creator(creator)


def get_phase_for(user: User, pk: int) -> PlanPhase:
    phase = phases_for(user).filter(pk=pk).first()
    if phase is None:
        raise Http404
    return phase


# Calendar grids


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


def _local_midnight(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _weeks(first: date, last: date, *, month: int | None, zone: tzinfo) -> list[Week]:
    today = timezone.localtime(timezone.now(), zone).date()
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
        .planned_between(_local_midnight(start, zone), _local_midnight(end, zone))
    )


def _first_of_each_day(
    creator: User, start: date, end: date, zone: tzinfo, per_day: int
) -> list[tuple[Entry, date, int, int]]:
    """The first `per_day` pieces of each local day, each with its day and the day's exact
    counts (every piece, and those still open): one query whatever the day holds."""
    local_day = TruncDate("planned_for", tzinfo=zone)
    rows = (
        _calendar_items(creator, start, end, zone)
        .annotate(
            local_day=local_day,
            rank=Window(
                RowNumber(), partition_by=[local_day], order_by=[F("planned_for"), F("id")]
            ),
            day_total=Window(Count("id"), partition_by=[local_day]),
            day_open=Window(Count("id", filter=~Q(status__in=_CLOSED)), partition_by=[local_day]),
        )
        .filter(rank__lte=per_day)
        .order_by("planned_for", "id")
        .values_list(*ENTRY_FIELDS, "local_day", "day_total", "day_open")
    )
    width = len(ENTRY_FIELDS)
    return [(Entry(*row[:width]), *row[width:]) for row in rows]


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
    weeks = _weeks(first, last, month=month, zone=zone)
    start, end = weeks[0].start, weeks[-1].start + timedelta(days=7)
    days = {day.date: day for week in weeks for day in week.days}
    open_per_day: dict[date, int] = {}
    for entry, local_day, day_total, day_open in _first_of_each_day(
        creator, start, end, zone, per_day
    ):
        day = days[local_day]
        day.items.append(entry)
        day.total = day_total
        open_per_day[local_day] = day_open
    published = _published_per_week(creator, start, end, zone)
    today = timezone.localtime(timezone.now(), zone).date()
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
            published_at__gte=_local_midnight(start, zone),
            published_at__lt=_local_midnight(end, zone),
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


# Board, backlog and list

BOARD_STATUSES = [s for s in ContentItem.Status if s != ContentItem.Status.ARCHIVED]


BOARD_COLUMN_LIMIT = 50
DONE_STATUSES = (ContentItem.Status.PUBLISHED, ContentItem.Status.ARCHIVED)


@dataclass
class BoardColumn:
    status: str
    label: str
    items: list[Entry]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)


def board(creator: User, *, include_archived: bool = False) -> list[BoardColumn]:
    """The pipeline's columns, each with its first `BOARD_COLUMN_LIMIT` cards and its total.

    Pieces in progress come soonest first; published and archived ones latest first. Two
    queries whatever the number of pieces: a window numbers and counts each column's rows.
    """
    statuses = list(ContentItem.Status) if include_archived else BOARD_STATUSES
    wanted = [s.value for s in statuses]
    visible = ContentItem.objects.for_creator(creator).visible().without_later_occurrences()
    soonest = (F("planned_for").asc(nulls_last=True), F("created_at").desc(), F("id").asc())
    latest = (F("planned_for").desc(nulls_last=True), F("created_at").desc(), F("id").desc())
    columns: dict[str, list[Entry]] = {value: [] for value in wanted}
    totals: dict[str, int] = dict.fromkeys(wanted, 0)
    for in_done, order in ((False, soonest), (True, latest)):
        chosen = [value for value in wanted if (value in DONE_STATUSES) == in_done]
        if not chosen:
            continue
        rows = (
            visible.filter(status__in=chosen)
            .annotate(
                place=Window(RowNumber(), partition_by=F("status"), order_by=order),
                column_total=Window(Count("id"), partition_by=F("status")),
            )
            .filter(place__lte=BOARD_COLUMN_LIMIT)
            .order_by("status", "place")
            .values_list(*ENTRY_FIELDS, "column_total")
        )
        for *fields, total in rows:
            entry = Entry(*fields)
            columns[entry.status].append(entry)
            totals[entry.status] = total
    return [BoardColumn(s.value, s.label, columns[s.value], totals[s.value]) for s in statuses]


def backlog(creator: User) -> QuerySet[ContentItem]:
    return (
        items_for(creator)
        .visible()
        .without_later_occurrences()
        .filter(status=ContentItem.Status.IDEA)
        .order_by("-created_at", "-id")
    )


def search_items(
    creator: User,
    *,
    q: str = "",
    status: str = "",
    channel: int | None = None,
    topic: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[ContentItem]:
    """Filter and search the creator's items; `q` matches any part of the title or notes,
    so Chinese text (no word boundaries) matches as well as English."""
    items = items_for(creator).visible()
    if q:
        items = items.filter(Q(title__icontains=q) | Q(notes__icontains=q))
    if status:
        items = items.filter(status=status)
    if channel:
        items = items.filter(channel_id=channel)
    if topic:
        items = items.filter(topic_id=topic)
    zone = creator.tzinfo
    if start:
        items = items.filter(planned_for__gte=_local_midnight(start, zone))
    if end and end < date.max:
        items = items.filter(planned_for__lt=_local_midnight(end + timedelta(days=1), zone))
    elif end:  # the last representable day: no day after it to stop before
        items = items.filter(planned_for__isnull=False)
    return items.order_by("-planned_for", "-id")


def items_this_week(creator: User) -> list[ContentItem]:
    zone = creator.tzinfo
    monday = week_start(timezone.localtime(timezone.now(), zone).date())
    return list(
        items_for(creator)
        .visible()
        .planned_between(
            _local_midnight(monday, zone), _local_midnight(monday + timedelta(days=7), zone)
        )
        .order_by("planned_for", "id")
    )


# Repurposing tree


@dataclass
class TreeNode:
    item: ContentItem
    children: list["TreeNode"] = field(default_factory=list)


def repurposing_tree(item: ContentItem) -> TreeNode:
    """The whole family of `item`: up to its original, then down level by level."""
    root = item
    for _ in range(MAX_TREE_DEPTH):
        if root.repurposed_from_id is None:
            break
        parent = (
            ContentItem.objects.filter(creator_id=item.creator_id, pk=root.repurposed_from_id)
            .select_related("channel")
            .first()
        )
        if parent is None:
            break
        root = parent
    top = TreeNode(root)
    level = {root.pk: top}
    seen = {root.pk}
    for _ in range(MAX_TREE_DEPTH):
        children = (
            ContentItem.objects.filter(creator_id=item.creator_id, repurposed_from_id__in=level)
            .exclude(pk__in=seen)
            .select_related("channel")
            .order_by("created_at", "id")
        )
        next_level = {}
        for child in children:
            node = TreeNode(child)
            level[child.repurposed_from_id].children.append(node)
            next_level[child.pk] = node
            seen.add(child.pk)
        if not next_level:
            break
        level = next_level
    return top
