import pytest

from accounts.models import CoachInvitation
from tests.calendar_app.sync_fixtures import ContentItemFactory

pytestmark = pytest.mark.django_db


def test_coach_reads_a_mentees_items_read_only(api_actors, owner, coach):
    item = ContentItemFactory(creator=owner, title="导师可读")
    ContentItemFactory(creator=coach)
    url = f"/api/v1/mentees/{owner.pk}/content-items/"

    response = api_actors["coach"].get(url, {"status": "draft"})

    assert [row["title"] for row in response.json()["results"]] == ["导师可读"]
    assert api_actors["coach"].get(f"{url}{item.pk}/").status_code == 200
    assert api_actors["coach"].post(url, {"title": "x"}, format="json").status_code == 405
    assert api_actors["coach"].patch(f"{url}{item.pk}/", {"title": "x"}).status_code == 405
    assert api_actors["coach"].delete(f"/api/v1/content-items/{item.pk}/").status_code == 404


def test_ended_link_closes_the_mentee_route(api_actors, owner, coach):
    url = f"/api/v1/mentees/{owner.pk}/content-items/"
    CoachInvitation.objects.filter(coach=coach).update(status="ended")

    assert api_actors["coach"].get(url).status_code == 404


def test_items_of_another_mentee_are_404_on_this_route(api_actors, owner, coach, other_creator):
    stranger = ContentItemFactory(creator=other_creator)

    response = api_actors["coach"].get(f"/api/v1/mentees/{owner.pk}/content-items/{stranger.pk}/")

    assert response.status_code == 404
