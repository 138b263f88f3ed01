from datetime import date, time
from zoneinfo import ZoneInfo

import pytest

from calendar_app.recurrence import (
    MONTHLY,
    WEEKLY,
    Rule,
    at_time,
    occurrences,
)

MONDAY = date(2026, 3, 2)


def test_weekly_on_chosen_weekdays():
    rule = Rule(frequency=WEEKLY, starts_on=MONDAY, weekdays=(0, 3))

    assert occurrences(rule, until=date(2026, 3, 15)) == [
        date(2026, 3, 2),
        date(2026, 3, 5),
        date(2026, 3, 9),
        date(2026, 3, 12),
    ]


def test_every_second_week_counts_weeks_from_the_start():
    rule = Rule(frequency=WEEKLY, starts_on=date(2026, 3, 4), weekdays=(0, 2), interval=2)

    assert occurrences(rule, until=date(2026, 3, 31)) == [
        date(2026, 3, 4),  # the Monday of the first week is before the start
        date(2026, 3, 16),
        date(2026, 3, 18),
        date(2026, 3, 30),
    ]


def test_ends_after_a_count_whatever_the_horizon():
    rule = Rule(frequency=WEEKLY, starts_on=MONDAY, weekdays=(0,), count=3)

    assert occurrences(rule, until=date(2027, 1, 1)) == [
        date(2026, 3, 2),
        date(2026, 3, 9),
        date(2026, 3, 16),
    ]
    assert occurrences(rule, until=date(2026, 3, 10)) == [date(2026, 3, 2), date(2026, 3, 9)]


def test_ends_on_a_date_inclusive():
    rule = Rule(frequency=WEEKLY, starts_on=MONDAY, weekdays=(0,), ends_on=date(2026, 3, 16))

    assert occurrences(rule, until=date(2027, 1, 1))[-1] == date(2026, 3, 16)
    assert len(occurrences(rule, until=date(2027, 1, 1))) == 3


def test_monthly_falls_back_to_the_last_day_of_short_months():
    rule = Rule(frequency=MONTHLY, starts_on=date(2026, 1, 31), month_day=31, count=4)

    assert occurrences(rule, until=date(2027, 1, 1)) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]


def test_monthly_skips_a_day_before_the_start_and_honours_the_interval():
    rule = Rule(frequency=MONTHLY, starts_on=date(2026, 11, 20), month_day=10, interval=2)

    assert occurrences(rule, until=date(2027, 6, 1)) == [
        date(2027, 1, 10),
        date(2027, 3, 10),
        date(2027, 5, 10),
    ]


def test_an_occurrence_is_at_its_time_in_the_creators_zone():
    moment = at_time(date(2026, 3, 16), time(23, 30), ZoneInfo("Asia/Shanghai"))

    assert moment.isoformat() == "2026-03-16T23:30:00+08:00"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"frequency": WEEKLY, "weekdays": ()},
        {"frequency": WEEKLY, "weekdays": (7,)},
        {"frequency": MONTHLY, "month_day": None},
        {"frequency": MONTHLY, "month_day": 32},
        {"frequency": WEEKLY, "weekdays": (1,), "interval": 0},
        {"frequency": "daily"},
    ],
)
def test_invalid_rules_are_refused(kwargs):
    with pytest.raises(ValueError):
        Rule(starts_on=MONDAY, **kwargs)
