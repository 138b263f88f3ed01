"""Writes behind the REST API, imports and sync pages: versioned, and announced to webhooks.

Every write takes the row lock first (accounts.conditional), so a client's `If-Match` version
is compared with the row as it is, not as it was read: of two clients racing with the same
ETag exactly one wins.
"""

from typing import Any

from django.db import transaction

from accounts.conditional import PreconditionFailed, check_version, lock_for_write
from accounts.models import User

from . import services, webhooks
from .connectors import sources
from .models import Channel, ContentItem, Series
from .services import apply_status_rules


def _apply(instance, data: dict[str, Any]) -> None:
    for field, value in data.items():
        setattr(instance, field, value)
    if isinstance(instance, ContentItem):
        apply_status_rules(instance)  # the same publishing rule as the planning pages
    instance.full_clean(exclude=["creator"], validate_unique=False)


def _refresh_stamps(instance) -> None:
    # The database trigger set these; read them back for the response's ETag.
    fields = ["version", "change_seq", "updated_at"] if isinstance(instance, ContentItem) else []
    instance.refresh_from_db(fields=fields or ["version"])


@transaction.atomic
def content_item_create(*, creator: User, data: dict[str, Any]) -> ContentItem:
    item = ContentItem(creator=creator)
    services.check_repurposed_from(item=item, source=data.get("repurposed_from"))
    _apply(item, data)
    item.save()
    _refresh_stamps(item)
    webhooks.item_saved(item=item, previous=None)
    return item


@transaction.atomic
def content_item_update(
    *, item: ContentItem, data: dict[str, Any], if_match: set[int] | None = None
) -> ContentItem:
    if "repurposed_from" in data:
        # The repurposing links' locks come first, as on every path, so no two writers
        # ever take them in opposite orders.
        services.check_repurposed_from(item=item, source=data["repurposed_from"])
    locked = lock_for_write(item, if_match)
    previous = {"status": locked.status, "planned_for": locked.planned_for}
    _apply(locked, data)
    if locked.series_id:  # an edited occurrence leaves its series, as on the pages
        locked.series_detached = True
    locked.save()
    _refresh_stamps(locked)
    webhooks.item_saved(item=locked, previous=previous)
    return locked


@transaction.atomic
def content_item_delete(*, item: ContentItem, if_match: set[int] | None = None) -> None:
    locked = ContentItem.objects.select_for_update().filter(pk=item.pk).first()
    if locked is None:
        return
    check_version(locked.version, if_match)
    services.refuse_occurrence_delete(locked)
    webhooks.item_deleted(item=locked)
    locked.delete()


def _apply_channel(channel: Channel, data: dict[str, Any]) -> None:
    source = {name: data.pop(name) for name in list(data) if name.startswith("source_")}
    _apply(channel, data)
    sources.apply_source(channel, **source)


@transaction.atomic
def channel_create(*, creator: User, data: dict[str, Any]) -> Channel:
    channel = Channel(creator=creator)
    _apply_channel(channel, data)
    channel.save()
    _refresh_stamps(channel)
    return channel


@transaction.atomic
def channel_update(
    *, channel: Channel, data: dict[str, Any], if_match: set[int] | None = None
) -> Channel:
    locked = lock_for_write(channel, if_match)
    _apply_channel(locked, data)
    locked.save()
    _refresh_stamps(locked)
    return locked


@transaction.atomic
def channel_delete(*, channel: Channel, if_match: set[int] | None = None) -> None:
    locked = Channel.objects.select_for_update().filter(pk=channel.pk).first()
    if locked is None:
        return
    check_version(locked.version, if_match)
    locked.delete()


@transaction.atomic
def series_create(*, creator: User, data: dict[str, Any]) -> Series:
    return services.series_create(creator=creator, **data)


@transaction.atomic
def series_update(
    *, series: Series, data: dict[str, Any], if_match: set[int] | None = None
) -> Series:
    """The planning service's update (which re-materialises occurrences) under the row lock;
    its own compare-and-set on `version` backs the check up."""
    locked = (
        Series.objects.select_for_update(of=("self",)).select_related("creator").get(pk=series.pk)
    )
    check_version(locked.version, if_match)
    try:
        return services.series_update(series=locked, **data)
    except services.SeriesChanged as error:
        raise PreconditionFailed(error.current_version or locked.version) from error


@transaction.atomic
def series_delete(*, series: Series, if_match: set[int] | None = None) -> None:
    locked = (
        Series.objects.select_for_update(of=("self",))
        .select_related("creator")
        .filter(pk=series.pk)
        .first()
    )
    if locked is None:
        return
    check_version(locked.version, if_match)
    services.series_delete(series=locked)
