"""Webhooks: signed deliveries after commit, retries with backoff, logging, switching off."""

import json
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from calendar_app import services
from calendar_app.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from calendar_app.sync import webhooks
from calendar_app.tasks import deliver_webhook, resend_stalled_webhooks
from tests.calendar_app.sync_fixtures import ContentItemFactory
from tests.conftest import broker_down, database_lost_once

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/content-items/"
WEBHOOKS = "/plan/sync/webhooks/"


def endpoint_for(owner, url, events=WebhookEvent.values):
    return webhooks.endpoint_create(creator=owner, url=url, events=list(events))


def test_item_lifecycle_sends_signed_events(
    owner_api, owner, receiver, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(owner, receiver.url)

    with django_capture_on_commit_callbacks(execute=True):
        created = owner_api.post(ITEMS, {"title": "新文章 零拷贝"}, format="json").json()
    with django_capture_on_commit_callbacks(execute=True):
        owner_api.patch(
            f"{ITEMS}{created['id']}/",
            {"status": "scheduled", "planned_for": "2026-05-01T20:00:00+08:00"},
            format="json",
        )
    with django_capture_on_commit_callbacks(execute=True):
        owner_api.delete(f"{ITEMS}{created['id']}/")

    events = [request["headers"]["X-Sweetspot-Event"] for request in receiver.requests]
    assert events == [
        "content_item.created",
        "content_item.updated",
        "content_item.rescheduled",
        "content_item.status_changed",
        "content_item.deleted",
    ]
    for request in receiver.requests:
        assert webhooks.verify(
            endpoint.secret, request["body"], request["headers"]["X-Sweetspot-Signature"]
        )
    first = receiver.json(0)
    assert first["data"]["title"] == "新文章 零拷贝"
    assert first["id"] == receiver.requests[0]["headers"]["X-Sweetspot-Delivery"]
    assert receiver.json(3)["previous"]["status"] == "idea"
    assert set(WebhookDelivery.objects.values_list("status", "response_code")) == {
        ("succeeded", 200)
    }


def test_a_tampered_body_fails_verification(owner, receiver):
    endpoint = endpoint_for(owner, receiver.url)
    body = json.dumps({"event": "x"}).encode()

    assert not webhooks.verify(endpoint.secret, body + b" ", webhooks.sign(endpoint.secret, body))


def test_endpoint_receives_only_its_events(
    owner_api, owner, receiver, django_capture_on_commit_callbacks
):
    endpoint_for(owner, receiver.url, events=[WebhookEvent.RESCHEDULED])
    item = ContentItemFactory(creator=owner)

    with django_capture_on_commit_callbacks(execute=True):
        owner_api.patch(f"{ITEMS}{item.pk}/", {"title": "只改标题"}, format="json")
        owner_api.patch(
            f"{ITEMS}{item.pk}/", {"planned_for": "2027-01-01T00:00:00Z"}, format="json"
        )

    assert [r["headers"]["X-Sweetspot-Event"] for r in receiver.requests] == [
        "content_item.rescheduled"
    ]


def test_failed_delivery_is_retried_until_it_succeeds(
    owner, receiver, django_capture_on_commit_callbacks
):
    endpoint_for(owner, receiver.url)
    receiver.statuses = [500, 503]

    with django_capture_on_commit_callbacks(execute=True):
        webhooks.send_test(endpoint=WebhookEndpoint.objects.get())

    delivery = WebhookDelivery.objects.get()
    assert len(receiver.requests) == 3
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("succeeded", 3, 200)
    assert receiver.json()["event"] == "ping"


def test_retry_delays_grow():
    assert [webhooks.retry_delay(n) for n in range(4)] == [30, 120, 480, 1920]


def test_endpoint_is_switched_off_after_repeated_failures(
    owner, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    settings.WEBHOOK_FAILURE_LIMIT = 2
    endpoint = endpoint_for(owner, receiver.url)
    receiver.statuses = [500] * 10

    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            webhooks.send_test(endpoint=endpoint)

    endpoint.refresh_from_db()
    assert not endpoint.is_active and endpoint.disabled_at is not None
    assert endpoint.consecutive_failures == 2
    assert len(receiver.requests) == 4  # the third delivery was never attempted
    failed = WebhookDelivery.objects.filter(status="failed")
    assert failed.count() == 2 and {d.response_code for d in failed} == {500}

    webhooks.endpoint_enable(endpoint=endpoint)
    endpoint.refresh_from_db()
    assert endpoint.is_active and endpoint.consecutive_failures == 0


def test_unreachable_endpoint_logs_the_error(owner, settings, django_capture_on_commit_callbacks):
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = True
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    endpoint = endpoint_for(owner, "http://127.0.0.1:1/closed")

    with django_capture_on_commit_callbacks(execute=True):
        webhooks.send_test(endpoint=endpoint)

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed" and delivery.response_code is None and delivery.error


def test_private_addresses_are_refused_in_production(
    owner, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = True
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    endpoint = endpoint_for(owner, "http://127.0.0.1:8000/hook")
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = False

    with django_capture_on_commit_callbacks(execute=True):
        webhooks.send_test(endpoint=endpoint)

    assert "private" in WebhookDelivery.objects.get().error


def test_rolled_back_write_announces_nothing(owner, receiver, django_capture_on_commit_callbacks):
    endpoint_for(owner, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                services.content_item_create(creator=owner, title="回滚")
                raise RuntimeError
        except RuntimeError:
            pass

    assert receiver.requests == [] and not WebhookDelivery.objects.exists()


def test_page_creates_a_webhook_and_the_test_button_delivers(
    owner_client, owner, receiver, django_capture_on_commit_callbacks
):
    response = owner_client.post(
        WEBHOOKS, {"url": receiver.url, "events": [WebhookEvent.CREATED, WebhookEvent.DELETED]}
    )
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302 and endpoint.events == [
        "content_item.created",
        "content_item.deleted",
    ]
    detail = owner_client.get(f"{WEBHOOKS}{endpoint.pk}/")
    assert endpoint.secret in detail.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        fragment = owner_client.post(f"{WEBHOOKS}{endpoint.pk}/test/", HTTP_HX_REQUEST="true")

    assert fragment.status_code == 200
    assert b'id="deliveries"' in fragment.content and b"<html" not in fragment.content
    assert receiver.json()["event"] == "ping"


def test_webhook_form_errors_name_the_field(owner_client):
    response = owner_client.post(WEBHOOKS, {"url": "ftp://nope", "events": ["content_item.viral"]})

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"url", "events"}


def test_the_owner_deletes_a_webhook(owner_client, owner):
    endpoint = endpoint_for(owner, "https://hooks.example.com/x")

    assert owner_client.post(f"{WEBHOOKS}{endpoint.pk}/delete/").status_code == 302
    assert not WebhookEndpoint.objects.exists()


def test_deliveries_recorded_while_the_broker_was_down_are_sent_later(
    owner, receiver, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(owner, receiver.url)
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        webhooks.send_test(endpoint=endpoint)
    assert receiver.requests == []
    WebhookDelivery.objects.update(created_at=timezone.now() - timedelta(minutes=6))

    assert resend_stalled_webhooks() == 1

    assert receiver.json()["event"] == "ping"
    assert WebhookDelivery.objects.get().status == "succeeded"
    assert resend_stalled_webhooks() == 0


def test_the_planning_pages_announce_their_writes_once(
    owner_client, owner, receiver, django_capture_on_commit_callbacks
):
    endpoint_for(owner, receiver.url)
    item = ContentItemFactory(creator=owner, status="draft")

    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(f"/plan/items/{item.pk}/reschedule/", {"day": "2026-12-24"})
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(f"/plan/items/{item.pk}/status/", {"status": "published"})

    events = [request["headers"]["X-Sweetspot-Event"] for request in receiver.requests]
    assert events == [
        "content_item.updated",
        "content_item.rescheduled",
        "content_item.updated",
        "content_item.status_changed",
    ]


def test_publishing_through_the_api_records_when_it_went_out(owner_api, owner):
    created = owner_api.post(ITEMS, {"title": "发布了", "status": "published"}, format="json")

    assert created.status_code == 201
    assert created.json()["published_at"] is not None


def test_a_series_announces_the_occurrences_it_creates_and_removes(
    owner_api, owner, receiver, django_capture_on_commit_callbacks
):
    endpoint_for(owner, receiver.url, events=[WebhookEvent.CREATED, WebhookEvent.DELETED])
    start = timezone.localdate() + timedelta(days=1)
    series = {
        "title": "周更 #{n}",
        "frequency": "weekly",
        "interval": 1,
        "weekdays": [0, 1, 2, 3, 4, 5, 6],
        "time_of_day": "20:00",
        "starts_on": start.isoformat(),
        "count": 3,
    }

    with django_capture_on_commit_callbacks(execute=True):
        created = owner_api.post("/api/v1/series/", series, format="json").json()
    assert "id" in created, created
    assert [r["headers"]["X-Sweetspot-Event"] for r in receiver.requests] == [
        "content_item.created"
    ] * 3
    assert [receiver.json(n)["data"]["title"] for n in range(3)] == [
        "周更 #1",
        "周更 #2",
        "周更 #3",
    ]
    announced = {receiver.json(n)["data"]["id"] for n in range(3)}

    with django_capture_on_commit_callbacks(execute=True):
        ended = owner_api.delete(f"/api/v1/series/{created['id']}/")
    assert ended.status_code == 204
    deleted = receiver.requests[3:]
    assert [r["headers"]["X-Sweetspot-Event"] for r in deleted] == ["content_item.deleted"] * 3
    assert {receiver.json(3 + n)["data"]["id"] for n in range(3)} == announced

    # A second materialisation (the daily beat tick) creates nothing and announces nothing.
    with django_capture_on_commit_callbacks(execute=True):
        again = owner_api.post("/api/v1/series/", series, format="json").json()
        from calendar_app.models import Series
        from calendar_app.services import series_materialise

        series_materialise(series=Series.objects.get(pk=again["id"]))
    assert len(receiver.requests) == 3 + 3 + 3


def test_a_delivery_that_lost_the_database_runs_again(owner, receiver, settings):
    """The database went away while the task ran (the outage drill's lost webhook): the task
    runs again with backoff instead of being dropped once the outbox had handed it over."""
    endpoint = endpoint_for(owner, receiver.url)
    with broker_down():
        webhooks.send_test(endpoint=endpoint)
    delivery = WebhookDelivery.objects.get()

    with database_lost_once() as lost:
        deliver_webhook.apply(args=[delivery.pk], throw=False)

    assert lost == ["lost"]
    assert len(receiver.requests) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("succeeded", 1)
