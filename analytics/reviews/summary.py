"""The automatic summary of a review's period.

Published pieces against the target come from the content calendar. Follower
change per channel and the best and worst pieces by engagement come from growth
snapshots, read through the small `GrowthSource` protocol of `analytics.growth.source`
(tests can pass another source).
"""

from dataclasses import asdict
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from analytics.growth.source import (
    GrowthSource,
    PieceEngagement,
    SnapshotGrowthSource,
)


def growth_source() -> GrowthSource:
    """The growth numbers' source: the metric snapshots creators record."""
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
