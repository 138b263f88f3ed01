import pytest
from django.core import mail

from accounts.models import CoachInvitation
from tests.factories import CoachInvitationFactory, UserFactory

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"
INVITES = "/api/v1/coach-invitations/"
MENTEES = "/api/v1/mentees/"


def test_me_returns_the_profile(owner_api, owner):
    data = owner_api.get(ME).json()

    assert data.pop("calendar_feed_url").startswith("http://testserver/calendar/")
    assert data == {
        "id": owner.pk,
        "email": "owner@example.com",
        "display_name": "Owner 主人",
        "timezone": "Asia/Shanghai",
        "language": "en",
        "weekly_target": 1,
    }


def test_me_patch_validates_each_field(owner_api):
    response = owner_api.patch(
        ME, {"timezone": "Mars/Base", "weekly_target": -2, "language": "fr"}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"timezone", "weekly_target", "language"}


def test_me_email_is_read_only(owner_api, owner):
    owner_api.patch(ME, {"email": "hijack@example.com"}, format="json")

    owner.refresh_from_db()
    assert owner.email == "owner@example.com"


def test_invitation_lifecycle_through_the_api(owner_api, owner, django_capture_on_commit_callbacks):
    from rest_framework.test import APIClient

    with django_capture_on_commit_callbacks(execute=True):
        created = owner_api.post(INVITES, {"coach_email": "Mentor@example.com"}, format="json")
    assert created.status_code == 201
    assert created.json()["status"] == "pending"
    assert mail.outbox[0].to == ["mentor@example.com"]
    mentor_api = APIClient()
    mentor_api.force_login(UserFactory(email="mentor@example.com"))
    pk = created.json()["id"]

    assert mentor_api.get(INVITES).json()["count"] == 1
    accepted = mentor_api.post(f"{INVITES}{pk}/accept/")
    assert accepted.status_code == 200 and accepted.json()["status"] == "active"
    assert [m["id"] for m in mentor_api.get(MENTEES).json()["results"]] == [owner.pk]
    assert mentor_api.get(f"{MENTEES}{owner.pk}/").status_code == 200

    ended = owner_api.post(f"{INVITES}{pk}/end/")
    assert ended.json()["status"] == "ended"
    assert mentor_api.get(MENTEES).json()["count"] == 0
    assert mentor_api.get(f"{MENTEES}{owner.pk}/").status_code == 404


def test_invitation_errors_name_the_field(owner_api, owner):
    assert owner_api.post(INVITES, {"coach_email": "nope"}, format="json").json().keys() == {
        "coach_email"
    }
    response = owner_api.post(INVITES, {"coach_email": owner.email}, format="json")
    assert response.status_code == 400 and "coach_email" in response.json()


def test_accepting_twice_is_a_clear_error(owner, coach, api_actors):
    invitation = CoachInvitation.objects.get(coach=coach)

    response = api_actors["coach"].post(f"{INVITES}{invitation.pk}/accept/")

    assert response.status_code == 400
    assert "no longer open" in str(response.json())


def test_invitation_list_never_shows_other_creators_links(owner_api, other_creator):
    CoachInvitationFactory(creator=other_creator)

    assert owner_api.get(INVITES).json()["count"] == 0


def test_a_former_coach_has_no_mentees(api_actors):
    assert api_actors["former_coach"].get(MENTEES).json()["count"] == 0


def test_lists_are_paginated_with_a_capped_page_size(owner, owner_api):
    for n in range(3):
        CoachInvitationFactory(creator=owner, coach=UserFactory(email=f"k{n}@example.com"))

    page = owner_api.get(f"{INVITES}?page_size=2").json()

    assert set(page) == {"count", "next", "previous", "results"}
    assert page["count"] == 3 and len(page["results"]) == 2 and page["next"]
    assert "page_size=2" in page["next"]


def test_throttling_answers_429_with_retry_after(owner_api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"client": "3/minute", "anon": "3/minute"},
    }
    statuses = [owner_api.get(ME).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    response = owner_api.get(ME)
    assert int(response["Retry-After"]) > 0


def test_schema_and_docs_are_served_locally(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    for path in ("/api/v1/me/", "/api/v1/coach-invitations/", "/api/v1/mentees/"):
        assert path in text
    assert "bearerAuth" in text

    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn" not in html.lower()


def test_errors_use_detail_for_non_field_errors(client):
    response = client.get(ME)

    assert response.status_code == 401
    assert "detail" in response.json()


def test_a_bad_page_size_is_a_field_error(owner_api):
    for bad in ("null", "0", "501", "-3"):
        response = owner_api.get(f"{INVITES}?page_size={bad}")
        assert response.status_code == 400
        assert "page_size" in response.json()


def test_unknown_api_paths_answer_json_404(owner_api):
    response = owner_api.get("/api/v1/comments/0.5/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_wrong_json_types_are_field_errors_not_coerced(owner_api, owner):
    response = owner_api.patch(ME, {"display_name": 0, "weekly_target": True}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"display_name", "weekly_target"}
    owner.refresh_from_db()
    assert owner.display_name == "Owner 主人"


def test_the_api_speaks_json_only(owner_api):
    response = owner_api.patch(
        ME, "display_name=x", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 415
