"""One connector run for one channel, and the creator's answers about what it found.

A run reads the platform outside any transaction, then writes everything in one: the
channel row is locked first, so two runs of one channel (beat and "fetch now") queue up and
the second finds the first's publications. Snapshots are keyed by channel, piece and local
day (`one_connector_snapshot_per_day`): a second run that day updates them. A snapshot
typed in or imported for that day wins: the connector leaves it alone.
"""

import logging
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.bounds import in_range
from accounts.queue import enqueue
from analytics.models import COUNTERS, Publication
from calendar_app import services as plan_services
from calendar_app.connectors import limits, sources
from calendar_app.connectors.base import Post, Result
from calendar_app.connectors.http import Client, FetchError
from calendar_app.connectors.registry import CONNECTORS
from calendar_app.models import Channel, ContentItem

from . import matching

logger = logging.getLogger("sweetspot.connectors")

CLAIM_SECONDS = 15 * 60  # a queued run that never started is picked up again after this


class Outcome:
    DONE = "done"
    FAILED = "failed"
    DELAYED = "delayed"
    SKIPPED = "skipped"


# --- asking for a run ----------------------------------------------------------------------


@transaction.atomic
def fetch_request(*, channel: Channel) -> Channel:
    """ "Fetch now": queue a run at once, even for a paused channel."""
    if not channel.source_kind:
        raise ValidationError({"source_kind": [_("This channel has no connector.")]})
    # Should the task be lost, beat runs the channel once the claim has lapsed.
    sources.sources_claim(
        channel_ids=[channel.pk], until=timezone.now() + timedelta(seconds=CLAIM_SECONDS)
    )
    enqueue("analytics.connectors.tasks.fetch_channel", channel.pk, True)
    channel.refresh_from_db()
    return channel


