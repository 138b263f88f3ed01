"""API throttling keeps DRF's sliding log in a Redis sorted set: one atomic round trip.

Concurrent requests cannot both read an old log and slip past the limit, a log left by the
earlier list-in-a-cache format does not break the throttle, and the token lookup behind
every token request returns the same token and user as the ORM."""

import threading

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client

from accounts.models import PersonalAccessToken, User
from accounts.tokens import hash_token, token_authenticate, token_create
from tests.factories import UserFactory

ME = "/api/v1/me/"
LIMITED = {"client": "5/minute", "anon": "5/minute"}


@pytest.fixture
def limited(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": LIMITED}


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_never_pass_the_limit(limited):
    user = UserFactory()
    _, raw = token_create(user=user, name="burst", scope="read")
    start = threading.Barrier(12)
    statuses: list[int] = []

    def send() -> None:
        try:
            client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
            start.wait(10)
            statuses.append(client.get(ME).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(statuses) == [200] * 5 + [429] * 7


@pytest.mark.django_db
def test_a_log_in_the_old_format_does_not_break_throttling(limited, read_token, caplog):
    token = PersonalAccessToken.objects.get(token_hash=hash_token(read_token))
    caches["throttle"].set(f"throttle_client_token-{token.pk}", [1.0, 2.0], 60)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {read_token}")

    statuses = [client.get(ME).status_code for _ in range(6)]

    assert statuses == [200] * 5 + [429]
    assert "unreachable" not in caplog.text


@pytest.mark.django_db
def test_retry_after_counts_down_from_the_oldest_request(limited, read_token, time_machine):
    time_machine.move_to("2026-03-29 00:59:30+00:00", tick=False)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {read_token}")
    for _ in range(5):
        assert client.get(ME).status_code == 200
    time_machine.shift(40)

    refused = client.get(ME)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 20
    time_machine.shift(21)
    assert client.get(ME).status_code == 200


@pytest.mark.django_db
def test_the_token_lookup_returns_what_the_orm_returns(owner, read_token):
    token = token_authenticate(read_token)

    expected = PersonalAccessToken.objects.select_related("user").get(pk=token.pk)
    for field in PersonalAccessToken._meta.concrete_fields:
        assert getattr(token, field.attname) == getattr(expected, field.attname), field.name
    for field in User._meta.concrete_fields:
        assert getattr(token.user, field.attname) == getattr(expected.user, field.attname)
    assert token.user == owner and not token._state.adding


@pytest.mark.django_db
def test_the_token_lookup_refuses_expired_revoked_and_inactive(owner, time_machine):
    time_machine.move_to("2026-12-31 23:00:00+00:00", tick=False)
    _, expiring = token_create(user=owner, name="e", scope="read", expires_at=None)
    PersonalAccessToken.objects.filter(token_hash=hash_token(expiring)).update(
        expires_at="2026-12-31 23:30:00+00:00"
    )
    assert token_authenticate(expiring) is not None
    time_machine.shift(60 * 31)
    assert token_authenticate(expiring) is None

    _, revoked = token_create(user=owner, name="r", scope="read")
    PersonalAccessToken.objects.filter(token_hash=hash_token(revoked)).update(
        revoked_at="2026-12-31 00:00:00+00:00"
    )
    assert token_authenticate(revoked) is None

    _, live = token_create(user=owner, name="l", scope="read")
    assert token_authenticate(live) is not None
    User.objects.filter(pk=owner.pk).update(is_active=False)
    assert token_authenticate(live) is None
