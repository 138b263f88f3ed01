"""Recurring series: the rule, its occurrences materialised as content items up to a rolling
horizon, and changes that regenerate only what nobody has touched."""

import logging
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import User

from .. import recurrence
from ..models import ContentItem, Series
from ..sync import webhooks
from .base import lock_if_there, owned, refuse_unknown

logger = logging.getLogger("sweetspot.calendar")

SERIES_HORIZON_DAYS = 183

SERIES_FIELDS = frozenset(Series.EDITABLE_FIELDS)


def series_rule(series: Series) -> recurrence.Rule:
    return recurrence.Rule(
        frequency=series.frequency,
        starts_on=series.starts_on,
        interval=series.interval,
        weekdays=tuple(sorted({int(d) for d in series.weekdays or ()})),
        month_day=series.month_day,
        ends_on=series.ends_on,
        count=series.count,
    )


SERIES_EARLIEST_START_DAYS = 366
SERIES_LATEST_START_DAYS = 3653


def _validate_series(series: Series) -> None:
    series.full_clean(exclude=["creator", "channel", "topic"], validate_unique=False)
    if series.frequency == Series.Frequency.WEEKLY:
        days = series.weekdays or []
        if not days or not all(isinstance(d, int) and 0 <= d <= 6 for d in days):
            raise ValidationError({"weekdays": _("Choose at least one weekday.")})
        series.month_day = None
    elif not series.month_day:
        raise ValidationError({"month_day": _("Choose the day of the month.")})
    else:
        series.weekdays = []
    if series.ends_on and series.ends_on < series.starts_on:
        raise ValidationError({"ends_on": _("The series cannot end before it starts.")})
    # Occurrences are materialised from the start: a start centuries ago would be millions.
    today = series.creator.local_today()
    if isinstance(series.starts_on, date) and not (
        today - timedelta(days=SERIES_EARLIEST_START_DAYS)
        <= series.starts_on
        <= today + timedelta(days=SERIES_LATEST_START_DAYS)
    ):
        raise ValidationError(
            {"starts_on": _("A series starts at most a year ago and at most ten years ahead.")}
        )


def _occurrence_title(template: str, number: int, day: date) -> str:
    return template.replace("{n}", str(number)).replace("{date}", day.isoformat())[:300]


@transaction.atomic
def series_materialise(*, series: Series, until: date | None = None) -> int:
    """Create the occurrences due up to `until` (default: a rolling half-year); idempotent."""
    creator = series.creator
    until = until or creator.local_today() + timedelta(days=SERIES_HORIZON_DAYS)
    rule = series_rule(series)
    dates = recurrence.occurrences(rule, until=until)
    existing = set(series.occurrences.values_list("occurrence_date", flat=True))
    zone = creator.tzinfo
    new = [
        ContentItem(
            creator=creator,
            title=_occurrence_title(series.title, number, day),
            topic_id=series.topic_id,
            channel_id=series.channel_id,
            format=series.format,
            status=ContentItem.Status.IDEA,
            planned_for=recurrence.at_time(day, series.time_of_day, zone),
            series=series,
            occurrence_date=day,
        )
        for number, day in enumerate(dates, start=1)
        if day not in existing
    ]
    ContentItem.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        created = series.occurrences.filter(occurrence_date__in=[i.occurrence_date for i in new])
        webhooks.items_created(creator_id=creator.pk, items=created.order_by("occurrence_date"))
    return len(new)


def _delete_untouched_future(series: Series) -> None:
    """Delete the future occurrences nobody has touched, announcing each to webhooks."""
    doomed = list(
        series.occurrences.filter(
            occurrence_date__gte=series.creator.local_today(),
            series_detached=False,
            skipped=False,
            status=ContentItem.Status.IDEA,
        )
    )
    webhooks.items_deleted(creator_id=series.creator_id, items=doomed)
    ContentItem.objects.filter(pk__in=[item.pk for item in doomed]).delete()


@transaction.atomic
def series_create(*, creator: User, **fields: Any) -> Series:
    refuse_unknown(fields, SERIES_FIELDS, _("This field cannot be set."))
    owned(creator.pk, channel=fields.get("channel"), topic=fields.get("topic"))
    series = Series(creator=creator, **fields)
    _validate_series(series)
    series.save()
    series_materialise(series=series)
    return series


