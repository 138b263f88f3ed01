"""The automatic summary of a review's period.

Published pieces against the target come from the content calendar. Follower
change per channel and the best and worst pieces by engagement come from growth
snapshots, read through the small `GrowthSource` protocol below (tests can pass
another source).
"""

from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol


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


def growth_source() -> GrowthSource:
    """The growth numbers' source: the metric snapshots creators record."""
    from analytics.growth.selectors import SnapshotGrowthSource

    return SnapshotGrowthSource()


def period_target(weekly_target: int, start: date, end: date) -> int:
    """The publishing target for a period: the weekly target pro rata, rounded half-up."""
    days = (end - start).days + 1
    return int((Decimal(weekly_target * days) / Decimal(7)).quantize(0, rounding=ROUND_HALF_UP))


def _piece(piece: PieceEngagement) -> dict:
    rate = piece.engagement_rate
    return {
        **asdict(piece),
        "engagements": piece.engagements,
        "engagement_rate": round(rate, 4) if rate is not None else None,
    }


def growth_sections(
    *,
    creator_id: int,
    starts_at: datetime,
    ends_at: datetime,
    source: GrowthSource,
    best_n: int = 3,
) -> dict:
    """Follower change per channel and best/worst pieces by engagement for the period."""
    followers = source.follower_changes(creator_id=creator_id, starts_at=starts_at, ends_at=ends_at)
    pieces = source.piece_engagement(creator_id=creator_id, starts_at=starts_at, ends_at=ends_at)
    follower_section: dict = {
        "available": followers is not None,
        "channels": [],
        "total_change": None,
    }
    if followers is not None:
        follower_section["channels"] = [
            {**asdict(change), "change": change.change} for change in followers
        ]
        known = [change.change for change in followers if change.change is not None]
        follower_section["total_change"] = sum(known) if known else None
    piece_section: dict = {"available": pieces is not None, "best": [], "worst": []}
    if pieces is not None:
        rated = sorted(
            (piece for piece in pieces if piece.engagement_rate is not None),
            key=lambda piece: (piece.engagement_rate, piece.engagements, -piece.content_item_id),
            reverse=True,
        )
        best = rated[:best_n]
        worst = [piece for piece in reversed(rated) if piece not in best][:best_n]
        piece_section["best"] = [_piece(piece) for piece in best]
        piece_section["worst"] = [_piece(piece) for piece in worst]
    return {"followers": follower_section, "pieces": piece_section}


def build_summary(
    *,
    creator_id: int,
    period_start: date,
    period_end: date,
    starts_at: datetime,
    ends_at: datetime,
    published: int,
    weekly_target: int,
    source: GrowthSource,
) -> dict:
    target = period_target(weekly_target, period_start, period_end)
    return {
        "published": {
            "count": published,
            "target": target,
            "weekly_target": weekly_target,
            "met": published >= target,
        },
        **growth_sections(
            creator_id=creator_id, starts_at=starts_at, ends_at=ends_at, source=source
        ),
    }
