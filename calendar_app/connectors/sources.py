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


# --- a run's bookkeeping: the run itself (analytics.connectors) writes its state here ------

MAX_BACKOFF_SECONDS = 24 * 3600
RUN_FIELDS = [
    "source_state",
    "source_failures",
    "source_last_error",
    "source_last_success_at",
    "source_next_run_at",
    "source_progress",
    "source_validators",
]


def sources_claim(*, channel_ids: list[int], until: datetime) -> None:
    """Mark channels queued for a run; should the run be lost, they are due again `until`."""
    Channel.objects.filter(pk__in=channel_ids).update(
        source_progress="queued", source_next_run_at=until
    )


def source_running(*, channel_id: int) -> None:
    Channel.objects.filter(pk=channel_id).update(source_progress="running")


def source_postpone(*, channel: Channel, until: datetime, wake: bool) -> None:
    """Run later, without counting a failure; with `wake` a paused channel becomes failing,
    so beat picks the postponed run up."""
    changes: dict[str, object] = {"source_progress": "", "source_next_run_at": until}
    if wake and channel.source_state == Channel.SourceState.PAUSED:
        changes["source_state"] = Channel.SourceState.FAILING
    Channel.objects.filter(pk=channel.pk).update(**changes)


def backoff_seconds(failures: int, retry_after: float | None) -> float:
    """Doubling from CONNECTOR_BACKOFF_SECONDS, at least what Retry-After asked, at most a day."""
    doubling = settings.CONNECTOR_BACKOFF_SECONDS * 2 ** max(failures - 1, 0)
    return min(max(doubling, retry_after or 0), MAX_BACKOFF_SECONDS)


@transaction.atomic
def source_failed(*, channel_id: int, code: str, retry_after: float | None) -> None:
    """Count a failed run: back off, and pause after CONNECTOR_FAILURE_LIMIT in a row."""
    locked = Channel.objects.select_for_update().get(pk=channel_id)
    failures = locked.source_failures + 1
    paused = failures >= settings.CONNECTOR_FAILURE_LIMIT
    locked.source_failures = min(failures, 32767)
    locked.source_last_error = code
    locked.source_progress = ""
    locked.source_state = Channel.SourceState.PAUSED if paused else Channel.SourceState.FAILING
    delay = timedelta(seconds=backoff_seconds(failures, retry_after))
    locked.source_next_run_at = None if paused else timezone.now() + delay
    locked.save(
        update_fields=[
            "source_failures",
            "source_last_error",
            "source_progress",
            "source_state",
            "source_next_run_at",
        ]
    )


def source_succeeded(*, channel: Channel, now: datetime, validators: dict) -> None:
    """Record a good run on a channel the caller has locked: state ok, next run on its phase.
    Only the last validators are kept (the URLs of one run), so the column stays small."""
    channel.source_state = Channel.SourceState.OK
    channel.source_failures = 0
    channel.source_last_error = ""
    channel.source_last_success_at = now
    channel.source_next_run_at = next_regular_run(channel.pk, now)
    channel.source_progress = ""
    channel.source_validators = dict(list(validators.items())[-20:])
    channel.save(update_fields=RUN_FIELDS)
