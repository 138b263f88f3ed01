"""Review periods: pure date arithmetic, no database.

A period is a run of whole local days, `start` to `end` inclusive. A weekly period
starts on the creator's chosen weekday; monthly periods start on the 1st; quarterly
periods on 1 January, April, July and October. A period's review opens at local
midnight after its last day and is due a few days later.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKLY = "weekly"
MONTHLY = "monthly"
QUARTERLY = "quarterly"
KINDS = (WEEKLY, MONTHLY, QUARTERLY)

# Days after a review opens before it counts as overdue.
GRACE_DAYS = {WEEKLY: 2, MONTHLY: 3, QUARTERLY: 7}
# How many missed periods a catch-up run opens at most (beat down for a long time).
CATCH_UP_LIMIT = {WEEKLY: 8, MONTHLY: 3, QUARTERLY: 2}


def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


@dataclass(frozen=True, order=True)
class Period:
    kind: str
    start: date
    end: date

    @property
    def next_start(self) -> date:
        return self.end + timedelta(days=1)

    def bounds(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """The period as instants: local midnight of its first day to that after its last."""
        return local_midnight(self.start, tz), local_midnight(self.next_start, tz)

    def opens_at(self, tz: ZoneInfo) -> datetime:
        return local_midnight(self.next_start, tz)

    def due_at(self, tz: ZoneInfo) -> datetime:
        return local_midnight(self.next_start + timedelta(days=GRACE_DAYS[self.kind]), tz)

    def midpoint(self, tz: ZoneInfo) -> datetime:
        starts, ends = self.bounds(tz)
        return starts + (ends - starts) / 2

    def previous(self, week_start: int = 0) -> "Period":
        return period_containing(self.kind, self.start - timedelta(days=1), week_start=week_start)

    def following(self, week_start: int = 0) -> "Period":
        return period_containing(self.kind, self.next_start, week_start=week_start)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_containing(kind: str, day: date, *, week_start: int = 0) -> Period:
    """The period of `kind` that contains the local date `day`; week_start 0 is Monday."""
    if kind == WEEKLY:
        start = day - timedelta(days=(day.weekday() - week_start) % 7)
        return Period(kind, start, start + timedelta(days=6))
    if kind == MONTHLY:
        start = day.replace(day=1)
        return Period(kind, start, _add_months(start, 1) - timedelta(days=1))
    if kind == QUARTERLY:
        start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        return Period(kind, start, _add_months(start, 3) - timedelta(days=1))
    raise ValueError(f"unknown review kind {kind!r}")


def periods_to_open(
    kind: str,
    *,
    today: date,
    week_start: int = 0,
    last_opened_start: date | None = None,
    not_before: date | None = None,
) -> list[Period]:
    """The closed periods whose reviews should exist by local date `today`, oldest first.

    With no review opened yet, only the period that ended most recently; otherwise
    every period since the last one opened (a catch-up after beat was down), up to
    CATCH_UP_LIMIT. Periods that ended before `not_before` (sign-up) are skipped.
    """
    latest = period_containing(kind, today, week_start=week_start).previous(week_start)
    candidates = []
    period = latest
    while len(candidates) < CATCH_UP_LIMIT[kind]:
        if last_opened_start is not None and period.start <= last_opened_start:
            break
        if not_before is not None and period.end < not_before:
            break
        candidates.append(period)
        if last_opened_start is None:
            break
        period = period.previous(week_start)
    return candidates[::-1]
