"""Outgoing webhooks: signed JSON POSTs announcing changes to a creator's content items.

A write records one `WebhookDelivery` per interested endpoint inside its own transaction and
enqueues the delivery task after commit, so a rolled-back write announces nothing. Receivers
verify `X-Sweetspot-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed by the
endpoint's secret>` and de-duplicate on `X-Sweetspot-Delivery`.
"""

import hashlib
import hmac
import json
import logging
import secrets
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterable
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import addresses
from accounts.models import User
from accounts.queue import enqueue

from ..models import ContentItem, WebhookDelivery, WebhookEndpoint, WebhookEvent
from ..serializers import ContentItemSerializer

logger = logging.getLogger("sweetspot.webhooks")

PING_EVENT = "ping"
SIGNATURE_HEADER = "X-Sweetspot-Signature"
EVENT_HEADER = "X-Sweetspot-Event"
DELIVERY_HEADER = "X-Sweetspot-Delivery"
TIMEOUT_SECONDS = 10


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, signature: str) -> bool:
    """What a receiver does; kept here for the tests and the example client."""
    return hmac.compare_digest(sign(secret, body), signature)


# --- addresses -----------------------------------------------------------------------------


def _check_url(url: str) -> None:
    """Refuse, on the `url` field, an address webhooks may not be sent to. A host that does
    not resolve yet is accepted: each delivery checks the address again."""
    parts = urlsplit(url)
    if settings.WEBHOOK_REQUIRE_HTTPS and parts.scheme != "https":
        raise ValidationError({"url": [_("Use an https:// address.")]})
    if settings.WEBHOOK_ALLOW_PRIVATE_HOSTS:
        return
    try:
        found = addresses.resolve(parts.hostname or "")
    except OSError:
        return
    if not all(addresses.is_public_address(address) for address in found):
        raise ValidationError(
            {"url": [_("This address is private or local; use a public https:// address.")]}
        )


# --- endpoints -----------------------------------------------------------------------------


def _clean_events(events: list[str]) -> list[str]:
    known = set(WebhookEvent.values)
    chosen = [event for event in WebhookEvent.values if event in set(events)]
    if not chosen or not set(events) <= known:
        raise ValidationError({"events": [_("Choose at least one of the listed events.")]})
    return chosen


@transaction.atomic
def endpoint_create(
    *, creator: User, url: str, events: list[str], description: str = ""
) -> WebhookEndpoint:
    endpoint = WebhookEndpoint(
        creator=creator,
        url=url,
        description=description,
        events=_clean_events(events),
        secret=secrets.token_hex(32),
    )
    endpoint.full_clean(exclude=["creator"])
    _check_url(endpoint.url)
    endpoint.save()
    return endpoint


@transaction.atomic
def endpoint_enable(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    endpoint.is_active = True
    endpoint.consecutive_failures = 0
    endpoint.disabled_at = None
    endpoint.save(update_fields=["is_active", "consecutive_failures", "disabled_at"])
    return endpoint


@transaction.atomic
def endpoint_rotate_secret(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    endpoint.secret = secrets.token_hex(32)
    endpoint.save(update_fields=["secret"])
    return endpoint


@transaction.atomic
def endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    endpoint.delete()


# --- events --------------------------------------------------------------------------------


def _item_data(item: ContentItem) -> dict[str, Any]:
    return ContentItemSerializer(item).data


def _record(
    endpoints: list[WebhookEndpoint], event: str, data: dict[str, Any], extra: dict[str, Any]
) -> None:
    for endpoint in endpoints:
        delivery_id = uuid.uuid4()
        body = json.dumps(
            {
                "id": str(delivery_id),
                "event": event,
                "created_at": timezone.now(),
                "data": data,
                **extra,
            },
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
        )
        delivery = WebhookDelivery.objects.create(
            uuid=delivery_id, endpoint=endpoint, event=event, body=body
        )
        enqueue("calendar_app.tasks.deliver_webhook", delivery.pk)


def _listening(creator_id: int) -> list[WebhookEndpoint]:
    return list(WebhookEndpoint.objects.filter(creator_id=creator_id).active())


def events_for_change(previous: dict[str, Any] | None, item: ContentItem) -> list[str]:
    if previous is None:
        return [WebhookEvent.CREATED]
    events = [WebhookEvent.UPDATED]
    if previous["planned_for"] != item.planned_for:
        events.append(WebhookEvent.RESCHEDULED)
    if previous["status"] != item.status:
        events.append(WebhookEvent.STATUS_CHANGED)
    return events


def item_saved(*, item: ContentItem, previous: dict[str, Any] | None) -> None:
    """Announce a saved item. `previous` holds its `status` and `planned_for` before the write
    (None for a new item). Any service that writes items should call this inside its
    transaction (the planning pages' drag-reschedule included)."""
    endpoints = _listening(item.creator_id)
    if not endpoints:
        return
    data = _item_data(item)
    for event in events_for_change(previous, item):
        extra = {"previous": previous} if previous is not None else {}
        _record([e for e in endpoints if event in e.events], event, data, extra)


def item_deleted(*, item: ContentItem) -> None:
    """Announce an item about to be deleted (call inside the deleting transaction)."""
    items_deleted(creator_id=item.creator_id, items=[item])


def items_created(*, creator_id: int, items: Iterable[ContentItem]) -> None:
    """Announce items written in bulk (a series' occurrences): one `created` event each.

    `items` may be a lazy queryset: it is read only when an endpoint listens."""
    _announce(creator_id, WebhookEvent.CREATED, items)


def items_deleted(*, creator_id: int, items: Iterable[ContentItem]) -> None:
    """Announce items about to be deleted in bulk (inside the deleting transaction)."""
    _announce(creator_id, WebhookEvent.DELETED, items)


def _announce(creator_id: int, event: str, items: Iterable[ContentItem]) -> None:
    endpoints = [e for e in _listening(creator_id) if event in e.events]
    if endpoints:
        for item in items:
            _record(endpoints, event, _item_data(item), {})


@transaction.atomic
def send_test(*, endpoint: WebhookEndpoint) -> None:
    """The settings page's test button: a signed `ping` delivered like any other event."""
    _record([endpoint], PING_EVENT, {"endpoint": endpoint.pk, "url": endpoint.url}, {})


# --- delivery ------------------------------------------------------------------------------


class Outcome:
    DONE = "done"
    RETRY = "retry"


def _refuses_host(url: str) -> str:
    """Why a delivery may not go to this URL now, or ''. Checked again before every attempt:
    the rules may have changed since the endpoint was saved, and so may the host's DNS."""
    if settings.WEBHOOK_REQUIRE_HTTPS and urlsplit(url).scheme != "https":
        return "refused: the URL is not https"
    return addresses.refuses_url(url, allow_private=settings.WEBHOOK_ALLOW_PRIVATE_HOSTS)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect could lead to a private address: it counts as a failed delivery instead.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    refusal = _refuses_host(delivery.endpoint.url)
    if refusal:
        return None, refusal
    body = delivery.body.encode()
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked by the URLField
        delivery.endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Sweetspot-Webhooks/1",
            EVENT_HEADER: delivery.event,
            DELIVERY_HEADER: str(delivery.uuid),
            SIGNATURE_HEADER: sign(delivery.endpoint.secret, body),
        },
    )
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (OSError, ValueError) as error:
        return None, str(error)[:300] or error.__class__.__name__


