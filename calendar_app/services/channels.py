"""Channels: where a creator publishes, and where a connector reads the numbers from."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.conditional import lock_for_write
from accounts.models import User

from ..connectors import sources
from ..models import Channel
from .base import lock_if_there, refresh_stamps, refuse_unknown

CHANNEL_FIELDS = {"platform", "name", "url", "role"}
SOURCE_FIELDS = {"source_kind", "source_ref", "source_secret"}


def _apply(channel: Channel, changes: dict[str, Any]) -> None:
    """Set the fields, then the connector's (which validates the source as a whole)."""
    refuse_unknown(changes, CHANNEL_FIELDS | SOURCE_FIELDS, _("This field cannot be changed."))
    for name in CHANNEL_FIELDS & changes.keys():
        value = changes[name]
        setattr(channel, name, value.strip() if name == "name" else value)
    channel.full_clean(exclude=["creator"], validate_unique=False)
    sources.apply_source(
        channel, **{name: changes[name] for name in SOURCE_FIELDS & changes.keys()}
    )


@transaction.atomic
def channel_create(*, creator: User, **fields: Any) -> Channel:
    channel = Channel(creator=creator)
    _apply(channel, fields)
    channel.save()
    refresh_stamps(channel)
    return channel


@transaction.atomic
def channel_update(
    *, channel: Channel, if_match: set[int] | None = None, **changes: Any
) -> Channel:
    locked = lock_for_write(channel, if_match)
    _apply(locked, changes)
    locked.save()
    refresh_stamps(locked)
    return locked


@transaction.atomic
def channel_delete(*, channel: Channel, if_match: set[int] | None = None) -> None:
    """Items on the channel stay; they just lose it. Gone already is done."""
    locked = lock_if_there(channel, if_match)
    if locked is not None:
        locked.delete()
