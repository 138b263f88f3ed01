import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from accounts.models import CoachInvitation, User
from calendar_app.models import ContentItem
from tests.calendar_app.factories import ContentItemFactory
from tests.factories import PASSWORD, UserFactory
from tests.journeys import coach_pages

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _commits(django_capture_on_commit_callbacks):
    global _committed
    _committed = django_capture_on_commit_callbacks


def _invite(client, email="coach@example.com"):
    # The request's after-commit hooks (the email task) run as a real commit would.
    with _committed(execute=True):
        return client.post(reverse("accounts:coaching"), {"coach_email": email})


def _link_path() -> str:
    return re.search(r"https?://[^/\s]+(/coaching/join/\S+/)", mail.outbox[-1].body).group(1)


def test_creator_invites_a_coach_by_email(owner_client, owner):
    response = _invite(owner_client, "Mentor@Example.com")

    assert response.status_code == 302
    invitation = CoachInvitation.objects.get()
    assert (invitation.creator, invitation.coach_email, invitation.status) == (
        owner,
        "mentor@example.com",
        "pending",
    )
    assert mail.outbox[0].to == ["mentor@example.com"]
    assert "/coaching/join/" in mail.outbox[0].body


def test_a_creator_cannot_invite_themselves(owner_client, owner):
    response = _invite(owner_client, owner.email)

    assert response.status_code == 200
    assert "cannot invite yourself" in response.content.decode()
    assert not CoachInvitation.objects.exists()


def test_a_second_open_invitation_to_the_same_coach_is_refused(owner_client):
    _invite(owner_client)
    response = _invite(owner_client)

    assert "already has an open invitation" in response.content.decode()
    assert CoachInvitation.objects.count() == 1


def test_coach_accepts_in_app_and_sees_the_mentee_until_the_link_ends(owner_client, owner, client):
    _invite(owner_client, "mentor@example.com")
    mentor = UserFactory(email="mentor@example.com")
    client.force_login(mentor)
    invitation = CoachInvitation.objects.get()
    assert "Coaching invitations for you" in client.get("/").content.decode()

    client.post(reverse("accounts:invitation_accept", args=[invitation.pk]))

    mentee_url = reverse("accounts:mentee", args=[owner.pk])
    assert client.get(mentee_url).status_code == 200
    owner_client.post(reverse("accounts:invitation_end", args=[invitation.pk]))
    assert client.get(mentee_url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == "ended" and invitation.ended_at is not None


def test_coach_can_end_the_link_too(owner, coach, client):
    client.force_login(coach)
    invitation = CoachInvitation.objects.get(coach=coach)

    client.post(reverse("accounts:invitation_end", args=[invitation.pk]))

    assert client.get(reverse("accounts:mentee", args=[owner.pk])).status_code == 404


def test_someone_else_cannot_accept_an_invitation_in_app(owner_client, client):
    _invite(owner_client, "mentor@example.com")
    invitation = CoachInvitation.objects.get()
    client.force_login(UserFactory(email="intruder@example.com"))

    response = client.post(reverse("accounts:invitation_accept", args=[invitation.pk]))

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_an_email_without_an_account_signs_up_and_accepts_through_the_link(
    owner_client, owner, client
):
    _invite(owner_client, "newcoach@example.com")
    link = _link_path()

    page = client.get(link)
    assert "Create an account to accept" in page.content.decode()
    signup_url = reverse("accounts:signup") + f"?email=newcoach%40example.com&next={link}"
    response = client.post(
        signup_url,
        {
            "email": "newcoach@example.com",
            "display_name": "教练",
            "timezone": "Asia/Shanghai",
            "language": "zh-hans",
            "password1": "coach-passphrase-123456",
            "password2": "coach-passphrase-123456",
            "next": link,
        },
    )
    assert response["Location"] == link
    response = client.post(link)

    assert response.status_code == 302
    invitation = CoachInvitation.objects.get()
    assert invitation.status == "active"
    assert invitation.coach.email == "newcoach@example.com"
    assert client.get(reverse("accounts:mentee", args=[owner.pk])).status_code == 200


def test_existing_account_logs_in_and_accepts_through_the_link(owner_client, client):
    _invite(owner_client, "mentor@example.com")
    UserFactory(email="mentor@example.com")
    link = _link_path()

    assert "Log in to accept" in client.get(link).content.decode()
    client.post(
        reverse("accounts:login"),
        {"username": "mentor@example.com", "password": PASSWORD, "next": link},
    )
    client.post(link)

    assert CoachInvitation.objects.get().status == "active"


def test_a_used_or_forged_link_answers_404(owner_client, owner, client):
    _invite(owner_client, "mentor@example.com")
    link = _link_path()
    invitation = CoachInvitation.objects.get()
    owner_client.post(reverse("accounts:invitation_end", args=[invitation.pk]))

    assert client.get(link).status_code == 404
    assert client.get("/coaching/join/forged-token/").status_code == 404


def test_coaching_pages_need_a_login(client):
    for name in ("accounts:coaching", "accounts:tokens", "accounts:profile"):
        assert client.get(reverse(name)).status_code == 302


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Page not found"), ("zh-hans", "页面不存在")]
)
def test_a_revoked_coach_gets_the_products_own_404_page(
    owner, coach, owner_client, client, language, heading
):
    """DEBUG off, as `bin/run` serves: every mentee page answers the product's 404 page in
    the coach's language, never Django's debug page with the URL list."""
    ContentItemFactory(creator=owner)
    User.objects.filter(pk=coach.pk).update(language=language, language_chosen=True)
    invitation = CoachInvitation.objects.get(coach=coach)
    owner_client.post(reverse("accounts:invitation_end", args=[invitation.pk]))
    client.force_login(coach)
    urls = [url for url in coach_pages(owner) if f"/{owner.pk}/" in url]
    urls.append(ContentItem.objects.get(creator=owner).get_absolute_url())

    with override_settings(DEBUG=False):
        responses = {url: client.get(url) for url in urls}

    assert len(urls) >= 8
    for url, response in responses.items():
        html = response.content.decode()
        assert response.status_code == 404, url
        assert "404.html" in [template.name for template in response.templates], url
        assert heading in html and f'lang="{language}"' in html, url
        assert "URLconf" not in html and "Traceback" not in html, url
