"""METHOD.md section 1: every worked example and the boundaries."""

from decimal import Decimal

import pytest

from positioning import scoring


@pytest.mark.parametrize(
    ("scores", "composite"),
    [
        ((9, 10, 8), "9.0"),
        ((8, 8, 7), "7.7"),
        ((7, 6, 6), "6.3"),
        ((8, 9, 7), "8.0"),
        ((1, 1, 1), "1.0"),
        ((10, 10, 10), "10.0"),
        ((1, 1, 2), "1.3"),
        ((1, 2, 2), "1.7"),
    ],
)
def test_interest_composite_is_the_mean_rounded_half_up_to_one_decimal(scores, composite):
    assert scoring.interest_composite(*scores) == Decimal(composite)
    assert str(scoring.interest_composite(*scores)) == composite


def test_interest_composite_rounds_a_half_up_not_to_even():
    # 0.05 cases cannot come from thirds, so check the rounding helper itself.
    assert scoring.round_half_up(Decimal("6.25"), scoring.ONE_DECIMAL) == Decimal("6.3")
    assert scoring.round_half_up(Decimal("2.5")) == Decimal(3)
    assert scoring.round_half_up(Decimal("3.5")) == Decimal(4)


@pytest.mark.parametrize("bad", [0, 11, -1, True, 7.5, None])
def test_interest_composite_refuses_scores_outside_1_to_10(bad):
    with pytest.raises(ValueError, match="learning"):
        scoring.interest_composite(bad, 5, 5)


@pytest.mark.parametrize(
    ("years", "reliable"), [(0, False), (Decimal("2.9"), False), (3, True), (Decimal("3.5"), True)]
)
def test_an_interest_of_three_years_or_more_is_reliable(years, reliable):
    assert scoring.interest_is_reliable(years) is reliable


@pytest.mark.parametrize(
    ("ability", "passion", "expected"),
    [
        (4, 5, "core"),
        (4, 4, "core"),
        (3, 4, "potential"),
        (4, 3, "secondary"),
        (5, 4, "core"),
        (2, 3, "none"),
        # boundaries
        (5, 5, "core"),
        (3, 3, "secondary"),
        (3, 5, "potential"),
        (5, 3, "secondary"),
        (2, 5, "none"),
        (5, 2, "none"),
        (1, 1, "none"),
    ],
)
def test_intersection_class(ability, passion, expected):
    assert scoring.intersection(ability, passion) == expected


@pytest.mark.parametrize(("ability", "passion"), [(0, 3), (6, 3), (3, 0), (3, 6)])
def test_intersection_refuses_out_of_range(ability, passion):
    with pytest.raises(ValueError):
        scoring.intersection(ability, passion)


@pytest.mark.parametrize(
    ("scores", "stars"),
    [
        ((5, 5, 5, 3), 5),
        ((4, 4, 4, 2), 4),
        ((4, 4, 3, 3), 4),
        ((3, 3, 5, 4), 3),
        # boundaries: the mean exactly on a half rounds up
        ((1, 1, 1, 5), 1),
        ((5, 5, 5, 1), 5),
        ((3, 3, 3, 4), 3),  # 3,3,3,2 -> 2.75
        ((2, 3, 3, 4), 3),  # 2,3,3,2 -> 2.5
        ((2, 2, 3, 4), 2),  # 2,2,3,2 -> 2.25
    ],
)
def test_recommendation_rounds_the_mean_with_inverted_competition_half_up(scores, stars):
    assert scoring.recommendation(*scores) == stars


def test_recommendation_refuses_a_competition_of_6():
    with pytest.raises(ValueError, match="competition"):
        scoring.recommendation(3, 3, 3, 6)


@pytest.mark.parametrize(
    ("prof", "interest", "demand", "cell", "stars"),
    [
        (5, 5, 5, "best", 5),
        (4, 4, 4, "best", 5),
        (4, 4, 3, "personal_project", 3),
        (5, 3, 4, "worth_trying", 4),
        (3, 4, 5, "worth_trying", 4),
        (4, 2, 3, "careful", 2),
        (3, 3, 5, "avoid", 1),
        (3, 3, 1, "avoid", 1),
    ],
)
def test_decision_matrix_cell(prof, interest, demand, cell, stars):
    assert scoring.decision_cell(prof, interest, demand) == cell
    assert scoring.DECISION_STARS[cell] == stars