class SeriesChanged(ValidationError):
    """The series was written by someone else since `series.version` was read."""

    def __init__(self, current_version: int | None):
        super().__init__(_("This series changed since you opened it; reload it and try again."))
        self.current_version = current_version


def _save_series_version(series: Series) -> None:
    """Write every field and bump `version` in one UPDATE ... WHERE version = %s: a writer
    holding an older version changes nothing and gets SeriesChanged."""
    seen = series.version
    values = {name: getattr(series, name) for name in SERIES_FIELDS}
    written = Series.objects.filter(pk=series.pk, version=seen).update(**values, version=seen + 1)
    if not written:
        current = Series.objects.filter(pk=series.pk).values_list("version", flat=True).first()
        raise SeriesChanged(current)
    series.version = seen + 1


@transaction.atomic
def series_update(*, series: Series, if_match: set[int] | None = None, **changes: Any) -> Series:
    """Change the rule or defaults; future occurrences nobody has touched are regenerated.

    Takes the row lock, then compares the version with `if_match` (PreconditionFailed) or,
    without one, with the version `series` was read with (SeriesChanged); every update bumps
    `version`, the API's ETag."""
    refuse_unknown(changes, SERIES_FIELDS, _("This field cannot be changed."))
    locked = lock_if_there(series, if_match, "creator")
    if locked is None:
        raise Http404
    if if_match is None and locked.version != series.version:
        raise SeriesChanged(locked.version)
    owned(locked.creator_id, channel=changes.get("channel"), topic=changes.get("topic"))
    old_rule = series_rule(locked)
    for name, value in changes.items():
        setattr(locked, name, value)
    _validate_series(locked)
    _save_series_version(locked)
    _delete_untouched_future(locked)
    _rekey_occurrences(locked, old_rule)
    series_materialise(series=locked)
    series.version = locked.version  # the caller's copy is no longer stale
    return locked


def _rekey_occurrences(series: Series, old_rule: recurrence.Rule) -> None:
    """Give the occurrences that stay (moved, edited, skipped, started, past) the date their
    slot has under the new rule, so the n-th occurrence stays the n-th and is not doubled."""
    kept = list(series.occurrences.exclude(occurrence_date=None).order_by("occurrence_date"))
    if not kept:
        return
    horizon = max(
        kept[-1].occurrence_date, series.creator.local_today() + timedelta(days=SERIES_HORIZON_DAYS)
    )
    old_numbers = {
        day: n for n, day in enumerate(recurrence.occurrences(old_rule, until=horizon), 1)
    }
    new_dates = recurrence.occurrences(series_rule(series), until=horizon + timedelta(days=366))
    slots: dict[int, date | None] = {}
    for item in kept:
        number = old_numbers.get(item.occurrence_date)
        slot = new_dates[number - 1] if number and number <= len(new_dates) else None
        slots[item.pk] = slot
    taken = {slot for slot in slots.values() if slot}
    # Two passes: clear, then assign, so no two rows ever hold the same date mid-way.
    series.occurrences.filter(pk__in=slots).update(occurrence_date=None)
    for item in kept:
        slot = slots[item.pk]
        if slot is None and item.occurrence_date not in taken:
            slot = item.occurrence_date
            taken.add(slot)
        item.occurrence_date = slot
        item.save(update_fields=["occurrence_date", "updated_at"])


@transaction.atomic
def series_delete(*, series: Series, if_match: set[int] | None = None) -> None:
    """End the series: its untouched future occurrences go, the rest stay as plain items.
    Gone already is done."""
    locked = lock_if_there(series, if_match, "creator")
    if locked is None:
        return
    _delete_untouched_future(locked)
    locked.delete()


def series_extend_all(*, today: date | None = None) -> int:
    """Roll every open series' horizon forward (the daily beat task)."""
    created = 0
    open_series = Series.objects.select_related("creator")
    if today is not None:
        open_series = open_series.exclude(ends_on__lt=today)
    for series in open_series.iterator():
        try:
            with transaction.atomic():
                created += series_materialise(series=series)
        except Exception:
            # One broken series must not keep every other creator's horizon from moving.
            logger.exception("Extending series %s failed", series.pk)
    return created
