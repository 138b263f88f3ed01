"""Content items: one write path for the planning pages, the API, imports, connectors and
the assistant, with the same status, repurposing and series rules on every one.

A planned date is an intention and moves freely; a published date is a fact and is only
ever filled in, never moved. An edited series occurrence leaves its series (a later series
change keeps it); an occurrence is skipped, never deleted, or it would be generated again.
Every write is announced to the creator's webhooks.
"""

from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import hierarchy
from accounts.bounds import check_dates
from accounts.conditional import lock_for_write
from accounts.models import User

from ..models import Channel, ContentItem
from ..sync import webhooks
from .base import clean_and_save, lock_if_there, owned, refuse_unknown

DEFAULT_TIME = time(9, 0)

ITEM_FIELDS = frozenset(ContentItem.EDITABLE_FIELDS)
# An import also keeps the calendar event's UID, so the next import finds the item again.
CREATE_FIELDS = ITEM_FIELDS | {"ical_uid"}
# Checked by `owned` and the repurposing rule, not by full_clean's existence queries.
RELATIONS = ["creator", "topic", "channel", "repurposed_from", "series"]


def apply_status_rules(item: ContentItem) -> None:
    if item.status == ContentItem.Status.PUBLISHED and item.published_at is None:
        item.published_at = timezone.now()


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


def refuse_occurrence_delete(item: ContentItem) -> None:
    """A deleted occurrence would be generated again: it is skipped instead."""
    if item.series_id:
        raise ValidationError(
            {"series": _("Skip a series occurrence instead, or it will be generated again.")}
        )


def _before(item: ContentItem) -> dict[str, Any]:
    """What webhooks compare with: the item's status and planned date before a write."""
    return {"status": item.status, "planned_for": item.planned_for}


def _saved(item: ContentItem, previous: dict[str, Any] | None) -> ContentItem:
    """Read back the stamps the database set (for the ETag) and tell the webhooks."""
    item.refresh_from_db(fields=["version", "change_seq", "updated_at"])
    webhooks.item_saved(item=item, previous=previous)
    return item


def _owned_relations(creator_id: int, fields: dict[str, Any]) -> None:
    owned(
        creator_id,
        topic=fields.get("topic"),
        channel=fields.get("channel"),
        repurposed_from=fields.get("repurposed_from"),
    )


@transaction.atomic
def content_item_create(*, creator: User, **fields: Any) -> ContentItem:
    """A new item from any of the editable fields (a title at least)."""
    refuse_unknown(fields, CREATE_FIELDS, _("This field cannot be set."))
    _owned_relations(creator.pk, fields)
    item = ContentItem(creator=creator, **fields)
    item.title = (item.title or "").strip()
    check_repurposed_from(item=item, source=fields.get("repurposed_from"))
    apply_status_rules(item)
    clean_and_save(item, exclude=RELATIONS)
    return _saved(item, None)


@transaction.atomic
def content_items_create_bulk(*, creator: User, items: list[ContentItem]) -> list[ContentItem]:
    """Many new items of one creator (a review's ideas) in one insert: the same status rules
    as one by one, and a `created` webhook event each, as a series announces its occurrences.
    With no endpoint listening that costs one query more, whatever the number of items."""
    for item in items:
        item.creator = creator
        item.title = (item.title or "").strip()
        apply_status_rules(item)
    created = ContentItem.objects.bulk_create(items)
    if created:
        # Read back lazily: only when an endpoint listens, with the stamps the database set.
        fresh = ContentItem.objects.filter(pk__in=[item.pk for item in created]).order_by("pk")
        webhooks.items_created(creator_id=creator.pk, items=fresh)
    return created


@transaction.atomic
def content_item_update(
    *, item: ContentItem, if_match: set[int] | None = None, **changes: Any
) -> ContentItem:
    """Change any of the item's fields; an edited series occurrence leaves its series."""
    refuse_unknown(changes, ITEM_FIELDS, _("This field cannot be changed."))
    _owned_relations(item.creator_id, changes)
    if "repurposed_from" in changes:
        # The repurposing links' locks come first, as on every path, so no two writers
        # ever take them in opposite orders.
        check_repurposed_from(item=item, source=changes["repurposed_from"])
    locked = lock_for_write(item, if_match)
    previous = _before(locked)
    for name, value in changes.items():
        setattr(locked, name, value.strip() if name == "title" else value)
    apply_status_rules(locked)
    if locked.series_id:
        locked.series_detached = True
    clean_and_save(locked, exclude=RELATIONS)
    return _saved(locked, previous)


@transaction.atomic
def content_item_reschedule(
    *,
    item: ContentItem,
    day: date | None = None,
    planned_for: datetime | None = None,
    if_match: set[int] | None = None,
) -> ContentItem:
    """Move the planned date: to `day` at the same local time, or to `planned_for`.

    The published date never moves: moving a published item re-plans, it does not
    rewrite when it went out.
    """
    if (day is None) == (planned_for is None):
        raise ValidationError({"planned_for": _("Give a day or a date and time.")})
    locked = lock_for_write(item, if_match)
    if planned_for is None:
        zone = item.creator.tzinfo
        moment = (
            timezone.localtime(locked.planned_for, zone).time()
            if locked.planned_for
            else DEFAULT_TIME
        )
        planned_for = datetime.combine(day, moment, tzinfo=zone)
    check_dates(planned_for=planned_for)
    previous = _before(locked)
    locked.planned_for = planned_for
    if locked.series_id:
        locked.series_detached = True
    locked.save(update_fields=["planned_for", "series_detached", "updated_at"])
    return _saved(locked, previous)


@transaction.atomic
def content_item_move_status(
    *, item: ContentItem, status: str, if_match: set[int] | None = None
) -> ContentItem:
    if status not in ContentItem.Status.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    locked = lock_for_write(item, if_match)
    previous = _before(locked)
    locked.status = status
    apply_status_rules(locked)
    locked.save(update_fields=["status", "published_at", "updated_at"])
    return _saved(locked, previous)


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
def content_item_skip(
    *, item: ContentItem, skipped: bool = True, if_match: set[int] | None = None
) -> ContentItem:
    """Skip one series occurrence: it is kept (so it is not generated again) but hidden."""
    if not item.series_id:
        raise ValidationError({"skipped": _("Only an occurrence of a series can be skipped.")})
    locked = lock_for_write(item, if_match)
    locked.skipped = skipped
    locked.save(update_fields=["skipped", "updated_at"])
    locked.refresh_from_db(fields=["version", "change_seq", "updated_at"])
    return locked


@transaction.atomic
def content_item_delete(*, item: ContentItem, if_match: set[int] | None = None) -> None:
    """Delete the item (gone already is done); a series occurrence is refused."""
    locked = lock_if_there(item, if_match)
    if locked is None:
        return
    refuse_occurrence_delete(locked)
    webhooks.item_deleted(item=locked)
    locked.delete()
