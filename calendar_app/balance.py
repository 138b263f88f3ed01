"""Pure balance signals for a stretch of the calendar (METHOD.md sections 1.5, 1.6, 2).

No ORM here: callers pass plain values, so each rule is unit-tested on its own.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

LAYERS = ("foundation", "technique", "case_study", "frontier", "methodology")

# Topics rated 4 or 5 on the 1-5 market-demand scale count as "market demand": that is
# the "big demand" half of the method's decision matrix; 3 is undecided, so it lands on
# the interest side, where the creator's own drive has to carry the piece.
MARKET_DEMAND_MIN = 4
MARKET_SHARE_TARGET = 80
# Within ten points of the 80/20 split counts as balanced: a week or a month of a few
# pieces can never hit 80% exactly.
MARKET_SHARE_TOLERANCE = 10


@dataclass(frozen=True)
class LayerShare:
    layer: str
    count: int
    percent: int


def layer_mix(layers: Iterable[str | None]) -> list[LayerShare]:
    """Pieces per content layer, in the method's order, with whole-percent shares."""
    counts = dict.fromkeys(LAYERS, 0)
    for layer in layers:
        if layer in counts:
            counts[layer] += 1
    total = sum(counts.values())
    return [
        LayerShare(layer, count, round(100 * count / total) if total else 0)
        for layer, count in counts.items()
    ]


@dataclass(frozen=True)
class EffortSplit:
    market_hours: Decimal
    interest_hours: Decimal
    market_percent: int | None
    verdict: str  # "balanced", "too_much_interest", "no_room_for_interest" or "no_data"

    @property
    def interest_percent(self) -> int | None:
        return None if self.market_percent is None else 100 - self.market_percent


def effort_split(pieces: Iterable[tuple[int | None, Decimal | None]]) -> EffortSplit:
    """Split effort between market-demand and interest-only topics.

    `pieces` are (topic market demand, effort hours); pieces without a topic are left
    out, and a piece without an effort estimate weighs one hour so it still counts.
    """
    market = interest = Decimal(0)
    for demand, hours in pieces:
        if demand is None:
            continue
        weight = Decimal(hours) if hours is not None else Decimal(1)
        if demand >= MARKET_DEMAND_MIN:
            market += weight
        else:
            interest += weight
    total = market + interest
    if not total:
        return EffortSplit(market, interest, None, "no_data")
    percent = int((100 * market / total).to_integral_value())
    if percent < MARKET_SHARE_TARGET - MARKET_SHARE_TOLERANCE:
        verdict = "too_much_interest"
    elif percent > MARKET_SHARE_TARGET + MARKET_SHARE_TOLERANCE:
        verdict = "no_room_for_interest"
    else:
        verdict = "balanced"
    return EffortSplit(market, interest, percent, verdict)


def weekly_target_met(published: int, target: int) -> bool:
    return published >= target


def _mean(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class DepthTrend:
    recent_count: int
    previous_count: int
    recent_average: float | None
    previous_average: float | None
    warning: bool


def depth_trend(recent: Sequence[int | None], previous: Sequence[int | None]) -> DepthTrend:
    """Warn when output rises while average depth falls ("quality over frequency").

    `recent` and `previous` are the word counts of the pieces published in the last four
    weeks and the four before; pieces without a word count add to output, not to depth.
    """
    recent_words = [w for w in recent if w is not None]
    previous_words = [w for w in previous if w is not None]
    recent_average, previous_average = _mean(recent_words), _mean(previous_words)
    warning = (
        len(recent) > len(previous)
        and recent_average is not None
        and previous_average is not None
        and recent_average < previous_average
    )
    return DepthTrend(len(recent), len(previous), recent_average, previous_average, warning)
