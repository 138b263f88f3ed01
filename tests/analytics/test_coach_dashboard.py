from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from analytics.growth import jobs
from tests.analytics.factories import ChannelFactory, ContentItemFactory, daily_followers
from tests.factories import CoachInvitationFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("analytics:growth_coach")


def _mentees(coach, count: int, start: int = 0) -> list:
    mentees = []
    for n in range(start, start + count):
        mentee = UserFactory(display_name=f"Mentee {n:03d}")
        CoachInvitationFactory(creator=mentee, coach=coach)
        mentees.append(mentee)
    return mentees


def test_every_mentee_is_in_one_table_with_health_signals(owner, coach, client):
    channel = ChannelFactory(creator=owner)
    daily_followers(owner, channel, date.today() - timedelta(days=40), list(range(100, 141)))
    ContentItemFactory(
        creator=owner, channel=channel, published_at=datetime.now(UTC) - timedelta(days=1)
    )
    jobs.recompute()
    client.force_login(coach)

    html = client.get(URL).content.decode()

    assert owner.display_name in html
    assert reverse("accounts:mentee", args=[owner.pk]) in html
    assert reverse("analytics:growth_mentee", args=[owner.pk]) in html
    assert "growing" in html
    assert str(owner.growth_summary.last_published_on) in html


def test_the_table_sorts_by_each_signal(coach, client, owner):
    quiet, busy = _mentees(coach, 2)
    for mentee, days in ((busy, 1), (quiet, 30)):
        ContentItemFactory(creator=mentee, published_at=datetime.now(UTC) - timedelta(days=days))
    jobs.recompute()
    client.force_login(coach)

    for sort in ("name", "last_published", "streak", "followers", "growth", "cadence", "bogus"):
        response = client.get(URL, {"sort": sort})
        assert response.status_code == 200
    names = [m.display_name for m in client.get(URL, {"sort": "last_published"}).context["mentees"]]
    assert names.index(busy.display_name) < names.index(quiet.display_name)
    fragment = client.get(URL, {"sort": "streak"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and 'id="mentee-table"' in fragment


def test_former_mentees_and_strangers_are_not_listed(former_coach, other_creator, client):
    client.force_login(former_coach)

    assert list(client.get(URL).context["mentees"]) == []


@pytest.mark.parametrize("count", [5, 100])
def test_the_query_count_is_constant_with_5_or_100_mentees(
    coach, client, count, django_assert_max_num_queries
):
    for mentee in _mentees(coach, count - 1):
        ContentItemFactory(creator=mentee)
    jobs.recompute()
    client.force_login(coach)

    with django_assert_max_num_queries(8):
        response = client.get(URL, {"sort": "streak"})

    assert len(response.context["mentees"]) == count


def test_overdue_reviews_show_per_mentee_in_the_table_and_the_api(coach, client, owner):
    from rest_framework.test import APIClient

    from tests.analytics.conftest import open_reviews

    on_time, late = _mentees(coach, 2)
    open_reviews(late)  # its reviews opened in March 2026 and are long past due
    client.force_login(coach)

    rows = client.get(URL + "?sort=overdue").content.decode().split("<tr>")[2:]

    assert late.display_name in rows[0] and "badge-warn" in rows[0]
    row = next(row for row in rows if on_time.display_name in row)
    assert 'badge-ok">0<' in row
    api = APIClient()
    api.force_login(coach)
    overdue = {m["id"]: m["overdue_reviews"] for m in api.get("/api/v1/mentees/").json()["results"]}
    assert overdue[late.pk] >= 1 and overdue[on_time.pk] == 0
