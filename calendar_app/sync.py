"""Incremental sync of a creator's content items, in the manner of Google Calendar's sync tokens.

Database triggers stamp every written row, and every tombstone of a deleted row, with
`change_seq`: on PostgreSQL the id of the writing transaction. Transaction ids are handed out
in start order but commit in any order, so a cursor cannot simply be "the highest id seen".
Instead the cursor is the oldest transaction id still running when the read began
(`pg_snapshot_xmin`): everything older had finished and was visible to the read, and anything
that commits later carries an id at or above the cursor, so the next call returns it. Clients
may see a row twice; they upsert by id.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.db import connection
from django.db.models import QuerySet

from .models import ContentItem, ContentItemTombstone

CURSOR_SALT = "calendar_app.sync.cursor"
CURSOR_MAX_AGE = timedelta(days=30)
# Tombstones outlive the oldest valid cursor by a day, so no valid cursor misses a deletion.
TOMBSTONE_RETENTION = CURSOR_MAX_AGE + timedelta(days=1)


class CursorInvalid(Exception):
    """The cursor was forged, belongs to someone else or is older than 30 days."""


@dataclass(frozen=True)
class SyncState:
    """Where a (possibly paged) sync answer stands."""

    since: int | None  # None: a full sync
    position: int  # the cursor handed out once the last page is read
    after: int = 0  # the last item id already sent, for the next page


def current_position() -> int:
    """The change sequence from which every change not yet visible will be numbered."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
        else:
            # SQLite has one writer at a time, so its triggers keep a plain counter.
            cursor.execute(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM ("
                " SELECT MAX(change_seq) AS seq FROM calendar_app_contentitem"
                " UNION ALL SELECT MAX(change_seq) FROM calendar_app_contentitemtombstone)"
            )
        return int(cursor.fetchone()[0])


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


def make_cursor(creator_id: int, position: int) -> str:
    return _dumps(creator_id, {"p": position})


def read_cursor(creator_id: int, cursor: str) -> int:
    position = _loads(creator_id, cursor).get("p")
    if not isinstance(position, int):
        raise CursorInvalid
    return position


def make_page_token(creator_id: int, state: SyncState) -> str:
    return _dumps(creator_id, {"s": state.since, "p": state.position, "a": state.after})


def read_page_token(creator_id: int, token: str) -> SyncState:
    data = _loads(creator_id, token)
    since, position, after = data.get("s"), data.get("p"), data.get("a")
    if not isinstance(position, int) or not isinstance(after, int):
        raise CursorInvalid
    if since is not None and not isinstance(since, int):
        raise CursorInvalid
    return SyncState(since=since, position=position, after=after)


def start(creator_id: int, cursor: str | None) -> SyncState:
    """A new sync answer: take the position *before* reading anything."""
    since = read_cursor(creator_id, cursor) if cursor else None
    return SyncState(since=since, position=current_position())


def changed_items(creator_id: int, state: SyncState) -> QuerySet[ContentItem]:
    items = ContentItem.objects.filter(creator_id=creator_id, pk__gt=state.after)
    if state.since is not None:
        items = items.filter(change_seq__gte=state.since)
    return items.order_by("pk")


def deleted_ids(creator_id: int, since: int | None) -> list[int]:
    if since is None:
        return []
    return sorted(
        set(
            ContentItemTombstone.objects.filter(
                creator_id=creator_id, change_seq__gte=since
            ).values_list("item_id", flat=True)
        )
    )
