"""Incremental sync of a creator's content items, in the manner of Google Calendar's sync tokens.

Database triggers stamp every written row, and every tombstone of a deleted row, with
`change_seq`: on PostgreSQL the id of the writing transaction. Transaction ids are handed out
in start order but commit in any order, so a cursor cannot be "the highest id seen" (nor a
clock time). The cursor is instead the database snapshot taken just before the read:
`xmax` (ids from here on had not started) and `xip` (ids still running). Every other id below
`xmax` had finished and its rows were visible to the read. The next call returns rows stamped
`>= xmax` or with an id in `xip`, so a change committed during or after a read always comes
next time. A change committed between the snapshot and the read may come twice; clients
upsert by id.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from ..models import ContentItem, ContentItemTombstone, WebhookDelivery

CURSOR_SALT = "calendar_app.sync.cursor"
CURSOR_MAX_AGE = timedelta(days=30)
# Tombstones outlive the oldest valid cursor by a day, so no valid cursor misses a deletion.
TOMBSTONE_RETENTION = CURSOR_MAX_AGE + timedelta(days=1)


class CursorInvalid(Exception):
    """The cursor was forged, belongs to someone else or is older than 30 days."""


@dataclass(frozen=True)
class Position:
    """A snapshot: changes stamped `>= xmax` or with a stamp in `running` were not yet seen."""

    xmax: int
    running: tuple[int, ...] = ()

    def unseen(self) -> Q:
        condition = Q(change_seq__gte=self.xmax)
        return condition | Q(change_seq__in=self.running) if self.running else condition

    def dump(self) -> list:
        return [self.xmax, list(self.running)]

    @classmethod
    def load(cls, value) -> "Position":
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not isinstance(value[0], int)
            or not isinstance(value[1], list)
            or not all(isinstance(xid, int) for xid in value[1])
        ):
            raise CursorInvalid
        return cls(xmax=value[0], running=tuple(value[1]))


@dataclass(frozen=True)
class SyncState:
    """Where a (possibly paged) sync answer stands."""

    since: Position | None  # None: a full sync
    position: Position  # the cursor handed out once the last page is read
    after: int = 0  # the last item id already sent, for the next page


def current_position() -> Position:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_snapshot_xmax(s)::text::bigint,"
                " ARRAY(SELECT x::text::bigint FROM pg_snapshot_xip(s) AS x)"
                " FROM pg_current_snapshot() AS s"
            )
            xmax, running = cursor.fetchone()
            return Position(xmax=int(xmax), running=tuple(sorted(running)))
        # SQLite has one writer at a time, so its triggers keep a plain counter.
        cursor.execute(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM ("
            " SELECT MAX(change_seq) AS seq FROM calendar_app_contentitem"
            " UNION ALL SELECT MAX(change_seq) FROM calendar_app_contentitemtombstone)"
        )
        return Position(xmax=int(cursor.fetchone()[0]))


def _dumps(creator_id: int, payload: dict) -> str:
    return signing.dumps({"u": creator_id, **payload}, salt=CURSOR_SALT, compress=True)


def _loads(creator_id: int, value: str) -> dict:
    try:
        data = signing.loads(value, salt=CURSOR_SALT, max_age=CURSOR_MAX_AGE)
    except (signing.BadSignature, ValueError) as error:  # SignatureExpired is a BadSignature
        raise CursorInvalid from error
    if not isinstance(data, dict) or data.get("u") != creator_id:
        raise CursorInvalid
    return data


def make_cursor(creator_id: int, position: Position) -> str:
    return _dumps(creator_id, {"p": position.dump()})


def read_cursor(creator_id: int, cursor: str) -> Position:
    return Position.load(_loads(creator_id, cursor).get("p"))


def make_page_token(creator_id: int, state: SyncState) -> str:
    since = state.since.dump() if state.since else None
    return _dumps(creator_id, {"s": since, "p": state.position.dump(), "a": state.after})


def read_page_token(creator_id: int, token: str) -> SyncState:
    data = _loads(creator_id, token)
    after = data.get("a")
    if not isinstance(after, int):
        raise CursorInvalid
    since = Position.load(data["s"]) if data.get("s") is not None else None
    return SyncState(since=since, position=Position.load(data.get("p")), after=after)


def start(creator_id: int, cursor: str | None) -> SyncState:
    """A new sync answer: take the position *before* reading anything."""
    since = read_cursor(creator_id, cursor) if cursor else None
    return SyncState(since=since, position=current_position())


def changed_items(creator_id: int, state: SyncState) -> QuerySet[ContentItem]:
    items = ContentItem.objects.filter(creator_id=creator_id, pk__gt=state.after)
    if state.since is not None:
        items = items.filter(state.since.unseen())
    return items.order_by("pk")


def deleted_ids(creator_id: int, since: Position | None) -> list[int]:
    if since is None:
        return []
    tombstones = ContentItemTombstone.objects.filter(since.unseen(), creator_id=creator_id)
    return sorted(set(tombstones.values_list("item_id", flat=True)))


def history_prune() -> int:
    """Drop tombstones no valid sync cursor can still ask for, and old delivery logs."""
    cutoff = timezone.now() - TOMBSTONE_RETENTION
    tombstones, _ = ContentItemTombstone.objects.filter(deleted_at__lt=cutoff).delete()
    deliveries, _ = WebhookDelivery.objects.filter(created_at__lt=cutoff).delete()
    return tombstones + deliveries
