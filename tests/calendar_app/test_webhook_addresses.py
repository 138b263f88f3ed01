"""Webhook addresses: https in production, never a private address (IPv6 forms that embed
IPv4 included), checked when the webhook is saved and again at every delivery."""

import pytest

from accounts import addresses
from calendar_app.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from calendar_app.sync import webhooks

pytestmark = pytest.mark.django_db

WEBHOOKS = "/plan/sync/webhooks/"
EVENTS = [WebhookEvent.CREATED]

PRIVATE_URLS = [
    "https://127.0.0.1/hook",
    "https://10.1.2.3/hook",
    "https://169.254.169.254/latest/meta-data",
    "https://[::1]/hook",
    "https://[::127.0.0.1]/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://[64:ff9b::7f00:1]/hook",
    "https://[64:ff9b::a9fe:a9fe]/hook",
    "https://[2002:7f00:1::]/hook",
    "https://[fd00::1]/hook",
]


@pytest.fixture
def guarded(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = False
    settings.WEBHOOK_REQUIRE_HTTPS = True
    return settings


@pytest.mark.parametrize("url", PRIVATE_URLS)
def test_the_page_refuses_a_private_address(owner_client, guarded, url):
    response = owner_client.post(WEBHOOKS, {"url": url, "events": EVENTS})

    assert response.status_code == 400
    assert "private" in str(response.context["form"].errors["url"])
    assert not WebhookEndpoint.objects.exists()


def test_production_requires_https(owner_client, guarded):
    response = owner_client.post(WEBHOOKS, {"url": "http://93.184.215.14/hook", "events": EVENTS})

    assert response.status_code == 400
    assert "https" in str(response.context["form"].errors["url"])
    assert not WebhookEndpoint.objects.exists()


def test_a_public_https_address_is_accepted(owner_client, guarded):
    response = owner_client.post(WEBHOOKS, {"url": "https://93.184.215.14/hook", "events": EVENTS})

    assert response.status_code == 302 and WebhookEndpoint.objects.count() == 1


def test_production_settings_require_https_by_default(monkeypatch):
    import importlib

    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.delenv("WEBHOOK_REQUIRE_HTTPS", raising=False)
    production = importlib.import_module("config.settings.production")

    assert importlib.reload(production).WEBHOOK_REQUIRE_HTTPS is True


def _deliver(endpoint, capture) -> WebhookDelivery:
    with capture(execute=True):
        webhooks.send_test(endpoint=endpoint)
    return WebhookDelivery.objects.get()


def test_delivery_checks_the_address_again_when_dns_changes(
    owner, guarded, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    guarded.WEBHOOK_MAX_ATTEMPTS = 1
    guarded.WEBHOOK_REQUIRE_HTTPS = False
    guarded.WEBHOOK_ALLOW_PRIVATE_HOSTS = False  # the receiver fixture allows them
    answers = {"hooks.example.com": "93.184.215.14"}
    monkeypatch.setattr(addresses, "resolve", lambda host: {answers[host]})
    endpoint = webhooks.endpoint_create(
        creator=owner, url="http://hooks.example.com/hook", events=EVENTS
    )
    answers["hooks.example.com"] = "::ffff:127.0.0.1"  # DNS now points at the server itself

    delivery = _deliver(endpoint, django_capture_on_commit_callbacks)

    assert delivery.status == "failed" and "private" in delivery.error
    assert receiver.requests == []


def test_delivery_refuses_plain_http_saved_before_https_was_required(
    owner, settings, receiver, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    endpoint = webhooks.endpoint_create(creator=owner, url=receiver.url, events=EVENTS)
    settings.WEBHOOK_REQUIRE_HTTPS = True

    delivery = _deliver(endpoint, django_capture_on_commit_callbacks)

    assert delivery.status == "failed" and "https" in delivery.error
    assert receiver.requests == []