def test_audience_funnel_of_the_method():
    steps = scoring.audience_funnel(
        1_000_000, [("cares about inference", 10), ("deep need", Decimal("20"))]
    )

    assert [s.estimate for s in steps] == [1_000_000, 100_000, 20_000]
    assert steps[1].percent == Decimal(10)


def test_audience_funnel_rounds_each_step_from_the_exact_product():
    steps = scoring.audience_funnel(1000, [("a", "33.33"), ("b", "50")])

    assert [s.estimate for s in steps] == [1000, 333, 167]


def test_audience_funnel_boundaries():
    assert [s.estimate for s in scoring.audience_funnel(0, [("a", 50)])] == [0, 0]
    assert [s.estimate for s in scoring.audience_funnel(7, [("a", 100), ("b", 0)])] == [7, 7, 0]
    with pytest.raises(ValueError):
        scoring.audience_funnel(10, [("a", "100.01")])
    with pytest.raises(ValueError):
        scoring.audience_funnel(-1, [])


def test_opportunity_score_of_the_seed():
    # market size 4, competition 3, content gap 4, commercial value 4, trend 5
    score = scoring.opportunity_score(
        market_size=4, competition=3, content_gap=4, commercial_value=4, long_term_trend=5
    )
    assert score == Decimal("4.0")


def test_opportunity_score_boundaries():
    best = dict(market_size=5, competition=1, content_gap=5, commercial_value=5, long_term_trend=5)
    worst = dict(market_size=1, competition=5, content_gap=1, commercial_value=1, long_term_trend=1)
    assert scoring.opportunity_score(**best) == Decimal("5.0")
    assert scoring.opportunity_score(**worst) == Decimal("1.0")
    with pytest.raises(ValueError, match="content_gap"):
        scoring.opportunity_score(**{**best, "content_gap": 0})


def _answers(yes_per_group: dict[str, int]) -> dict[str, bool]:
    answers = {}
    for group, yes in yes_per_group.items():
        keys = [q.key for q in scoring.AUTHENTICITY_QUESTIONS if q.group == group]
        for i, key in enumerate(keys):
            answers[key] = i < yes
    return answers


@pytest.mark.parametrize(
    ("yes", "verdict", "passed"),
    [
        ({"time": 3, "persistence": 3, "depth": 3, "sharing": 3}, "genuine", 4),
        ({"time": 2, "persistence": 2, "depth": 2, "sharing": 2}, "genuine", 4),
        ({"time": 2, "persistence": 2, "depth": 2, "sharing": 1}, "partly_genuine", 3),
        ({"time": 2, "persistence": 2, "depth": 1, "sharing": 1}, "partly_genuine", 2),
        ({"time": 3, "persistence": 1, "depth": 1, "sharing": 1}, "superficial", 1),
        ({"time": 0, "persistence": 0, "depth": 0, "sharing": 0}, "superficial", 0),
    ],
)
def test_authenticity_questionnaire_result(yes, verdict, passed):
    result = scoring.authenticity_result(_answers(yes))

    assert result.verdict == verdict
    assert result.groups_passed == passed
    assert result.answered == 12
    assert result.groups == yes


def test_authenticity_questionnaire_unanswered_and_unknown_questions():
    assert scoring.authenticity_result({}).verdict == "unanswered"
    assert scoring.authenticity_result({"weekends": None}).verdict == "unanswered"
    with pytest.raises(ValueError):
        scoring.authenticity_result({"favourite_colour": True})


def test_account_value_is_the_product_once_all_three_are_rated():
    assert scoring.account_value(4, 3, 5) == 60
    assert scoring.account_value(1, 1, 1) == 1
    assert scoring.account_value(5, 5, 5) == 125
    assert scoring.account_value(4, None, 5) is None
    with pytest.raises(ValueError):
        scoring.account_value(6, 1, 1)


def test_opinion_leader_average():
    scores = dict(
        technical_expertise=8, industry_insight=6, cross_domain=5, leadership=4, influence=3
    )
    assert scoring.opinion_leader_average(scores) == Decimal("5.2")
    with pytest.raises(ValueError):
        scoring.opinion_leader_average({**scores, "influence": 11})
