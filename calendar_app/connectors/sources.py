"""Choosing where a channel's numbers come from: the one write behind the API and the pages."""

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import secrets
from accounts.conditional import lock_for_write

from ..models import Channel
from .registry import CONNECTORS

UNSET = object()
MAX_SECRET = 500


def phase_of(channel_id: int) -> int:
    """The channel's fixed second within the polling interval: channels spread evenly."""
    digest = hashlib.blake2b(str(channel_id).encode(), digest_size=8).digest()
    return int.from_bytes(digest) % max(settings.CONNECTOR_INTERVAL_SECONDS, 1)


def next_regular_run(channel_id: int, after: datetime) -> datetime:
    """The first moment on the channel's phase at least half an interval after `after`."""
    interval = max(settings.CONNECTOR_INTERVAL_SECONDS, 1)
    earliest = after.timestamp() + interval / 2
    start = earliest - (earliest % interval) + phase_of(channel_id)
    while start < earliest:
        start += interval
    return datetime.fromtimestamp(start, after.tzinfo or timezone.get_current_timezone())


def apply_source(
    channel: Channel,
    *,
    source_kind: str | object = UNSET,
    source_ref: str | object = UNSET,
    source_secret: str | object = UNSET,
) -> None:
    """Set the connector fields on an unsaved change (the caller saves). A changed source
    starts afresh: state ok, no validators, due now. An omitted secret is kept; an empty
    one removes it."""
    kind = channel.source_kind if source_kind is UNSET else (source_kind or "")
    ref = channel.source_ref if source_ref is UNSET else (source_ref or "")
    if kind not in {"", *Channel.Source.values}:
        raise ValidationError({"source_kind": [_("Choose one of the listed sources.")]})
    connector = CONNECTORS.get(kind)
    if connector is None:
        ref, source_secret = "", ""
    else:
        ref = connector.clean_ref(ref)
    if source_secret is not UNSET:
        plain = (source_secret or "").strip()
        if len(plain) > MAX_SECRET or any(ord(c) < 32 for c in plain):
            raise ValidationError({"source_secret": [_("This key or token is not valid.")]})
        channel.source_secret = secrets.encrypt(plain)
        channel.source_secret_hint = secrets.hint_of(plain)
    if connector is not None and connector.needs_secret and not channel.source_secret:
        raise ValidationError({"source_secret": [_("This platform needs an API key.")]})
    changed = (kind, ref) != (channel.source_kind, channel.source_ref) or (
        source_secret is not UNSET
    )
    channel.source_kind, channel.source_ref = kind, ref
    if changed:
        channel.source_state = Channel.SourceState.OK
        channel.source_failures = 0
        channel.source_last_error = ""
        channel.source_validators = {}
        channel.source_next_run_at = timezone.now() if kind else None
        channel.source_progress = ""


SOURCE_FIELDS = (
    "source_kind",
    "source_ref",
    "source_secret",
    "source_secret_hint",
    "source_state",
    "source_failures",
    "source_last_error",
    "source_validators",
    "source_next_run_at",
    "source_progress",
)


@transaction.atomic
def channel_source_update(*, channel: Channel, **source: str) -> Channel:
    locked = lock_for_write(channel, None)
    apply_source(locked, **source)
    locked.save(update_fields=SOURCE_FIELDS)
    locked.refresh_from_db(fields=["version"])
    return locked


def schedule_retry_in(seconds: float) -> datetime:
    return timezone.now() + timedelta(seconds=max(seconds, 1))
