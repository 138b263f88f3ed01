from decimal import Decimal

from calendar_app.balance import depth_trend, effort_split, layer_mix, weekly_target_met


def test_layer_mix_counts_each_layer_in_the_methods_order():
    mix = layer_mix(["technique", "technique", "foundation", None, "frontier"])

    assert [(s.layer, s.count, s.percent) for s in mix] == [
        ("foundation", 1, 25),
        ("technique", 2, 50),
        ("case_study", 0, 0),
        ("frontier", 1, 25),
        ("methodology", 0, 0),
    ]


def test_layer_mix_of_nothing_is_all_zero():
    assert all(s.count == 0 and s.percent == 0 for s in layer_mix([]))


def test_eighty_twenty_split_is_balanced():
    split = effort_split([(5, Decimal(8)), (4, Decimal(8)), (2, Decimal(4))])

    assert (split.market_hours, split.interest_hours) == (Decimal(16), Decimal(4))
    assert (split.market_percent, split.interest_percent, split.verdict) == (80, 20, "balanced")


def test_demand_three_counts_as_interest_and_missing_hours_weigh_one():
    split = effort_split([(3, None), (4, None), (None, Decimal(50))])

    assert (split.market_percent, split.verdict) == (50, "too_much_interest")


def test_all_market_leaves_no_room_for_interest():
    assert effort_split([(5, Decimal(3))]).verdict == "no_room_for_interest"


def test_no_topics_means_no_verdict():
    split = effort_split([(None, Decimal(3))])

    assert (split.market_percent, split.verdict) == (None, "no_data")


def test_weekly_target():
    assert weekly_target_met(2, 2)
    assert not weekly_target_met(1, 2)
    assert weekly_target_met(0, 0)


def test_warns_when_output_rises_while_depth_falls():
    trend = depth_trend(recent=[1000, 1200, 800, None], previous=[4000, 5000])

    assert trend.warning
    assert (trend.recent_count, trend.previous_count) == (4, 2)
    assert trend.recent_average == 1000 and trend.previous_average == 4500


def test_no_warning_when_depth_holds_or_output_falls():
    assert not depth_trend(recent=[5000, 5000, 5000], previous=[4000, 4000]).warning
    assert not depth_trend(recent=[1000], previous=[4000, 5000]).warning
    assert not depth_trend(recent=[1000, 1000], previous=[]).warning
