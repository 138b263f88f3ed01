"""Password reset, sign-up and resend-verification are limited per address and per IP."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEUTRAL = "Too many requests for this address or from this network; try again later."


def _reset(client, email, ip="203.0.113.7"):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_the_sixth_reset_for_one_address_sends_no_email(client, owner):
    answers = [_reset(client, owner.email, ip=f"203.0.113.{n}") for n in range(6)]

    assert [a.status_code for a in answers] == [302] * 5 + [429]
    assert NEUTRAL in answers[-1].content.decode()
    assert len(mail.outbox) == 5


def test_an_unknown_address_gets_the_same_answer(client):
    answers = [_reset(client, "nobody@example.com") for _ in range(6)]

    assert [a.status_code for a in answers] == [302] * 5 + [429]
    assert NEUTRAL in answers[-1].content.decode()


def test_many_addresses_from_one_ip_are_limited_too(client):
    users = [UserFactory() for _ in range(22)]

    answers = [_reset(client, user.email) for user in users]

    assert [a.status_code for a in answers] == [302] * 20 + [429, 429]
    assert len(mail.outbox) == 20
    assert _reset(client, users[-1].email, ip="198.51.100.1").status_code == 302


def test_the_limit_lifts_when_the_window_is_over(client, owner):
    for _ in range(6):
        _reset(client, owner.email)
    with time_machine.travel(timezone.now() + timedelta(hours=1), tick=False):
        assert _reset(client, owner.email).status_code == 302
    assert len(mail.outbox) == 6


def test_sign_up_is_limited_per_ip(client):
    def signup(n):
        return client.post(
            reverse("accounts:signup"),
            {
                "email": f"new{n}@example.com",
                "display_name": "New",
                "timezone": "UTC",
                "language": "en",
                "password1": "a-long-passphrase-4242",
                "password2": "a-long-passphrase-4242",
            },
            REMOTE_ADDR="203.0.113.9",
        )

    answers = []
    for n in range(21):
        answers.append(signup(n))
        client.logout()

    assert [a.status_code for a in answers] == [302] * 20 + [429]
    assert NEUTRAL in answers[-1].content.decode()
    assert not User.objects.filter(email="new20@example.com").exists()


def test_resending_the_verification_is_limited_per_address(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email_verified_at=None)
    client.force_login(user)

    for n in range(6):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("accounts:verify_email_resend"), REMOTE_ADDR=f"203.0.113.{n}")

    assert len(mail.outbox) == 5
    response = client.post(
        reverse("accounts:verify_email_resend"), HTTP_HX_REQUEST="true", REMOTE_ADDR="192.0.2.1"
    )
    assert response.status_code == 429
