"""Pages that answer htmx with a fragment: the whole page to a browser, the fragment to htmx,
and a Vary header either way so no cache serves one for the other (accounts.rendering)."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "positioning:overview",
    "positioning:skills",
    "positioning:topics",
    "positioning:market",
    "positioning:loop",
    "positioning:action_plan",
    "calendar_app:month",
    "calendar_app:week",
    "calendar_app:board",
    "calendar_app:item_list",
    "analytics:reviews",
    "analytics:review_templates",
    "accounts:notifications",
]


@pytest.fixture
def creator_client(client):
    client.force_login(UserFactory())
    return client


@pytest.mark.parametrize("name", PAGES)
def test_a_page_or_its_fragment_and_the_answer_varies_with_hx_request(creator_client, name):
    url = reverse(name)

    page = creator_client.get(url)
    fragment = creator_client.get(url, headers={"HX-Request": "true"})

    assert page.status_code == fragment.status_code == 200
    assert "HX-Request" in page["Vary"] and "HX-Request" in fragment["Vary"]
    assert b"<html" in page.content
    assert b"<html" not in fragment.content
    assert 0 < len(fragment.content) < len(page.content)
