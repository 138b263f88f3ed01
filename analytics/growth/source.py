"""Follower and engagement numbers of a period, as review summaries read them.

The dataclasses and the `GrowthSource` protocol are the contract; `SnapshotGrowthSource`
reads them from the metric snapshots (tests can pass another source).
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.db import connection

from analytics.models import MetricSnapshot
from calendar_app.models import Channel, ContentItem


@dataclass(frozen=True)
class FollowerChange:
    channel_id: int
    channel_name: str
    followers_start: int | None
    followers_end: int | None

    @property
    def change(self) -> int | None:
        if self.followers_start is None or self.followers_end is None:
            return None
        return self.followers_end - self.followers_start


@dataclass(frozen=True)
class PieceEngagement:
    content_item_id: int
    title: str
    views: int
    likes: int = 0
    comments: int = 0
    shares: int = 0
    saves: int = 0

    @property
    def engagements(self) -> int:
        return self.likes + self.comments + self.shares + self.saves

    @property
    def engagement_rate(self) -> float | None:
        """(likes + comments + shares + saves) / views, METHOD.md section 4."""
        return self.engagements / self.views if self.views else None


class GrowthSource(Protocol):
    """Where follower and engagement numbers for a period come from.

    `prefetch` may load many periods at once; the other two answer one period.

    Each method returns None when no numbers are recorded for the period, else a list.
    `ends_at` is exclusive.
    """

    def prefetch(self, windows: list[tuple[int, datetime, datetime]]) -> None: ...

    def follower_changes(
        self, *, creator_id: int, starts_at: datetime, ends_at: datetime
    ) -> list[FollowerChange] | None: ...

    def piece_engagement(
        self, *, creator_id: int, starts_at: datetime, ends_at: datetime
    ) -> list[PieceEngagement] | None: ...


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