def claim_due(*, now: datetime, limit: int = 500) -> list[int]:
    """Mark up to `limit` due channels queued and enqueue their runs (beat's job)."""
    with transaction.atomic():
        due = list(
            Channel.objects.filter(
                ~Q(source_kind=""),
                ~Q(source_state=Channel.SourceState.PAUSED),
                source_next_run_at__lte=now,
            )
            .order_by("source_next_run_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        sources.sources_claim(channel_ids=due, until=now + timedelta(seconds=CLAIM_SECONDS))
        for channel_id in due:
            enqueue("analytics.connectors.tasks.fetch_channel", channel_id, False)
    return due


# --- one run -------------------------------------------------------------------------------


def host_of(channel: Channel, base: str) -> str:
    from urllib.parse import urlsplit

    if channel.source_kind == "rss":
        return urlsplit(channel.source_ref).netloc
    if channel.source_kind == "mastodon" and not base:
        return channel.source_ref.partition("@")[2]
    return urlsplit(base).netloc


def run(channel_id: int, *, forced: bool = False) -> str:
    """Fetch one channel and write what it brings; never raises for the platform's faults."""
    from accounts import secrets

    channel = (
        Channel.objects.select_related("creator").filter(pk=channel_id).exclude(source_kind="")
    ).first()
    if channel is None:
        return Outcome.SKIPPED
    if channel.source_state == Channel.SourceState.PAUSED and not forced:
        return Outcome.SKIPPED
    connector = CONNECTORS[channel.source_kind]
    base = settings.CONNECTOR_BASE_URLS.get(channel.source_kind, "").rstrip("/")
    host = host_of(channel, base)
    wait = limits.host_paused_for(host)
    if wait > 0:
        _delay(channel, wait, forced)
        return Outcome.DELAYED
    sources.source_running(channel_id=channel.pk)
    last = channel.source_last_success_at
    client = Client(
        validators=dict(channel.source_validators),
        since=last - matching.TITLE_WINDOW if last else None,
    )
    try:
        result = connector.fetch(
            client, base=base, ref=channel.source_ref, secret=secrets.decrypt(channel.source_secret)
        )
    except limits.HostBusy as busy:
        _delay(channel, busy.wait, forced)
        return Outcome.DELAYED
    except FetchError as error:
        _failed(channel, error.code, error.retry_after)
        return Outcome.FAILED
    except Exception:  # a connector's bug must not stop the other channels
        logger.exception("Connector %s failed on channel %s", channel.source_kind, channel.pk)
        _failed(channel, "internal", None)
        return Outcome.FAILED
    finally:
        client.close()
    _succeeded(channel, result, client.validators)
    return Outcome.DONE


def _delay(channel: Channel, seconds: float, forced: bool) -> None:
    """Run later, without counting a failure; a paused channel someone asked to fetch
    becomes failing, so beat picks the postponed run up."""
    until = timezone.now() + timedelta(seconds=seconds + 1)
    sources.source_postpone(channel=channel, until=until, wake=forced)


def _failed(channel: Channel, code: str, retry_after: float | None) -> None:
    sources.source_failed(channel_id=channel.pk, code=code, retry_after=retry_after)
    logger.info("Connector run failed: channel %s, %s", channel.pk, code)


@transaction.atomic
def _succeeded(channel: Channel, result: Result, validators: dict) -> None:
    now = timezone.now()
    locked = Channel.objects.select_for_update().select_related("creator").get(pk=channel.pk)
    if locked.source_kind != channel.source_kind or locked.source_ref != channel.source_ref:
        return  # the source changed while we fetched: this answer is for the old one
    creator = locked.creator
    today = creator.local_today(now)
    rows: list[dict[str, Any]] = []
    if result.account:
        rows.append({"content_item_id": None, **result.account})
    piece_rows, matched = _publications(locked, result.posts)
    rows.extend(piece_rows)
    changed = write_snapshots(channel=locked, rows=rows, day=today, moment=now) + matched
    sources.source_succeeded(channel=locked, now=now, validators=validators)
    if changed:
        enqueue("analytics.growth.recompute_creator", creator.pk)


def _publications(channel: Channel, posts: list[Post]) -> tuple[list[dict[str, Any]], int]:
    """Record new publications (matched to the plan where one fits), refresh the counts of
    known ones; the per-piece snapshot rows for those in the plan, and how many matched."""
    latest = timezone.now() + timedelta(days=1)
    posts = list(
        {
            post.external_id: post
            for post in posts
            if in_range(post.published_at) and post.published_at <= latest
        }.values()
    )
    if not posts:
        return [], 0
    known = {
        publication.external_id: publication
        for publication in Publication.objects.filter(
            channel=channel, external_id__in=[post.external_id for post in posts]
        )
    }
    fresh = [post for post in posts if post.external_id not in known]
    matched = _match_new(channel, fresh)
    created = Publication.objects.bulk_create(
        [
            Publication(
                creator_id=channel.creator_id,
                channel=channel,
                external_id=post.external_id,
                url=post.url,
                title=post.title,
                published_at=post.published_at,
                content_item=matched.get(post.external_id),
                state=Publication.State.MATCHED
                if post.external_id in matched
                else Publication.State.UNPLANNED,
                counts=post.counts,
            )
            for post in fresh
        ]
    )
    stale = []
    for post in posts:
        publication = known.get(post.external_id)
        if publication is not None and publication.counts != post.counts:
            publication.counts = post.counts
            stale.append(publication)
    if stale:
        Publication.objects.bulk_update(stale, ["counts"])
    rows = [
        {"content_item_id": publication.content_item_id, **publication.counts}
        for publication in [*created, *known.values()]
        if publication.content_item_id and publication.counts
    ]
    return rows, len(matched)


def _match_new(channel: Channel, posts: list[Post]) -> dict[str, ContentItem]:
    if not posts:
        return {}
    earliest = min(post.published_at for post in posts) - matching.TITLE_WINDOW
    latest = max(post.published_at for post in posts) + matching.TITLE_WINDOW
    linked = Publication.objects.filter(content_item__isnull=False).values("content_item_id")
    candidates = list(
        ContentItem.objects.for_creator(channel.creator_id)
        .filter(Q(channel=channel) | Q(channel__isnull=True))
        .exclude(pk__in=linked)
        .filter(
            Q(url__in=[post.url for post in posts])
            | Q(url="", planned_for__range=(earliest, latest))
        )
        .visible()
        .order_by("planned_for", "pk")
    )
    taken: set[int] = set()
    found: dict[str, ContentItem] = {}
    for post in sorted(posts, key=lambda p: p.published_at):
        item = matching.match(post, candidates, taken)
        if item is None:
            continue
        try:
            found[post.external_id] = plan_services.content_item_update(
                item=item,
                status=ContentItem.Status.PUBLISHED,
                published_at=post.published_at,
                url=post.url,
                channel=item.channel or channel,
            )
        except ValidationError:
            continue  # the platform's URL does not fit the piece: left for the creator
        taken.add(item.pk)
    return found


# --- snapshots -----------------------------------------------------------------------------

# Only the model's own column names are formatted in; every value is a parameter.
_UPSERT = f"""
INSERT INTO analytics_metricsnapshot
    (creator_id, channel_id, content_item_id, captured_at, captured_on, source,
     {", ".join(COUNTERS)}, created_at, updated_at, version)
SELECT %s, %s, r.item_id, %s, %s, %s, {", ".join(f"r.{name}" for name in COUNTERS)}, %s, %s, 1
FROM unnest(%s::bigint[], {", ".join("%s::bigint[]" for _ in COUNTERS)})
    AS r(item_id, {", ".join(COUNTERS)})
WHERE NOT EXISTS (
    SELECT 1 FROM analytics_metricsnapshot m
    WHERE m.channel_id = %s AND m.content_item_id IS NOT DISTINCT FROM r.item_id
      AND m.captured_on = %s AND m.source = ''
)
ON CONFLICT (channel_id, content_item_id, captured_on) WHERE source <> ''
DO UPDATE SET {", ".join(f"{name} = EXCLUDED.{name}" for name in COUNTERS)},
    source = EXCLUDED.source, updated_at = EXCLUDED.updated_at
WHERE ({", ".join(f"analytics_metricsnapshot.{name}" for name in COUNTERS)})
    IS DISTINCT FROM ({", ".join(f"EXCLUDED.{name}" for name in COUNTERS)})
"""  # noqa: S608


def write_snapshots(
    *, channel: Channel, rows: list[dict[str, Any]], day: date, moment: datetime
) -> int:
    """Upsert the day's connector snapshots in one statement; rows a manual snapshot of the
    same channel, piece and day already covers are skipped. Returns the rows written."""
    rows = [row for row in rows if any(row.get(name) is not None for name in COUNTERS)]
    if not rows:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            _UPSERT,
            [
                channel.creator_id,
                channel.pk,
                moment,
                day,
                channel.source_kind,
                moment,
                moment,
                [row.get("content_item_id") for row in rows],
                *[[row.get(name) for row in rows] for name in COUNTERS],
                channel.pk,
                day,
            ],
        )
        return cursor.rowcount


# --- the creator's answers -----------------------------------------------------------------


@transaction.atomic
def publication_confirm(*, publication: Publication) -> Publication:
    """Add an unplanned publication to the plan as a published piece, with its numbers."""
    locked = (
        Publication.objects.select_for_update().select_related("channel").get(pk=publication.pk)
    )
    if locked.state != Publication.State.UNPLANNED:
        raise ValidationError(_("This publication has already been answered."))
    item = plan_services.content_item_create(
        creator=locked.channel.creator,
        title=locked.title,
        channel=locked.channel,
        status=ContentItem.Status.PUBLISHED,
        published_at=locked.published_at,
        url=locked.url,
    )
    locked.content_item = item
    locked.state = Publication.State.CONFIRMED
    locked.save(update_fields=["content_item", "state"])
    if locked.counts and locked.channel.source_kind:
        now = timezone.now()
        written = write_snapshots(
            channel=locked.channel,
            rows=[{"content_item_id": item.pk, **locked.counts}],
            day=locked.channel.creator.local_today(now),
            moment=now,
        )
        if written:
            enqueue("analytics.growth.recompute_creator", locked.creator_id)
    return locked


@transaction.atomic
def publication_dismiss(*, publication: Publication) -> Publication:
    updated = Publication.objects.filter(
        pk=publication.pk, state=Publication.State.UNPLANNED
    ).update(state=Publication.State.DISMISSED)
    if not updated:
        raise ValidationError(_("This publication has already been answered."))
    publication.refresh_from_db()
    return publication
