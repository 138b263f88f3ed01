"""The formulas and classifications of METHOD.md section 1, as pure functions.

No ORM here: models, serializers and templates call these, and the tests check
them against every worked example of the method.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ONE_DECIMAL = Decimal("0.1")

CORE = "core"
POTENTIAL = "potential"
SECONDARY = "secondary"
NONE = "none"
INTERSECTIONS = (CORE, POTENTIAL, SECONDARY, NONE)

RELIABLE_INTEREST_YEARS = Decimal(3)


def _check(name: str, value: int, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be an integer from {low} to {high}, got {value!r}")


def _mean(values: Sequence[int]) -> Decimal:
    return Decimal(sum(values)) / Decimal(len(values))


def round_half_up(value: Decimal, places: Decimal = Decimal(1)) -> Decimal:
    return value.quantize(places, rounding=ROUND_HALF_UP)


# 1.2 Interest assessment


def interest_composite(learning: int, practice: int, sharing: int) -> Decimal:
    """Mean of the three 1-10 scores, rounded half-up to one decimal: (8,8,7) -> 7.7."""
    for name, value in (("learning", learning), ("practice", practice), ("sharing", sharing)):
        _check(name, value, 1, 10)
    return round_half_up(_mean([learning, practice, sharing]), ONE_DECIMAL)


def interest_is_reliable(duration_years: Decimal | int | float) -> bool:
    """An interest that has lasted three years or more is "reliable"."""
    return Decimal(str(duration_years)) >= RELIABLE_INTEREST_YEARS


@dataclass(frozen=True)
class Question:
    key: str
    group: str


AUTHENTICITY_GROUPS = ("time", "persistence", "depth", "sharing")
AUTHENTICITY_QUESTIONS = (
    Question("studied_outside_work", "time"),
    Question("weekends", "time"),
    Question("excited_by_hard_problems", "time"),
    Question("lasted_long", "persistence"),
    Question("kept_on_through_a_low", "persistence"),
    Question("self_driven_practice", "persistence"),
    Question("follows_the_frontier", "depth"),
    Question("reads_papers_and_blogs", "depth"),
    Question("open_source_or_community", "depth"),
    Question("likes_explaining", "sharing"),
    Question("wants_to_write_it_too", "sharing"),
    Question("presented_to_a_team", "sharing"),
)
AUTHENTICITY_KEYS = tuple(q.key for q in AUTHENTICITY_QUESTIONS)

GENUINE = "genuine"
PARTLY_GENUINE = "partly_genuine"
SUPERFICIAL = "superficial"
UNANSWERED = "unanswered"


@dataclass(frozen=True)
class AuthenticityResult:
    """Per group the "yes" answers out of three; a group holds with two or more."""

    groups: dict[str, int]
    answered: int
    verdict: str

    @property
    def groups_passed(self) -> int:
        return sum(1 for yes in self.groups.values() if yes >= 2)


def authenticity_result(answers: Mapping[str, bool | None]) -> AuthenticityResult:
    """Score the four-group questionnaire.

    The method lists the questions without a cut-off; Sweetspot calls an interest
    genuine when all four groups hold (2+ yes of 3), partly genuine when two or three
    do, superficial otherwise, and unanswered until a question is answered.
    """
    unknown = set(answers) - set(AUTHENTICITY_KEYS)
    if unknown:
        raise ValueError(f"unknown questions: {sorted(unknown)}")
    groups = dict.fromkeys(AUTHENTICITY_GROUPS, 0)
    answered = 0
    for question in AUTHENTICITY_QUESTIONS:
        answer = answers.get(question.key)
        if answer is None:
            continue
        answered += 1
        if answer:
            groups[question.group] += 1
    passed = sum(1 for yes in groups.values() if yes >= 2)
    if answered == 0:
        verdict = UNANSWERED
    elif passed == len(AUTHENTICITY_GROUPS):
        verdict = GENUINE
    elif passed >= 2:
        verdict = PARTLY_GENUINE
    else:
        verdict = SUPERFICIAL
    return AuthenticityResult(groups=groups, answered=answered, verdict=verdict)


# 1.3 Intersection (Venn) analysis


def intersection(ability: int, passion: int) -> str:
    """core: both >= 4; potential: lower is 3 and passion >= 4; secondary: lower is 3 and
    passion <= 3; none: either <= 2."""
    _check("ability", ability, 1, 5)
    _check("passion", passion, 1, 5)
    lower = min(ability, passion)
    if lower >= 4:
        return CORE
    if lower <= 2:
        return NONE
    return POTENTIAL if passion >= 4 else SECONDARY


# 1.4 Market validation


@dataclass(frozen=True)
class FunnelStep:
    label: str
    percent: Decimal | None
    estimate: int


def audience_funnel(base: int, filters: Iterable[tuple[str, Decimal | int | str]]) -> list:
    """The estimate after each percentage filter, starting from the base population.

    1,000,000 x 10% = 100,000 x 20% = 20,000. Each estimate is rounded half-up to a
    whole person from the exact product, so rounding never compounds.
    """
    if isinstance(base, bool) or not isinstance(base, int) or base < 0:
        raise ValueError("base must be a non-negative integer")
    steps = [FunnelStep(label="", percent=None, estimate=base)]
    exact = Decimal(base)
    for label, percent in filters:
        percent = Decimal(str(percent))
        if not Decimal(0) <= percent <= Decimal(100):
            raise ValueError("percent must be from 0 to 100")
        exact = exact * percent / Decimal(100)
        steps.append(FunnelStep(label=label, percent=percent, estimate=int(round_half_up(exact))))
    return steps


OPPORTUNITY_RATINGS = (
    "market_size",
    "competition",
    "content_gap",
    "commercial_value",
    "long_term_trend",
)


def opportunity_score(
    *,
    market_size: int,
    competition: int,
    content_gap: int,
    commercial_value: int,
    long_term_trend: int,
) -> Decimal:
    """Mean of the five 1-5 ratings, competition inverted (6 - competition) as in the
    recommendation formula, rounded half-up to one decimal: (4,3,4,4,5) -> 4.0."""
    ratings = {
        "market_size": market_size,
        "competition": competition,
        "content_gap": content_gap,
        "commercial_value": commercial_value,
        "long_term_trend": long_term_trend,
    }
    for name, value in ratings.items():
        _check(name, value, 1, 5)
    values = [market_size, 6 - competition, content_gap, commercial_value, long_term_trend]
    return round_half_up(_mean(values), ONE_DECIMAL)


# 1.5 Differentiated positioning


def recommendation(
    professional_match: int, interest_match: int, market_demand: int, competition: int
) -> int:
    """Stars 1-5: round half-up of mean(professional, interest, demand, 6 - competition)."""
    for name, value in (
        ("professional_match", professional_match),
        ("interest_match", interest_match),
        ("market_demand", market_demand),
        ("competition", competition),
    ):
        _check(name, value, 1, 5)
    values = [professional_match, interest_match, market_demand, 6 - competition]
    return int(round_half_up(_mean(values)))


BEST = "best"
PERSONAL_PROJECT = "personal_project"
WORTH_TRYING = "worth_trying"
CAREFUL = "careful"
AVOID = "avoid"
DECISION_STARS = {BEST: 5, WORTH_TRYING: 4, PERSONAL_PROJECT: 3, CAREFUL: 2, AVOID: 1}
STRONG = 4  # "strong" ability, "high" interest and "big" demand: 4 or 5 of 5


def decision_cell(professional_match: int, interest_match: int, market_demand: int) -> str:
    """The decision-matrix cell: ability strong AND interest high -> best (big demand) or
    personal project (small); only one of them -> worth trying (big) or careful (small).
    Neither is outside the matrix: avoid (1 star)."""
    _check("professional_match", professional_match, 1, 5)
    _check("interest_match", interest_match, 1, 5)
    _check("market_demand", market_demand, 1, 5)
    strong = [professional_match >= STRONG, interest_match >= STRONG]
    big = market_demand >= STRONG
    if all(strong):
        return BEST if big else PERSONAL_PROJECT
    if any(strong):
        return WORTH_TRYING if big else CAREFUL
    return AVOID


# 1.6 Opinion-leader self-assessment

OPINION_LEADER_DIMENSIONS = (
    "technical_expertise",
    "industry_insight",
    "cross_domain",
    "leadership",
    "influence",
)


def opinion_leader_average(scores: Mapping[str, int]) -> Decimal:
    """Mean of the five 1-10 self-assessment scores, rounded half-up to one decimal."""
    values = []
    for name in OPINION_LEADER_DIMENSIONS:
        _check(name, scores[name], 1, 10)
        values.append(scores[name])
    return round_half_up(_mean(values), ONE_DECIMAL)


# Seed 002: an account as a product, value = demand x commercial x traffic


def account_value(demand: int | None, commercial: int | None, traffic: int | None) -> int | None:
    """The product of the three 1-5 ratings (1-125), or None until all three are rated."""
    if demand is None or commercial is None or traffic is None:
        return None
    for name, value in (("demand", demand), ("commercial", commercial), ("traffic", traffic)):
        _check(name, value, 1, 5)
    return demand * commercial * traffic
