"""Pure date maths for recurring series: which dates a rule produces. No ORM here."""

import calendar
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

WEEKLY = "weekly"
MONTHLY = "monthly"


@dataclass(frozen=True)
class Rule:
    """Every `interval` weeks on `weekdays` (0 = Monday), or every `interval` months on
    `month_day`; from `starts_on` until `ends_on` (inclusive) or for `count` occurrences."""

    frequency: str
    starts_on: date
    interval: int = 1
    weekdays: tuple[int, ...] = field(default_factory=tuple)
    month_day: int | None = None
    ends_on: date | None = None
    count: int | None = None

    def __post_init__(self) -> None:
        if self.interval < 1:
            raise ValueError("interval must be at least 1")
        if self.frequency == WEEKLY and not self.weekdays:
            raise ValueError("a weekly rule needs at least one weekday")
        if self.frequency == WEEKLY and any(not 0 <= d <= 6 for d in self.weekdays):
            raise ValueError("weekdays run from 0 (Monday) to 6 (Sunday)")
        if self.frequency == MONTHLY and not (self.month_day and 1 <= self.month_day <= 31):
            raise ValueError("a monthly rule needs a day of the month from 1 to 31")
        if self.frequency not in (WEEKLY, MONTHLY):
            raise ValueError(f"unknown frequency {self.frequency!r}")


def _weekly(rule: Rule) -> Iterator[date]:
    week_start = rule.starts_on - timedelta(days=rule.starts_on.weekday())
    days = sorted(set(rule.weekdays))
    while True:
        for weekday in days:
            day = week_start + timedelta(days=weekday)
            if day >= rule.starts_on:
                yield day
        week_start += timedelta(weeks=rule.interval)


def _monthly(rule: Rule) -> Iterator[date]:
    year, month = rule.starts_on.year, rule.starts_on.month
    while True:
        # A day past the month's end (the 31st in April) falls on the month's last day.
        last = calendar.monthrange(year, month)[1]
        day = date(year, month, min(rule.month_day or 1, last))
        if day >= rule.starts_on:
            yield day
        month += rule.interval
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1


def occurrences(rule: Rule, *, until: date) -> list[date]:
    """The rule's dates up to `until` (inclusive), honouring its end date and count.

    The count is over the whole series from its start, so a horizon that stops early
    never lets the series run longer than `count` occurrences.
    """
    source = _weekly(rule) if rule.frequency == WEEKLY else _monthly(rule)
    limit = min(until, rule.ends_on) if rule.ends_on else until
    result: list[date] = []
    for number, day in enumerate(source, start=1):
        if day > limit or (rule.count is not None and number > rule.count):
            break
        result.append(day)
    return result


def at_time(day: date, moment: time, zone: tzinfo) -> datetime:
    """The aware datetime of an occurrence: its date at the series' time in the creator's zone."""
    return datetime.combine(day, moment, tzinfo=zone)
