"""The boundary instants every date-sensitive behaviour is tested at, and the clock pin.

Issue 12: the month/week pages and their balance panel, reviews, reminders and quiet hours,
streaks, growth buckets, recurring series, the 12-month plan and the iCalendar feed run at
each of `INSTANTS`. An instant is an aware datetime in the zone of the creator it is meant
for: the test sets `creator.timezone` to that zone (`Moment.zone`). The expected answers
are worked out here with plain `datetime` / `zoneinfo` arithmetic, never with the product's
own helpers, so a product bug cannot hide in both sides of an assertion.

Local times that do not exist (02:30 on a spring-forward night) are read as Python, RFC 5545
and the product read them: with the offset before the gap, so they land an hour later.
A local time that happens twice carries `fold` to choose the first (0) or second (1) one.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine

SHANGHAI = ZoneInfo("Asia/Shanghai")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
BERLIN = ZoneInfo("Europe/Berlin")
ZONE_UTC = ZoneInfo("UTC")

INSTANTS: list[tuple[str, datetime]] = [
    # First and last day of a month: local April while UTC still says March / already May.
    ("month-first-shanghai", datetime(2027, 4, 1, 0, 30, tzinfo=SHANGHAI)),
    ("month-first-utc", datetime(2027, 4, 1, 0, 30, tzinfo=ZONE_UTC)),
    ("month-last-los-angeles", datetime(2027, 4, 30, 23, 30, tzinfo=LOS_ANGELES)),
    ("month-last-utc", datetime(2027, 4, 30, 23, 30, tzinfo=ZONE_UTC)),
    # First and last day of a quarter.
    ("quarter-first-berlin", datetime(2027, 7, 1, 0, 15, tzinfo=BERLIN)),
    ("quarter-last-los-angeles", datetime(2027, 6, 30, 23, 45, tzinfo=LOS_ANGELES)),
    # First and last day of a year.
    ("year-first-shanghai", datetime(2027, 1, 1, 0, 5, tzinfo=SHANGHAI)),
    ("year-first-utc", datetime(2027, 1, 1, 0, 5, tzinfo=ZONE_UTC)),
    ("year-last-los-angeles", datetime(2027, 12, 31, 23, 55, tzinfo=LOS_ANGELES)),
    ("year-last-berlin", datetime(2027, 12, 31, 23, 55, tzinfo=BERLIN)),
    # 29 February 2028.
    ("leap-day-noon-utc", datetime(2028, 2, 29, 12, 0, tzinfo=ZONE_UTC)),
    ("leap-day-late-los-angeles", datetime(2028, 2, 29, 23, 30, tzinfo=LOS_ANGELES)),
    # Daylight saving: 02:30 does not exist on the spring nights (it reads as 03:30); 01:30
    # in Los Angeles and 02:30 in Berlin happen twice on the autumn nights.
    ("dst-spring-los-angeles", datetime(2027, 3, 14, 2, 30, tzinfo=LOS_ANGELES)),
    ("dst-autumn-los-angeles-first", datetime(2027, 11, 7, 1, 30, tzinfo=LOS_ANGELES)),
    ("dst-autumn-los-angeles-second", datetime(2027, 11, 7, 1, 30, fold=1, tzinfo=LOS_ANGELES)),
    ("dst-spring-berlin", datetime(2027, 3, 28, 2, 30, tzinfo=BERLIN)),
    ("dst-autumn-berlin-first", datetime(2027, 10, 31, 2, 30, tzinfo=BERLIN)),
    ("dst-autumn-berlin-second", datetime(2027, 10, 31, 2, 30, fold=1, tzinfo=BERLIN)),
    # Sunday 23:30 in Shanghai is still Sunday (15:30) in UTC.
    ("sunday-late-shanghai", datetime(2027, 6, 13, 23, 30, tzinfo=SHANGHAI)),
]
INSTANT_IDS = [name for name, _at in INSTANTS]


@dataclass(frozen=True)
class Moment:
    """A pinned instant seen from the creator's zone."""

    name: str
    now: datetime  # the instant, in UTC
    tz: ZoneInfo

    @property
    def zone(self) -> str:
        return self.tz.key

    @property
    def local(self) -> datetime:
        return self.now.astimezone(self.tz)

    @property
    def today(self) -> date:
        return self.local.date()

    @property
    def monday(self) -> date:
        return monday_of(self.today)

    def at(self, day: date, clock: time, *, fold: int = 0) -> datetime:
        """`day` at the wall-clock time `clock` in the creator's zone."""
        return datetime.combine(day, clock, tzinfo=self.tz).replace(fold=fold)

    def midnight(self, day: date) -> datetime:
        return self.at(day, time(0))


def moment_of(name: str, at: datetime) -> Moment:
    tz = at.tzinfo if isinstance(at.tzinfo, ZoneInfo) else ZONE_UTC
    return Moment(name=name, now=at.astimezone(UTC), tz=tz)


@contextmanager
def pinned(name: str, at: datetime) -> Iterator[Moment]:
    """Stop the clock at `at` (it does not tick) for the block.

    The clock travels to the UTC instant: given a ZoneInfo datetime, time-machine would also
    change the process's local zone, which the product must never depend on.
    """
    with time_machine.travel(at.astimezone(UTC), tick=False):
        yield moment_of(name, at)


def use_zone(user, moment: Moment) -> None:
    """Give `user` the moment's time zone (saved)."""
    user.timezone = moment.zone
    user.save(update_fields=["timezone"])


# Calendar arithmetic for expected values, independent of the product's own.


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def add_months(first: date, months: int) -> date:
    """The first day of the month `months` after the month of `first`."""
    years, month_index = divmod(first.month - 1 + months, 12)
    return date(first.year + years, month_index + 1, 1)


def month_end(day: date) -> date:
    return add_months(day, 1) - timedelta(days=1)


def quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
