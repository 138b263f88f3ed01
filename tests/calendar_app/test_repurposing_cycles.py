"""Repurposing links (`repurposed_from`): one cycle rule for the API and the pages, checked
under locks, and a repurposing tree that renders even over corrupt cyclic data."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from calendar_app.models import ContentItem
from tests.calendar_app.factories import ContentItemFactory
from tests.concurrency import race_behind_lock

ITEMS = "/api/v1/content-items/"


def _client(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_api_refuses_an_item_derived_from_its_own_derivative(owner_api, owner):
    original = ContentItemFactory(creator=owner, title="原文")
    answer = ContentItemFactory(creator=owner, title="回答", repurposed_from=original)
    video = ContentItemFactory(creator=owner, title="视频", repurposed_from=answer)

    response = owner_api.patch(
        f"{ITEMS}{original.pk}/", {"repurposed_from": video.pk}, format="json"
    )

    assert response.status_code == 400
    assert "repurposed_from" in response.json()
    original.refresh_from_db()
    assert original.repurposed_from is None


@pytest.mark.django_db(transaction=True)
def test_opposite_repurposing_links_at_once_one_is_refused_with_a_field_error(owner):
    a = ContentItemFactory(creator=owner, title="甲")
    b = ContentItemFactory(creator=owner, title="乙")
    bodies = []

    def link(item: ContentItem, source: ContentItem):
        def send() -> int:
            response = _client(owner).patch(
                f"{ITEMS}{item.pk}/", {"repurposed_from": source.pk}, format="json"
            )
            bodies.append(response.json())
            return response.status_code

        return send

    statuses = race_behind_lock(a, link(a, b), link(b, a))

    assert sorted(statuses) == [200, 400]
    assert any("repurposed_from" in body for body in bodies)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.repurposed_from_id, b.repurposed_from_id) in [(b.pk, None), (None, a.pk)]


@pytest.mark.django_db
def test_the_item_page_renders_a_cyclic_repurposing_chain_written_around_the_services(
    owner_client, owner
):
    a = ContentItemFactory(creator=owner, title="环甲")
    b = ContentItemFactory(creator=owner, title="环乙", repurposed_from=a)
    ContentItem.objects.filter(pk=a.pk).update(repurposed_from=b)

    page = owner_client.get(reverse("calendar_app:item_detail", args=[a.pk]))

    assert page.status_code == 200
    assert "环乙" in page.content.decode()
