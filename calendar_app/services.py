"""Writes and rules for content planning: channels, content items, series and the plan.

Every write goes through an ordinary ORM save or update so the database's own
bookkeeping (versions, sync ids, tombstones) sees it. A planned date is an intention
and moves freely; a published date is a fact and is only ever filled in, never moved.
"""

import logging
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext as _

from accounts import hierarchy
from accounts.bounds import check_dates
from accounts.models import User
from positioning.models import Topic

from . import recurrence, webhooks
from .models import Channel, ContentItem, PlanPhase, Series

logger = logging.getLogger("sweetspot.calendar")

SERIES_HORIZON_DAYS = 183
DEFAULT_TIME = time(9, 0)

ITEM_FIELDS = frozenset(ContentItem.EDITABLE_FIELDS)


def _owned(creator: User, **related: Any) -> None:
    """Every related object must belong to `creator`; name the field otherwise."""
    errors = {
        name: _("Choose one of your own.")
        for name, obj in related.items()
        if obj is not None and obj.creator_id != creator.pk
    }
    if errors:
        raise ValidationError(errors)


def _clean_and_save(obj: Any, *, exclude: list[str] | None = None) -> None:
    obj.full_clean(exclude=exclude, validate_unique=False)
    obj.save()


# Channels


@transaction.atomic
def channel_create(
    *, creator: User, platform: str, name: str, url: str = "", role: str = Channel.Role.HOME
) -> Channel:
    channel = Channel(creator=creator, platform=platform, name=name.strip(), url=url, role=role)
    _clean_and_save(channel, exclude=["creator"])
    return channel


@transaction.atomic
def channel_update(*, channel: Channel, **changes: Any) -> Channel:
    for name in changes.keys() - {"platform", "name", "url", "role"}:
        raise ValidationError({name: _("This field cannot be changed.")})
    for name, value in changes.items():
        setattr(channel, name, value)
    _clean_and_save(channel, exclude=["creator"])
    return channel


@transaction.atomic
def channel_delete(*, channel: Channel) -> None:
    """Items on the channel stay; they just lose it."""
    channel.delete()


# Content items


def apply_status_rules(item: ContentItem) -> None:
    if item.status == ContentItem.Status.PUBLISHED and item.published_at is None:
        item.published_at = timezone.now()


@transaction.atomic
def content_item_create(
    *,
    creator: User,
    title: str,
    topic: Topic | None = None,
    channel: Channel | None = None,
    format: str = ContentItem.Format.PRINCIPLES,
    status: str = ContentItem.Status.IDEA,
    planned_for: datetime | None = None,
    published_at: datetime | None = None,
    url: str = "",
    word_count: int | None = None,
    effort_hours: Decimal | None = None,
    notes: str = "",
    repurposed_from: ContentItem | None = None,
) -> ContentItem:
    _owned(creator, topic=topic, channel=channel, repurposed_from=repurposed_from)
    item = ContentItem(
        creator=creator,
        title=title.strip(),
        topic=topic,
        channel=channel,
        format=format,
        status=status,
        planned_for=planned_for,
        published_at=published_at,
        url=url,
        word_count=word_count,
        effort_hours=effort_hours,
        notes=notes,
        repurposed_from=repurposed_from,
    )
    check_repurposed_from(item=item, source=repurposed_from)
    apply_status_rules(item)
    _clean_and_save(item, exclude=["creator", "topic", "channel", "repurposed_from", "series"])
    webhooks.item_saved(item=item, previous=None)
    return item


def _before(item: ContentItem) -> dict[str, Any]:
    """What webhooks compare with: the item's status and planned date before a write."""
    return {"status": item.status, "planned_for": item.planned_for}


def check_repurposed_from(*, item: ContentItem, source: ContentItem | None) -> None:
    """Refuse a source that is the item itself, one of its derivatives, or too deep a chain.

    Locks the creator's repurposing links until the transaction ends (accounts.hierarchy),
    so two concurrent opposite links cannot both pass."""
    hierarchy.check_link(
        model=ContentItem,
        creator_id=item.creator_id,
        field="repurposed_from",
        node=item,
        parent=source,
        cycle_message=_("An item cannot be derived from its own derivative."),
        depth_message=_("This repurposing chain is too long."),
    )


