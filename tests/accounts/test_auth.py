import logging

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "New.Person@Example.com",
    "display_name": "新人 Newcomer",
    "timezone": "Asia/Shanghai",
    "language": "zh-hans",
    "password1": "a-long-unusual-passphrase-77",
    "password2": "a-long-unusual-passphrase-77",
}


def test_signup_creates_a_user_and_logs_them_in(client):
    response = client.post(reverse("accounts:signup"), SIGNUP)

    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "new.person@example.com"
    assert user.display_name == "新人 Newcomer"
    assert user.timezone == "Asia/Shanghai"
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_signup_refuses_an_email_that_exists_in_another_case(client):
    UserFactory(email="new.person@example.com")

    response = client.post(reverse("accounts:signup"), SIGNUP)

    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert User.objects.count() == 1


def test_signup_applies_the_password_validators(client):
    response = client.post(
        reverse("accounts:signup"), {**SIGNUP, "password1": "123", "password2": "123"}
    )

    assert response.status_code == 200
    assert not User.objects.exists()
    assert "too short" in response.content.decode()


def test_signup_refuses_an_unknown_timezone(client):
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "timezone": "Mars/Olympus"})

    assert response.status_code == 200
    assert not User.objects.exists()


def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = UserFactory()

    assert user.password.startswith("argon2")


def test_login_by_email_rotates_the_session(client, owner):
    client.get(reverse("accounts:login"))
    client.session.save()
    before = client.session.session_key

    response = client.post(
        reverse("accounts:login"), {"username": "OWNER@example.com", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.session.session_key != before
    assert client.session["_auth_user_id"] == str(owner.pk)


def test_logout_ends_the_session_on_the_server(client, owner):
    client.post(reverse("accounts:login"), {"username": owner.email, "password": PASSWORD})
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()

    client.post(reverse("accounts:logout"))

    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_failed_logins_are_rate_limited_and_logged(client, owner, caplog):
    caplog.set_level(logging.WARNING, logger="sweetspot.security")
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": owner.email, "password": "wrong"})

    response = client.post(
        reverse("accounts:login"), {"username": owner.email, "password": PASSWORD}
    )

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Failed login for owner@example.com" in caplog.text


def test_password_change(owner_client, owner):
    response = owner_client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-passphrase-88",
            "new_password2": "another-long-passphrase-88",
        },
    )

    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password("another-long-passphrase-88")


def test_password_reset_by_email(client, owner):
    client.post(reverse("accounts:password_reset"), {"email": owner.email})

    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    set_url = response.redirect_chain[-1][0]
    response = client.post(
        set_url,
        {"new_password1": "brand-new-passphrase-99", "new_password2": "brand-new-passphrase-99"},
    )

    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password("brand-new-passphrase-99")


def test_profile_settings_are_saved(owner_client, owner):
    response = owner_client.post(
        reverse("accounts:profile"),
        {
            "display_name": "王小明",
            "timezone": "America/Los_Angeles",
            "language": "en",
            "weekly_target": 3,
        },
    )

    assert response.status_code == 302
    owner.refresh_from_db()
    assert (owner.display_name, owner.timezone, owner.weekly_target) == (
        "王小明",
        "America/Los_Angeles",
        3,
    )


def test_profile_shows_errors_for_bad_input(owner_client, owner):
    response = owner_client.post(
        reverse("accounts:profile"),
        {"display_name": "", "timezone": "Nowhere/City", "language": "en", "weekly_target": -1},
    )

    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"display_name", "timezone", "weekly_target"}


def test_pages_need_a_login(client):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
