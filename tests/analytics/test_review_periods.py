"""Pure period arithmetic: week, month and quarter boundaries in the creator's time zone."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from accounts.models import User
from analytics.reviews.periods import (
    MONTHLY,
    QUARTERLY,
    WEEKLY,
    Period,
    period_containing,
    periods_to_open,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def test_a_week_starts_on_monday_by_default():
    assert period_containing(WEEKLY, date(2026, 3, 4)) == Period(
        WEEKLY, date(2026, 3, 2), date(2026, 3, 8)
    )


def test_a_week_starts_on_the_creators_chosen_weekday():
    sunday = 6

    assert period_containing(WEEKLY, date(2026, 3, 4), week_start=sunday) == Period(
        WEEKLY, date(2026, 3, 1), date(2026, 3, 7)
    )
    assert period_containing(WEEKLY, date(2026, 3, 1), week_start=sunday).start == date(2026, 3, 1)


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (date(2026, 2, 14), date(2026, 2, 1), date(2026, 2, 28)),
        (date(2024, 2, 29), date(2024, 2, 1), date(2024, 2, 29)),
        (date(2026, 12, 31), date(2026, 12, 1), date(2026, 12, 31)),
    ],
)
def test_months_run_from_the_first_to_the_last_day(day, start, end):
    assert period_containing(MONTHLY, day) == Period(MONTHLY, start, end)


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (date(2026, 1, 1), date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 5, 20), date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 9, 30), date(2026, 7, 1), date(2026, 9, 30)),
        (date(2026, 10, 1), date(2026, 10, 1), date(2026, 12, 31)),
    ],
)
def test_quarters_start_on_the_first_day_of_a_quarter(day, start, end):
    assert period_containing(QUARTERLY, day) == Period(QUARTERLY, start, end)


def test_the_same_instant_is_monday_in_shanghai_and_still_sunday_in_los_angeles():
    instant = datetime(2026, 3, 1, 16, 30, tzinfo=UTC)

    assert User(timezone="Asia/Shanghai").local_today(instant) == date(2026, 3, 2)
    assert User(timezone="America/Los_Angeles").local_today(instant) == date(2026, 3, 1)


def test_week_bounds_are_local_midnights():
    week = Period(WEEKLY, date(2026, 2, 23), date(2026, 3, 1))

    starts, ends = week.bounds(SHANGHAI)
    assert starts.astimezone(UTC) == datetime(2026, 2, 22, 16, 0, tzinfo=UTC)
    assert ends.astimezone(UTC) == datetime(2026, 3, 1, 16, 0, tzinfo=UTC)
    starts, ends = week.bounds(LOS_ANGELES)
    assert starts.astimezone(UTC) == datetime(2026, 2, 23, 8, 0, tzinfo=UTC)
    assert ends.astimezone(UTC) == datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def test_a_week_across_daylight_saving_time_is_167_hours_in_los_angeles():
    # US clocks go forward on Sunday 8 March 2026.
    starts, ends = Period(WEEKLY, date(2026, 3, 2), date(2026, 3, 8)).bounds(LOS_ANGELES)

    assert (ends.astimezone(UTC) - starts.astimezone(UTC)).total_seconds() == 167 * 3600


def test_a_review_is_due_a_few_days_after_it_opens():
    week = Period(WEEKLY, date(2026, 2, 23), date(2026, 3, 1))

    assert week.opens_at(SHANGHAI) == datetime(2026, 3, 2, tzinfo=SHANGHAI)
    assert week.due_at(SHANGHAI) == datetime(2026, 3, 4, tzinfo=SHANGHAI)


def test_without_earlier_reviews_only_the_latest_closed_period_opens():
    assert periods_to_open(WEEKLY, today=date(2026, 3, 4)) == [
        Period(WEEKLY, date(2026, 2, 23), date(2026, 3, 1))
    ]
    assert periods_to_open(MONTHLY, today=date(2026, 3, 4)) == [
        Period(MONTHLY, date(2026, 2, 1), date(2026, 2, 28))
    ]
    assert periods_to_open(QUARTERLY, today=date(2026, 3, 4)) == [
        Period(QUARTERLY, date(2025, 10, 1), date(2025, 12, 31))
    ]


def test_missed_periods_are_caught_up_oldest_first():
    opened = periods_to_open(WEEKLY, today=date(2026, 3, 4), last_opened_start=date(2026, 2, 2))

    assert [period.start for period in opened] == [
        date(2026, 2, 9),
        date(2026, 2, 16),
        date(2026, 2, 23),
    ]


def test_nothing_opens_when_the_latest_period_already_has_its_review():
    assert (
        periods_to_open(WEEKLY, today=date(2026, 3, 4), last_opened_start=date(2026, 2, 23)) == []
    )


def test_catch_up_is_bounded():
    opened = periods_to_open(WEEKLY, today=date(2026, 3, 4), last_opened_start=date(2024, 1, 1))

    assert len(opened) == 8
    assert opened[-1].start == date(2026, 2, 23)


def test_periods_that_ended_before_sign_up_do_not_open():
    assert periods_to_open(WEEKLY, today=date(2026, 3, 4), not_before=date(2026, 3, 3)) == []
    assert periods_to_open(MONTHLY, today=date(2026, 3, 4), not_before=date(2026, 2, 20)) == [
        Period(MONTHLY, date(2026, 2, 1), date(2026, 2, 28))
    ]


def test_mid_week_is_thursday_noon_local_for_a_monday_week():
    week = Period(WEEKLY, date(2026, 3, 2), date(2026, 3, 8))

    assert week.midpoint(SHANGHAI) == datetime(2026, 3, 5, 12, 0, tzinfo=SHANGHAI)
