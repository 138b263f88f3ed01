"""The board, the backlog, the item list's search, this week's items and the
repurposing tree."""

from dataclasses import dataclass, field
from datetime import timedelta

from django import forms
from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import QueryDict

from accounts import hierarchy
from accounts.models import User

from ..filters import ContentItemFilter
from ..models import ContentItem
from .grids import ENTRY_FIELDS, Entry, local_midnight, week_start
from .lookups import channels_for, items_for, topics_for

MAX_TREE_DEPTH = hierarchy.MAX_DEPTH

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


def search_items(creator: User, query: QueryDict) -> tuple[forms.Form, QuerySet[ContentItem]]:
    """The creator's items through the API's filters (`ContentItemFilter`), newest first, and
    the bound form. Empty fields of the page's form mean "any"; bad input is a form error and
    filters nothing."""
    data = QueryDict(mutable=True)
    for name in ContentItemFilter.base_filters:
        values = [value for value in query.getlist(name) if value != ""]
        if values:
            data.setlist(name, values)
    items = items_for(creator).visible().order_by("-planned_for", "-id")
    filters = ContentItemFilter(data, queryset=items, creator=creator)
    filters.form.fields["channel"].queryset = channels_for(creator)
    filters.form.fields["topic"].queryset = topics_for(creator)
    return filters.form, filters.qs if filters.is_valid() else items


def items_this_week(creator: User) -> list[ContentItem]:
    zone = creator.tzinfo
    monday = week_start(creator.local_today())
    return list(
        items_for(creator)
        .visible()
        .planned_between(
            local_midnight(monday, zone), local_midnight(monday + timedelta(days=7), zone)
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
