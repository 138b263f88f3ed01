"""Pure growth formulas of METHOD.md section 4, no ORM.

The SQL in `analytics.growth.jobs` computes the same quantities set-wise; the tests hold
the two to each other and to METHOD.md's worked examples.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta


def engagement_rate(
    *, views: int | None, likes: int = 0, comments: int = 0, shares: int = 0, saves: int = 0
) -> float | None:
    """(likes + comments + shares + saves) / views; None when nothing was viewed."""
    if not views:
        return None
    return ((likes or 0) + (comments or 0) + (shares or 0) + (saves or 0)) / views


def growth_rate(current: int | None, previous: int | None) -> float | None:
    """Relative change from `previous` to `current`; None when there is no base to compare."""
    if current is None or not previous:
        return None
    return (current - previous) / previous


def forecast_date(
    *, current: float, target: float, rate_per_day: float, today: date
) -> date | None:
    """The day `target` is reached at `rate_per_day`; today if reached; None if never."""
    if current >= target:
        return today
    if rate_per_day <= 0:
        return None
    return today + timedelta(days=math.ceil((target - current) / rate_per_day))


@dataclass(frozen=True)
class AllocationGains:
    capability: float
    brand: float
    reach: float


def time_allocation_gains(
    *, total: float, creation: float, promotion: float, monetisation: float, k: tuple
) -> AllocationGains | None:
    """Monthly gains (t1/T)k1, (t2/T)k2, (t3/T)k3 (seed 004); None without hours."""
    if not total:
        return None
    k1, k2, k3 = (float(value) for value in k)
    return AllocationGains(
        capability=creation / total * k1,
        brand=promotion / total * k2,
        reach=monetisation / total * k3,
    )


def logistic(x: float, k: float = 1.0) -> float:
    """1 / (1 + e^(-k x)), written to stay finite for any x."""
    z = float(k) * float(x)
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


IP_FACTORS = ("technical", "quality", "interaction", "exposure", "frequency", "monetisation")


@dataclass(frozen=True)
class PersonalIPIndex:
    factors: dict[str, float]
    value: float


def personal_ip_index(
    *, measured: dict[str, float], k: dict[str, float], k6: float
) -> PersonalIPIndex:
    """Each factor squashed by a logistic of its measured value, then
    V = 1 / (1 + e^(-k6 T Q I E F M)) (seed 001)."""
    factors = {name: logistic(measured[name], k[name]) for name in IP_FACTORS}
    product = math.prod(factors.values())
    return PersonalIPIndex(factors=factors, value=logistic(product, k6))


def technical_measure(mean_topic_ability: float | None) -> float:
    """T's measured value: the mean ability (1-5) of the creator's topics minus 3."""
    return float(mean_topic_ability) - 3.0 if mean_topic_ability is not None else 0.0


def ip_measurements(
    *,
    mean_topic_ability: float | None,
    views: int,
    likes: int,
    comments: int,
    shares: int,
    saves: int,
    followers: int,
    published_per_week: float,
    weekly_target: int,
    income_90_days: float,
) -> dict[str, float]:
    """The measured value behind each personal-IP factor, each centred so that 0 is typical.

    T: mean ability (1-5) of the creator's topics minus 3.
    Q: saves + shares per 100 views minus 1 (readers keep and pass on what is good).
    I: likes + comments per 100 views minus 4.
    E: log10(followers + 1) minus 3 (a thousand followers is neutral).
    F: pieces published per week (last 12 weeks) minus the weekly target.
    M: log10(income of the last 90 days + 1) minus 3.
    """
    per_100 = 100.0 / views if views else 0.0
    return {
        "technical": technical_measure(mean_topic_ability),
        "quality": ((saves + shares) * per_100 - 1.0) if views else 0.0,
        "interaction": ((likes + comments) * per_100 - 4.0) if views else 0.0,
        "exposure": math.log10(followers + 1) - 3.0,
        "frequency": published_per_week - weekly_target,
        "monetisation": math.log10(float(income_90_days) + 1) - 3.0,
    }