@transaction.atomic
def content_item_update(*, item: ContentItem, **changes: Any) -> ContentItem:
    """Change any of the item's fields; an edited series occurrence leaves its series."""
    for name in changes.keys() - ITEM_FIELDS:
        raise ValidationError({name: _("This field cannot be changed.")})
    _owned(
        item.creator,
        topic=changes.get("topic"),
        channel=changes.get("channel"),
        repurposed_from=changes.get("repurposed_from"),
    )
    if "repurposed_from" in changes:
        check_repurposed_from(item=item, source=changes["repurposed_from"])
    previous = _before(item)
    for name, value in changes.items():
        setattr(item, name, value.strip() if name == "title" else value)
    apply_status_rules(item)
    if item.series_id:
        item.series_detached = True
    _clean_and_save(item, exclude=["creator", "topic", "channel", "repurposed_from", "series"])
    webhooks.item_saved(item=item, previous=previous)
    return item


@transaction.atomic
def content_item_reschedule(
    *, item: ContentItem, day: date | None = None, planned_for: datetime | None = None
) -> ContentItem:
    """Move the planned date: to `day` at the same local time, or to `planned_for`.

    The published date never moves: moving a published item re-plans, it does not
    rewrite when it went out.
    """
    if (day is None) == (planned_for is None):
        raise ValidationError({"planned_for": _("Give a day or a date and time.")})
    if planned_for is None:
        zone = item.creator.tzinfo
        moment = (
            timezone.localtime(item.planned_for, zone).time() if item.planned_for else DEFAULT_TIME
        )
        planned_for = datetime.combine(day, moment, tzinfo=zone)
    check_dates(planned_for=planned_for)
    previous = _before(item)
    item.planned_for = planned_for
    if item.series_id:
        item.series_detached = True
    item.save(update_fields=["planned_for", "series_detached", "updated_at"])
    webhooks.item_saved(item=item, previous=previous)
    return item


@transaction.atomic
def content_item_move_status(*, item: ContentItem, status: str) -> ContentItem:
    if status not in ContentItem.Status.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    previous = _before(item)
    item.status = status
    apply_status_rules(item)
    item.save(update_fields=["status", "published_at", "updated_at"])
    webhooks.item_saved(item=item, previous=previous)
    return item


@transaction.atomic
def content_item_derive(
    *,
    source: ContentItem,
    channel: Channel | None = None,
    format: str | None = None,
    title: str = "",
) -> ContentItem:
    """A derivative of `source` for another channel or form, starting as an idea."""
    if (
        channel is not None
        and channel == source.channel
        and (format or source.format) == (source.format)
    ):
        raise ValidationError(
            {"channel": _("A derivative goes to another channel or takes another format.")}
        )
    return content_item_create(
        creator=source.creator,
        title=title.strip() or source.title,
        topic=source.topic,
        channel=channel,
        format=format or source.format,
        status=ContentItem.Status.IDEA,
        repurposed_from=source,
    )


@transaction.atomic
def content_item_skip(*, item: ContentItem, skipped: bool = True) -> ContentItem:
    """Skip one series occurrence: it is kept (so it is not generated again) but hidden."""
    if not item.series_id:
        raise ValidationError({"skipped": _("Only an occurrence of a series can be skipped.")})
    item.skipped = skipped
    item.save(update_fields=["skipped", "updated_at"])
    return item


def refuse_occurrence_delete(item: ContentItem) -> None:
    """A deleted occurrence would be generated again: it is skipped instead."""
    if item.series_id:
        raise ValidationError(
            {"series": _("Skip a series occurrence instead, or it will be generated again.")}
        )


@transaction.atomic
def content_item_delete(*, item: ContentItem) -> None:
    refuse_occurrence_delete(item)
    webhooks.item_deleted(item=item)
    item.delete()


# Series

SERIES_FIELDS = {
    "title",
    "channel",
    "topic",
    "format",
    "frequency",
    "interval",
    "weekdays",
    "month_day",
    "time_of_day",
    "starts_on",
    "ends_on",
    "count",
}


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
    for name in fields.keys() - SERIES_FIELDS:
        raise ValidationError({name: _("This field cannot be set.")})
    _owned(creator, channel=fields.get("channel"), topic=fields.get("topic"))
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
def series_update(*, series: Series, **changes: Any) -> Series:
    """Change the rule or defaults; future occurrences nobody has touched are regenerated.

    Every update bumps `version` (the API's ETag) with a compare-and-set against the
    version `series` was read with."""
    for name in changes.keys() - SERIES_FIELDS:
        raise ValidationError({name: _("This field cannot be changed.")})
    _owned(series.creator, channel=changes.get("channel"), topic=changes.get("topic"))
    old_rule = series_rule(series)
    for name, value in changes.items():
        setattr(series, name, value)
    _validate_series(series)
    _save_series_version(series)
    _delete_untouched_future(series)
    _rekey_occurrences(series, old_rule)
    series_materialise(series=series)
    return series


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
def series_delete(*, series: Series) -> None:
    """End the series: its untouched future occurrences go, the rest stay as plain items."""
    _delete_untouched_future(series)
    series.delete()


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


