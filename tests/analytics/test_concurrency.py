"""Reviews and metric snapshots under concurrent writes: If-Match is compare-and-set."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from analytics.models import MetricSnapshot, Review
from tests.analytics.factories import ChannelFactory, snapshot
from tests.concurrency import race_behind_lock


def _client(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


@pytest.mark.django_db(transaction=True)
def test_two_review_patches_with_the_same_etag_one_wins_and_one_gets_412(owner, review):
    url = f"/api/v1/reviews/{review.pk}/"
    etag = _client(owner).get(url)["ETag"]

    def patch(text: str):
        body = {"reflection": {"went_well": text}}
        return lambda: (
            _client(owner).patch(url, body, format="json", HTTP_IF_MATCH=etag).status_code
        )

    statuses = race_behind_lock(review, patch("甲"), patch("乙"))

    assert sorted(statuses) == [200, 412]
    review = Review.objects.get(pk=review.pk)
    assert review.went_well == ("甲" if statuses[0] == 200 else "乙")


@pytest.mark.django_db(transaction=True)
def test_two_snapshot_patches_with_the_same_etag_one_wins_and_one_gets_412(owner):
    row = snapshot(owner, ChannelFactory(creator=owner), date(2026, 6, 1), followers=10)
    url = f"/api/v1/metric-snapshots/{row.pk}/"
    etag = _client(owner).get(url)["ETag"]

    def patch(followers: int):
        body = {"followers": followers}
        return lambda: (
            _client(owner).patch(url, body, format="json", HTTP_IF_MATCH=etag).status_code
        )

    statuses = race_behind_lock(row, patch(20), patch(30))

    assert sorted(statuses) == [200, 412]
    assert MetricSnapshot.objects.get(pk=row.pk).followers == (20 if statuses[0] == 200 else 30)


@pytest.mark.django_db
def test_a_stale_snapshot_etag_answers_412_with_the_current_one(owner_api, owner):
    row = snapshot(owner, ChannelFactory(creator=owner), date(2026, 6, 1), followers=10)
    url = f"/api/v1/metric-snapshots/{row.pk}/"
    etag = owner_api.get(url)["ETag"]
    MetricSnapshot.objects.filter(pk=row.pk).update(followers=11)

    stale = owner_api.patch(url, {"followers": 12}, format="json", HTTP_IF_MATCH=etag)

    assert stale.status_code == 412
    assert stale["ETag"] == owner_api.get(url)["ETag"] != etag
    assert MetricSnapshot.objects.get(pk=row.pk).followers == 11
