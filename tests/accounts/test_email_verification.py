"""New accounts verify their address; an invitation is taken only through its emailed link
or by an account that has verified the invited address."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import CoachInvitation, User

pytestmark = pytest.mark.django_db

COACH = "coach@example.com"


def _signup(client, commits, email=COACH):
    with commits(execute=True):
        return client.post(
            reverse("accounts:signup"),
            {
                "email": email,
                "display_name": "Somebody",
                "timezone": "UTC",
                "language": "en",
                "password1": "a-long-passphrase-4242",
                "password2": "a-long-passphrase-4242",
            },
        )


def _verification_path() -> str:
    message = next(m for m in reversed(mail.outbox) if "/accounts/verify/" in m.body)
    return re.search(r"https?://[^/\s]+(/accounts/verify/\S+/)", message.body).group(1)


def _invite(owner_client, commits, email=COACH) -> CoachInvitation:
    with commits(execute=True):
        owner_client.post(reverse("accounts:coaching"), {"coach_email": email})
    return CoachInvitation.objects.get(coach_email=email)


def test_sign_up_emails_a_link_that_verifies_the_address_once(
    client, django_capture_on_commit_callbacks
):
    _signup(client, django_capture_on_commit_callbacks)
    user = User.objects.get(email=COACH)
    assert user.email_verified_at is None
    assert mail.outbox[-1].to == [COACH]
    assert mail.outbox[-1].subject == "Confirm your email address for Sweetspot"

    path = _verification_path()
    response = client.get(path)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert client.get(path).status_code == 404


def test_an_unverified_account_with_the_invited_address_cannot_accept(
    owner_client, client, django_capture_on_commit_callbacks
):
    invitation = _invite(owner_client, django_capture_on_commit_callbacks)
    _signup(client, django_capture_on_commit_callbacks)

    response = client.post(reverse("accounts:invitation_accept", args=[invitation.pk]))

    assert response.status_code == 403
    assert "Verify your email address to accept this invitation" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == CoachInvitation.Status.PENDING
    assert invitation.coach is None


def test_an_unverified_account_cannot_accept_through_the_api(
    owner_client, client, django_capture_on_commit_callbacks
):
    from rest_framework.test import APIClient

    invitation = _invite(owner_client, django_capture_on_commit_callbacks)
    _signup(client, django_capture_on_commit_callbacks)
    api = APIClient()
    api.force_authenticate(User.objects.get(email=COACH))

    response = api.post(f"/api/v1/coach-invitations/{invitation.pk}/accept/")

    assert response.status_code == 403
    assert "Verify your email address" in response.json()["detail"]
    invitation.refresh_from_db()
    assert invitation.status == CoachInvitation.Status.PENDING


def test_once_verified_the_invited_address_can_accept_in_the_app(
    owner_client, client, django_capture_on_commit_callbacks
):
    invitation = _invite(owner_client, django_capture_on_commit_callbacks)
    _signup(client, django_capture_on_commit_callbacks)
    client.get(_verification_path())

    response = client.post(reverse("accounts:invitation_accept", args=[invitation.pk]))

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == CoachInvitation.Status.ACTIVE
    assert invitation.coach.email == COACH


def test_resend_sends_a_new_link_only_while_unverified(client, django_capture_on_commit_callbacks):
    _signup(client, django_capture_on_commit_callbacks)
    sent = len(mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:verify_email_resend"))
    assert len(mail.outbox) == sent + 1
    assert "Please confirm your email address" in client.get("/").content.decode()

    client.get(_verification_path())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:verify_email_resend"))
    assert len(mail.outbox) == sent + 1
    assert "Please confirm your email address" not in client.get("/").content.decode()


def test_a_forged_verification_link_answers_404(client, owner):
    assert client.get("/accounts/verify/MQ/forged-token/").status_code == 404