def attempt_delivery(delivery_id: int) -> tuple[str, int]:
    """POST one delivery once; the outcome and how many attempts it has had."""
    delivery = (
        WebhookDelivery.objects.select_related("endpoint")
        .filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
        .first()
    )
    if delivery is None or not delivery.endpoint.is_active:
        return Outcome.DONE, 0
    code, error = _post(delivery)
    ok = code is not None and 200 <= code < 300
    delivery.attempts += 1
    final = delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS
    delivery.response_code = code
    delivery.error = error
    delivery.last_attempt_at = timezone.now()
    if ok or final:
        delivery.status = WebhookDelivery.Status.SUCCEEDED if ok else WebhookDelivery.Status.FAILED
    delivery.save(update_fields=["attempts", "response_code", "error", "last_attempt_at", "status"])
    if ok:
        WebhookEndpoint.objects.filter(pk=delivery.endpoint_id).update(consecutive_failures=0)
        return Outcome.DONE, delivery.attempts
    if not final:
        return Outcome.RETRY, delivery.attempts
    _count_failure(delivery.endpoint_id)
    return Outcome.DONE, delivery.attempts


def stalled_deliveries() -> list[int]:
    """Pending deliveries whose task was lost (the broker was down, or restarted)."""
    now = timezone.now()
    longest_pause = timedelta(seconds=retry_delay(settings.WEBHOOK_MAX_ATTEMPTS))
    never_tried = Q(attempts=0, created_at__lt=now - timedelta(minutes=5))
    forgotten = Q(attempts__gt=0, last_attempt_at__lt=now - longest_pause)
    return list(
        WebhookDelivery.objects.filter(
            never_tried | forgotten,
            status=WebhookDelivery.Status.PENDING,
            endpoint__is_active=True,
        ).values_list("pk", flat=True)[:1000]
    )


def resend_stalled() -> int:
    """Send the stalled deliveries' tasks straight to the broker (beat's resend, not the
    outbox: the delivery row is the record); how many went."""
    deliver = current_app.tasks["calendar_app.tasks.deliver_webhook"]
    sent = 0
    for delivery_id in stalled_deliveries():
        try:
            deliver.delay(delivery_id)
            sent += 1
        except Exception:
            logger.exception("Resending webhook delivery %s failed", delivery_id)
    return sent


def _count_failure(endpoint_id: int) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint_id).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    WebhookEndpoint.objects.filter(
        pk=endpoint_id,
        is_active=True,
        consecutive_failures__gte=settings.WEBHOOK_FAILURE_LIMIT,
    ).update(is_active=False, disabled_at=timezone.now())


def retry_delay(retries: int) -> int:
    """Seconds before the next attempt: 30 s, 2 min, 8 min, 32 min... by default."""
    return settings.WEBHOOK_RETRY_BASE_SECONDS * 4**retries
