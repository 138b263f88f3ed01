"""The items page and the API filter content items with one FilterSet: the same query gives
the same items, and a bare date is a whole day in the creator's time zone on both."""

import re
from datetime import datetime, timedelta

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.calendar_app.factories import ContentItemFactory
from tests.clock import LOS_ANGELES, SHANGHAI, pinned, use_zone

pytestmark = pytest.mark.django_db

PAGE = "/plan/items/"
API = "/api/v1/content-items/"
# 00:30 on 1 April in Shanghai is still 31 March in UTC and in Los Angeles.
NOW = datetime(2027, 4, 1, 0, 30, tzinfo=SHANGHAI)
ONE_SECOND = timedelta(seconds=1)


@pytest.fixture
def moment(owner):
    with pinned("month-first-shanghai", NOW) as pinned_moment:
        use_zone(owner, pinned_moment)
        yield pinned_moment


@pytest.fixture
def pieces(moment, owner):
    today, tomorrow = moment.today, moment.today + timedelta(days=1)
    for title, planned_for, status in [
        ("first second", moment.midnight(today), "idea"),
        ("last second", moment.midnight(tomorrow) - ONE_SECOND, "draft"),
        ("day before", moment.midnight(today) - ONE_SECOND, "draft"),
        ("day after", moment.midnight(tomorrow), "idea"),
        ("scheduled today", moment.midnight(today) + timedelta(hours=12), "scheduled"),
    ]:
        ContentItemFactory(creator=owner, title=title, planned_for=planned_for, status=status)


def _page_titles(client: Client, query: str) -> list[str]:
    response = client.get(f"{PAGE}?{query}")
    assert response.status_code == 200
    return sorted(re.findall(r'<a href="/plan/items/\d+/">([^<]+)</a>', response.text))


def _api_titles(client: APIClient, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return sorted(row["title"] for row in response.json()["results"])


@pytest.mark.parametrize(
    "query, expected",
    [
        ("start=2027-04-01&end=2027-04-01", ["first second", "last second", "scheduled today"]),
        ("end=2027-03-31", ["day before"]),
        ("start=2027-04-02", ["day after"]),
        (
            "start=2027-04-01&end=2027-04-01&status=idea&status=draft",
            ["first second", "last second"],
        ),
        ("q=SECOND&status=draft", ["last second"]),
    ],
)
def test_the_page_and_the_api_list_the_same_items(
    moment, pieces, owner, owner_client, owner_api, query, expected
):
    assert _page_titles(owner_client, query) == expected
    assert _api_titles(owner_api, f"{API}?{query}") == expected


def test_a_coach_in_another_zone_sees_the_mentees_local_days(moment, pieces, owner, coach):
    """The mentee's day, not the coach's: a coach in Los Angeles asking for 1 April gets what
    the creator's own page lists for 1 April in Shanghai."""
    coach.timezone = LOS_ANGELES.key
    coach.save(update_fields=["timezone"])
    client = APIClient()
    client.force_login(coach)
    url = f"/api/v1/mentees/{owner.pk}/content-items/?start=2027-04-01&end=2027-04-01"

    assert _api_titles(client, url) == ["first second", "last second", "scheduled today"]


@pytest.mark.parametrize(
    "query",
    ["start=2027-13-01", "end=yesterday", "status=published-ish", "channel=abc", "start=&end=x"],
)
def test_bad_filters_show_the_error_on_the_page(moment, pieces, owner_client, query):
    response = owner_client.get(f"{PAGE}?{query}")

    assert response.status_code == 200
    assert 'class="errorlist' in response.text


def test_empty_fields_of_the_pages_form_mean_any(moment, pieces, owner_client):
    query = "q=&status=&channel=&topic=&start=&end="

    assert len(_page_titles(owner_client, query)) == 5
