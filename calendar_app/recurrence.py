"""Pure date maths for recurring series: which dates a rule produces. No ORM here."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from itertools import islice

from dateutil.rrule import MO, rrule
from dateutil.rrule import MONTHLY as MONTHLY_FREQ
from dateutil.rrule import WEEKLY as WEEKLY_FREQ

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


def _rrule(rule: Rule, until: date) -> rrule:
    start = datetime.combine(rule.starts_on, time())
    common = {"dtstart": start, "interval": rule.interval, "until": datetime.combine(until, time())}
    if rule.frequency == WEEKLY:
        return rrule(WEEKLY_FREQ, byweekday=sorted(set(rule.weekdays)), wkst=MO, **common)
    # A day past the month's end (the 31st in April) falls on the month's last day: the
    # last of the days from the 28th up to the chosen one that the month has.
    day = rule.month_day or 1
    return rrule(
        MONTHLY_FREQ, bymonthday=tuple(range(min(day, 28), day + 1)), bysetpos=-1, **common
    )


def occurrences(rule: Rule, *, until: date) -> list[date]:
    """The rule's dates up to `until` (inclusive), honouring its end date and count.

    The count is over the whole series from its start, so a horizon that stops early
    never lets the series run longer than `count` occurrences.
    """
    limit = min(until, rule.ends_on) if rule.ends_on else until
    if limit < rule.starts_on:
        return []
    # The count is applied here: RFC 5545 (and dateutil) refuse a rule with both an end and a count.
    return [moment.date() for moment in islice(_rrule(rule, limit), rule.count)]


def at_time(day: date, moment: time, zone: tzinfo) -> datetime:
    """The aware datetime of an occurrence: its date at the series' time in the creator's zone."""
    return datetime.combine(day, moment, tzinfo=zone)
