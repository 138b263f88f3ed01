import math
from datetime import date

import pytest

from analytics import metrics


def test_engagement_rate_is_interactions_over_views():
    rate = metrics.engagement_rate(views=1000, likes=50, comments=5, shares=3, saves=20)

    assert rate == pytest.approx(0.078)


def test_engagement_rate_without_views_is_unknown():
    assert metrics.engagement_rate(views=0, likes=3) is None
    assert metrics.engagement_rate(views=None) is None


def test_growth_rate_compares_with_the_previous_value():
    assert metrics.growth_rate(110, 100) == pytest.approx(0.10)
    assert metrics.growth_rate(90, 100) == pytest.approx(-0.10)
    assert metrics.growth_rate(5, 0) is None
    assert metrics.growth_rate(None, 10) is None


@pytest.mark.parametrize(
    ("current", "target", "rate", "expected"),
    [
        (384, 500, 108 / 28, date(2025, 4, 6)),
        (500, 500, 1, date(2025, 3, 6)),
        (100, 500, 0, None),
        (100, 500, -2, None),
        (0, 10, 3, date(2025, 3, 10)),
    ],
)
def test_forecast_date_at_the_current_rate(current, target, rate, expected):
    today = date(2025, 3, 6)

    assert (
        metrics.forecast_date(current=current, target=target, rate_per_day=rate, today=today)
        == expected
    )


def test_time_allocation_gains_match_the_worked_example():
    gains = metrics.time_allocation_gains(
        total=60, creation=20, promotion=15, monetisation=10, k=(0.8, 0.6, 0.5)
    )

    assert round(gains.capability, 3) == 0.267
    assert round(gains.brand, 3) == 0.150
    assert round(gains.reach, 3) == 0.083


def test_time_allocation_without_hours_has_no_gains():
    assert (
        metrics.time_allocation_gains(total=0, creation=0, promotion=0, monetisation=0, k=(1, 1, 1))
        is None
    )


def test_logistic_is_a_half_at_zero_and_stays_finite():
    assert metrics.logistic(0) == 0.5
    assert metrics.logistic(2, 1) == pytest.approx(1 / (1 + math.exp(-2)))
    assert metrics.logistic(1, 3) == pytest.approx(1 / (1 + math.exp(-3)))
    assert metrics.logistic(-10_000) == 0.0
    assert metrics.logistic(10_000) == 1.0


def test_personal_ip_index_squashes_each_factor_then_the_product():
    measured = {name: 0.0 for name in metrics.IP_FACTORS}
    k = {name: 1.0 for name in metrics.IP_FACTORS}

    index = metrics.personal_ip_index(measured=measured, k=k, k6=4)

    assert all(value == 0.5 for value in index.factors.values())
    assert index.value == pytest.approx(1 / (1 + math.exp(-4 * 0.5**6)))


def test_personal_ip_index_grows_with_every_factor():
    k = {name: 1.0 for name in metrics.IP_FACTORS}
    base = {name: 0.0 for name in metrics.IP_FACTORS}
    low = metrics.personal_ip_index(measured=base, k=k, k6=4).value
    for name in metrics.IP_FACTORS:
        higher = metrics.personal_ip_index(measured={**base, name: 1.0}, k=k, k6=4).value
        assert higher > low, name


def test_ip_measurements_are_centred_and_documented():
    measured = metrics.ip_measurements(
        mean_topic_ability=4.0,
        views=1000,
        likes=30,
        comments=10,
        shares=5,
        saves=15,
        followers=999,
        published_per_week=2.0,
        weekly_target=1,
        income_90_days=999.0,
    )

    assert measured == pytest.approx(
        {
            "technical": 1.0,
            "quality": 1.0,
            "interaction": 0.0,
            "exposure": 0.0,
            "frequency": 1.0,
            "monetisation": 0.0,
        }
    )
