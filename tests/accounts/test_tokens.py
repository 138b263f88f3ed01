from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import PersonalAccessToken
from accounts.tokens import hash_token, token_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"


def test_a_token_is_shown_once_and_stored_hashed(owner_client, owner):
    response = owner_client.post(
        reverse("accounts:tokens"), {"name": "日历同步", "scope": "write", "expires_in": "30"}
    )

    raw = response.context["created"]["raw"]
    token = PersonalAccessToken.objects.get()
    assert raw in response.content.decode()
    assert token.token_hash == hash_token(raw)
    assert raw not in {token.token_hash, token.prefix}
    assert token.expires_at > timezone.now() + timedelta(days=29)
    assert raw not in owner_client.get(reverse("accounts:tokens")).content.decode()


def test_token_list_shows_last_use(owner_client, owner, token_api):
    _, raw = token_create(user=owner, name="cli", scope="read")
    token_api(raw).get(ME)

    page = owner_client.get(reverse("accounts:tokens")).content.decode()

    last_used = PersonalAccessToken.objects.get().last_used_at
    assert last_used is not None
    # Shown in the creator's own time zone (Asia/Shanghai), the English date format.
    local = timezone.localtime(last_used, owner.tzinfo)
    assert f"<td>{local.day} {local:%b %Y, %H:%M}</td>" in page


def test_read_token_reads_but_cannot_write(read_token, token_api):
    client = token_api(read_token)

    assert client.get(ME).status_code == 200
    response = client.patch(ME, {"display_name": "x"}, format="json")
    assert response.status_code == 403


def test_write_token_can_write(write_token, token_api, owner):
    response = token_api(write_token).patch(ME, {"weekly_target": 4}, format="json")

    assert response.status_code == 200
    owner.refresh_from_db()
    assert owner.weekly_target == 4


def test_revoked_token_is_refused(owner_client, owner, token_api):
    token, raw = token_create(user=owner, name="old", scope="write")

    owner_client.post(reverse("accounts:token_revoke", args=[token.pk]))

    response = token_api(raw).get(ME)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_expired_token_is_refused(owner, token_api):
    _, raw = token_create(
        user=owner, name="old", scope="read", expires_at=timezone.now() - timedelta(seconds=1)
    )

    assert token_api(raw).get(ME).status_code == 401


def test_unknown_token_is_refused_and_logged(token_api, caplog, db):
    assert token_api("ss_not-a-real-token").get(ME).status_code == 401
    assert "Rejected API token" in caplog.text


def test_token_of_an_inactive_user_is_refused(token_api):
    user = UserFactory(is_active=False)
    _, raw = token_create(user=user, name="x", scope="read")

    assert token_api(raw).get(ME).status_code == 401


def test_revoking_another_users_token_answers_404(owner_client):
    token, _ = token_create(user=UserFactory(), name="theirs", scope="read")

    response = owner_client.post(reverse("accounts:token_revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_form_validates(owner_client):
    response = owner_client.post(reverse("accounts:tokens"), {"name": "", "scope": "admin"})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "scope"}
    assert not PersonalAccessToken.objects.exists()


def test_purge_task_removes_long_revoked_tokens(owner):
    from accounts.tasks import purge_stale_tokens

    old, _ = token_create(user=owner, name="old", scope="read")
    recent, _ = token_create(user=owner, name="recent", scope="read")
    PersonalAccessToken.objects.filter(pk=old.pk).update(
        revoked_at=timezone.now() - timedelta(days=91)
    )
    PersonalAccessToken.objects.filter(pk=recent.pk).update(revoked_at=timezone.now())

    assert purge_stale_tokens.delay().get() == 1
    assert list(PersonalAccessToken.objects.values_list("name", flat=True)) == ["recent"]