# The 12-month plan


def _default_phases() -> list[dict[str, Any]]:
    return [
        {
            "name": gettext_noop("Foundation"),
            "start_month": 1,
            "end_month": 3,
            "follower_target": 500,
            "output_target": 12,
            "goals": gettext_noop(
                "100-500 followers. Open the accounts, publish a first deep piece, answer "
                "3-5 questions a week on a traffic platform, set up a production workflow."
            ),
        },
        {
            "name": gettext_noop("Deep content"),
            "start_month": 4,
            "end_month": 6,
            "follower_target": 2000,
            "output_target": 13,
            "goals": gettext_noop(
                "1,000-2,000 followers. One deep piece every week; turn the best into "
                "derivatives on other channels."
            ),
        },
        {
            "name": gettext_noop("Differentiation"),
            "start_month": 7,
            "end_month": 9,
            "follower_target": 5000,
            "output_target": 13,
            "goals": gettext_noop(
                "5,000 followers. Case studies and frontier pieces only you can write; "
                "a recognisable series."
            ),
        },
        {
            "name": gettext_noop("Brand building"),
            "start_month": 10,
            "end_month": 12,
            "follower_target": 10000,
            "output_target": 12,
            "goals": gettext_noop(
                "10,000 followers. By month 12: 50 deep articles, 5,000 followers, 1,000 "
                "repository stars, a first paid product explored."
            ),
        },
    ]


@transaction.atomic
def plan_create_default(*, creator: User, plan_start: date) -> list[PlanPhase]:
    """The method's four phases over twelve months, starting `plan_start`."""
    if PlanPhase.objects.for_creator(creator).exists():
        raise ValidationError({"plan_start": _("You already have a plan; edit it instead.")})
    with translation.override(creator.language):
        phases = [
            PlanPhase(
                creator=creator,
                plan_start=plan_start,
                **{
                    **phase,
                    "name": gettext(phase["name"]),
                    "goals": gettext(phase["goals"]),
                    "name_key": phase["name"],
                    "goals_key": phase["goals"],
                },
            )
            for phase in _default_phases()
        ]
    for phase in phases:
        _clean_and_save(phase, exclude=["creator"])
    return phases


# Every built-in phase text (a name or goals): the data migration recognises them.
DEFAULT_PHASE_TEXTS = [phase[field] for phase in _default_phases() for field in ("name", "goals")]

PHASE_FIELDS = {"name", "start_month", "end_month", "follower_target", "output_target", "goals"}


def _validate_phase(phase: PlanPhase) -> None:
    phase.full_clean(exclude=["creator"], validate_unique=False, validate_constraints=False)
    if phase.end_month < phase.start_month:
        raise ValidationError({"end_month": _("A phase cannot end before it starts.")})


@transaction.atomic
def plan_phase_create(*, creator: User, plan_start: date | None = None, **fields: Any) -> PlanPhase:
    for name in fields.keys() - PHASE_FIELDS:
        raise ValidationError({name: _("This field cannot be set.")})
    first = PlanPhase.objects.for_creator(creator).first()
    start = plan_start or (first.plan_start if first else creator.local_today().replace(day=1))
    phase = PlanPhase(creator=creator, plan_start=start, **fields)
    _validate_phase(phase)
    phase.save()
    return phase


@transaction.atomic
def plan_phase_update(*, phase: PlanPhase, **changes: Any) -> PlanPhase:
    for name in changes.keys() - PHASE_FIELDS:
        raise ValidationError({name: _("This field cannot be changed.")})
    # A built-in name or goals left as shown keeps its key (it follows the reader's language);
    # changed, it becomes the creator's own text.
    if "name" in changes and changes["name"] != phase.display_name:
        phase.name_key = ""
    else:
        changes.pop("name", None)
    if "goals" in changes and changes["goals"] != phase.display_goals:
        phase.goals_key = ""
    else:
        changes.pop("goals", None)
    for name, value in changes.items():
        setattr(phase, name, value)
    _validate_phase(phase)
    phase.save()
    return phase


@transaction.atomic
def plan_restart(*, creator: User, plan_start: date) -> int:
    """Move the whole plan to a new first month; the phases keep their month numbers."""
    return PlanPhase.objects.for_creator(creator).update(plan_start=plan_start)


@transaction.atomic
def plan_phase_delete(*, phase: PlanPhase) -> None:
    phase.delete()
