"""Skills and topics under concurrent writes: If-Match is compare-and-set, and the skill
tree never gets a cycle, whatever order two writers run in."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from positioning.models import Skill, Topic
from tests.concurrency import race_behind_lock
from tests.positioning.factories import SkillFactory, TopicFactory


def _client(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


@pytest.mark.django_db(transaction=True)
def test_two_patches_with_the_same_etag_one_wins_and_one_gets_412(owner):
    topic = TopicFactory(creator=owner, name="原题")
    url = f"/api/v1/topics/{topic.pk}/"
    etag = _client(owner).get(url)["ETag"]

    def patch(name: str):
        return lambda: _client(owner).patch(url, {"name": name}, HTTP_IF_MATCH=etag).status_code

    statuses = race_behind_lock(topic, patch("甲"), patch("乙"))

    assert sorted(statuses) == [200, 412]
    winner = "甲" if statuses[0] == 200 else "乙"
    topic.refresh_from_db()
    assert topic.name == winner
    assert _client(owner).get(url)["ETag"] != etag


@pytest.mark.django_db(transaction=True)
def test_a_patch_and_a_delete_with_the_same_etag_only_one_happens(owner):
    topic = TopicFactory(creator=owner)
    url = f"/api/v1/topics/{topic.pk}/"
    etag = _client(owner).get(url)["ETag"]

    statuses = race_behind_lock(
        topic,
        lambda: _client(owner).patch(url, {"name": "新"}, HTTP_IF_MATCH=etag).status_code,
        lambda: _client(owner).delete(url, HTTP_IF_MATCH=etag).status_code,
    )

    assert sorted(statuses) in ([200, 412], [204, 404])
    assert Topic.objects.filter(pk=topic.pk).exists() == (statuses[0] == 200)


@pytest.mark.django_db(transaction=True)
def test_opposite_parent_links_at_once_one_is_refused_with_a_field_error(owner):
    a = SkillFactory(creator=owner, name="A")
    b = SkillFactory(creator=owner, name="B")
    responses = {}

    def link(child: Skill, parent: Skill):
        def send() -> int:
            response = _client(owner).patch(
                f"/api/v1/skills/{child.pk}/", {"parent": parent.pk}, format="json"
            )
            responses[child.name] = response
            return response.status_code

        return send

    statuses = race_behind_lock(a, link(a, b), link(b, a))

    assert sorted(statuses) == [200, 400]
    refused = next(r for r in responses.values() if r.status_code == 400)
    assert "parent" in refused.json()
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.parent_id, b.parent_id) in [(b.pk, None), (None, a.pk)]


@pytest.mark.django_db
def test_a_skill_under_its_own_sub_skill_is_400(owner_api, owner):
    area = SkillFactory(creator=owner, name="区域")
    sub = SkillFactory(creator=owner, name="子", parent=area)
    leaf = SkillFactory(creator=owner, name="叶", parent=sub)

    under_leaf = owner_api.patch(f"/api/v1/skills/{area.pk}/", {"parent": leaf.pk}, format="json")
    under_itself = owner_api.patch(f"/api/v1/skills/{area.pk}/", {"parent": area.pk}, format="json")

    assert under_leaf.status_code == 400 and "parent" in under_leaf.json()
    assert under_itself.status_code == 400 and "parent" in under_itself.json()
    area.refresh_from_db()
    assert area.parent is None


@pytest.mark.django_db
def test_a_skill_tree_deeper_than_the_limit_is_refused(owner_api, owner):
    parent = None
    for depth in range(50):
        parent = SkillFactory(creator=owner, name=f"S{depth}", parent=parent)

    response = owner_api.post(
        "/api/v1/skills/", {"name": "太深", "parent": parent.pk}, format="json"
    )

    assert response.status_code == 400 and "parent" in response.json()


@pytest.mark.django_db
def test_skill_pages_render_a_cyclic_tree_written_around_the_services(owner_client, owner):
    a = SkillFactory(creator=owner, name="环甲")
    b = SkillFactory(creator=owner, name="环乙", parent=a)
    Skill.objects.filter(pk=a.pk).update(parent=b)

    pages = [
        owner_client.get(reverse("positioning:skills")),
        owner_client.get(reverse("positioning:overview")),
    ]

    for page in pages:
        assert page.status_code == 200
    assert "环甲" in pages[0].content.decode() and "环乙" in pages[0].content.decode()
