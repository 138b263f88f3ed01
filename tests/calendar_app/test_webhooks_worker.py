"""Webhook deliveries through the real Redis broker and a real Celery worker."""

import time

import pytest
from rest_framework.test import APIClient

from calendar_app.models import WebhookDelivery, WebhookEvent
from calendar_app.sync import webhooks
from tests.factories import UserFactory

pytestmark = pytest.mark.integration


def _wait_for(predicate, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_the_worker_delivers_and_retries_after_commit(celery_worker_live, receiver, settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0
    creator = UserFactory()
    endpoint = webhooks.endpoint_create(
        creator=creator, url=receiver.url, events=[WebhookEvent.CREATED]
    )
    receiver.statuses = [502]
    client = APIClient()
    client.force_login(creator)

    assert client.post("/api/v1/content-items/", {"title": "由 worker 投递"}).status_code == 201

    assert _wait_for(lambda: WebhookDelivery.objects.filter(status="succeeded").exists()), (
        "the worker did not deliver"
    )
    delivery = WebhookDelivery.objects.get()
    assert delivery.attempts == 2 and len(receiver.requests) == 2
    last = receiver.requests[-1]
    assert webhooks.verify(endpoint.secret, last["body"], last["headers"]["X-Sweetspot-Signature"])
