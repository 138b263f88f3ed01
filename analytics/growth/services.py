"""Writes for growth analytics: snapshots (one, many, imported), time, income and k factors.

Every write that changes numbers enqueues the creator's recompute after commit.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.bounds import OUT_OF_RANGE, check_dates, in_range
from accounts.conditional import lock_for_write, refresh_version
from accounts.models import User
from accounts.queue import enqueue
from analytics.models import COUNTERS, GrowthFactors, IncomeEntry, MetricSnapshot, TimeEntry
from calendar_app.models import Channel, ContentItem

MAX_FUTURE = timedelta(days=1)


@dataclass(frozen=True)
class UpsertResult:
    created: int
    updated: int


def _key(row: dict) -> tuple:
    return (row["channel_id"], row.get("content_item_id"), row["captured_at"])


def _check_row(row: dict) -> dict[str, str]:
    errors = {}
    captured_at = row["captured_at"]
    if timezone.is_naive(captured_at):
        errors["captured_at"] = _("Give a time zone or a date.")
    elif not in_range(captured_at):
        errors["captured_at"] = OUT_OF_RANGE
    elif captured_at > timezone.now() + MAX_FUTURE:
        errors["captured_at"] = _("Numbers cannot be captured in the future.")
    values = [row.get(name) for name in COUNTERS]
    if all(value is None for value in values):
        errors["followers"] = _("Enter at least one number.")
    for name in COUNTERS:
        value = row.get(name)
        if value is not None and value < 0:
            errors[name] = _("A count cannot be negative.")
    return errors


def existing_keys(*, creator: User, rows: list[dict]) -> set[tuple]:
    """Which of `rows` already have a snapshot (so saving them updates instead of adding)."""
    if not rows:
        return set()
    moments = {row["captured_at"] for row in rows}
    channels = {row["channel_id"] for row in rows}
    found = MetricSnapshot.objects.for_creator(creator).filter(
        channel_id__in=channels, captured_at__in=moments
    )
    return set(found.values_list("channel_id", "content_item_id", "captured_at"))


@transaction.atomic
def snapshots_upsert(*, creator: User, rows: list[dict]) -> UpsertResult:
    """Save many snapshots at once, all or nothing; an existing moment is updated.

    Each row: channel_id, content_item_id (or None), captured_at (aware), and counters.
    """
    if not rows:
        raise ValidationError({"rows": _("There are no rows to save.")})
    channel_ids = {row["channel_id"] for row in rows}
    item_ids = {row["content_item_id"] for row in rows if row.get("content_item_id")}
    owned_channels = set(
        Channel.objects.for_creator(creator).filter(pk__in=channel_ids).values_list("pk", flat=True)
    )
    owned_items = set(
        ContentItem.objects.for_creator(creator)
        .filter(pk__in=item_ids)
        .values_list("pk", flat=True)
    )
    if channel_ids - owned_channels:
        raise ValidationError({"channel": _("No such channel.")})
    if item_ids - owned_items:
        raise ValidationError({"content_item": _("No such content item.")})
    seen: set[tuple] = set()
    for row in rows:
        errors = _check_row(row)
        if errors:
            raise ValidationError(errors)
        if _key(row) in seen:
            raise ValidationError(
                {"captured_at": _("The same channel, item and time appear twice.")}
            )
        seen.add(_key(row))
    before = existing_keys(creator=creator, rows=rows)
    tz = creator.tzinfo
    MetricSnapshot.objects.bulk_create(
        [
            MetricSnapshot(
                creator=creator,
                channel_id=row["channel_id"],
                content_item_id=row.get("content_item_id"),
                captured_at=row["captured_at"],
                captured_on=row["captured_at"].astimezone(tz).date(),
                **{name: row.get(name) for name in COUNTERS},
            )
            for row in rows
        ],
        update_conflicts=True,
        unique_fields=["channel", "content_item", "captured_at"],
        update_fields=[*COUNTERS, "captured_on", "source", "updated_at"],
        batch_size=2000,
    )
    _drop_connector_days(rows, tz)
    enqueue("analytics.growth.recompute_creator", creator.pk)
    updated = len(before & seen)
    return UpsertResult(created=len(rows) - updated, updated=updated)


def _drop_connector_days(rows: list[dict], tz) -> None:
    """A number typed in or imported wins over a connector's for the same channel, piece and
    local day: the connector's row for that day goes (its next run leaves the day alone)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            DELETE FROM analytics_metricsnapshot s
            USING unnest(%s::bigint[], %s::bigint[], %s::date[]) AS m(channel_id, item_id, day)
            WHERE s.source <> '' AND s.channel_id = m.channel_id
              AND s.content_item_id IS NOT DISTINCT FROM m.item_id AND s.captured_on = m.day
            """,
            [
                [row["channel_id"] for row in rows],
                [row.get("content_item_id") for row in rows],
                [row["captured_at"].astimezone(tz).date() for row in rows],
            ],
        )


def snapshot_record(
    *,
    creator: User,
    channel: Channel,
    content_item: ContentItem | None,
    captured_at: datetime,
    **counts: int | None,
) -> tuple[MetricSnapshot, bool]:
    """Record one snapshot; the same channel, item and moment updates the existing row."""
    row = {
        "channel_id": channel.pk,
        "content_item_id": content_item.pk if content_item else None,
        "captured_at": captured_at,
        **{name: counts.get(name) for name in COUNTERS},
    }
    result = snapshots_upsert(creator=creator, rows=[row])
    snapshot = MetricSnapshot.objects.get(
        channel=channel, content_item=content_item, captured_at=captured_at
    )
    return snapshot, bool(result.created)


@transaction.atomic
def snapshot_update(
    *, snapshot: MetricSnapshot, if_match: set[int] | None = None, **changes
) -> MetricSnapshot:
    """Change a stored snapshot's numbers or moment (the key stays unique); with `if_match`,
    only if its version is one of them (checked under the row lock)."""
    creator = snapshot.creator
    snapshot = lock_for_write(snapshot, if_match)
    for field in ("channel", "content_item"):
        value = changes.get(field, getattr(snapshot, field))
        if value is not None and value.creator_id != creator.pk:
            raise ValidationError({field: _("Choose one of your own.")})
        setattr(snapshot, field, value)
    for name in ("captured_at", *COUNTERS):
        if name in changes:
            setattr(snapshot, name, changes[name])
    errors = _check_row(
        {"captured_at": snapshot.captured_at, **{n: getattr(snapshot, n) for n in COUNTERS}}
    )
    if errors:
        raise ValidationError(errors)
    clash = (
        MetricSnapshot.objects.filter(
            channel=snapshot.channel,
            content_item=snapshot.content_item,
            captured_at=snapshot.captured_at,
        )
        .exclude(pk=snapshot.pk)
        .exists()
    )
    if clash:
        raise ValidationError({"captured_at": _("There are numbers for this moment already.")})
    snapshot.captured_on = snapshot.captured_at.astimezone(creator.tzinfo).date()
    snapshot.source = ""  # edited by hand: a connector never overwrites it
    snapshot.save()
    enqueue("analytics.growth.recompute_creator", creator.pk)
    return refresh_version(snapshot)


@transaction.atomic
def snapshot_delete(*, snapshot: MetricSnapshot, if_match: set[int] | None = None) -> None:
    creator_id = snapshot.creator_id
    lock_for_write(snapshot, if_match).delete()
    enqueue("analytics.growth.recompute_creator", creator_id)


def _not_negative(value: Decimal, field: str) -> None:
    if value is None or value < 0:
        raise ValidationError({field: _("Enter zero or more.")})


@transaction.atomic
def time_entry_create(
    *, creator: User, spent_on, activity: str, hours: Decimal, note: str = ""
) -> TimeEntry:
    _not_negative(hours, "hours")
    check_dates(spent_on=spent_on)
    if activity not in TimeEntry.Activity.values:
        raise ValidationError({"activity": _("Choose an activity.")})
    entry = TimeEntry.objects.create(
        creator=creator, spent_on=spent_on, activity=activity, hours=hours, note=note
    )
    enqueue("analytics.growth.recompute_creator", creator.pk)
    return entry


@transaction.atomic
def income_entry_create(
    *, creator: User, received_on, route: str, amount: Decimal, note: str = ""
) -> IncomeEntry:
    _not_negative(amount, "amount")
    check_dates(received_on=received_on)
    if route not in IncomeEntry.Route.values:
        raise ValidationError({"route": _("Choose a monetisation route.")})
    entry = IncomeEntry.objects.create(
        creator=creator, received_on=received_on, route=route, amount=amount, note=note
    )
    enqueue("analytics.growth.recompute_creator", creator.pk)
    return entry


@transaction.atomic
def entry_delete(*, entry: TimeEntry | IncomeEntry) -> None:
    creator_id = entry.creator_id
    entry.delete()
    enqueue("analytics.growth.recompute_creator", creator_id)


def factors_for(creator: User) -> GrowthFactors:
    """The creator's k factors, or unsaved defaults."""
    return GrowthFactors.objects.filter(creator=creator).first() or GrowthFactors(creator=creator)


@transaction.atomic
def factors_update(*, creator: User, **values: Decimal) -> GrowthFactors:
    factors = factors_for(creator)
    for name, value in values.items():
        if value is None:
            raise ValidationError({name: _("Enter a number.")})
        setattr(factors, name, value)
    factors.save()
    enqueue("analytics.growth.recompute_creator", creator.pk)
    return factors
