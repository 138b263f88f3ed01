"""Optimistic concurrency: ETags from a version every write bumps, If-Match answered with 412."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from rest_framework.test import APIClient

from calendar_app.models import ContentItem
from tests.calendar_app.sync_fixtures import ContentItemFactory

ITEMS = "/api/v1/content-items/"


@pytest.mark.django_db
def test_stale_if_match_is_412_and_changes_nothing(owner_api, item):
    url = f"{ITEMS}{item.pk}/"
    assert owner_api.patch(url, {"title": "第一次"}, HTTP_IF_MATCH='"1"').status_code == 200

    for method in ("patch", "put"):
        response = getattr(owner_api, method)(url, {"title": "过期的写"}, HTTP_IF_MATCH='"1"')
        assert response.status_code == 412
        assert response["ETag"] == '"2"'
    assert owner_api.delete(url, HTTP_IF_MATCH='"1"').status_code == 412

    item.refresh_from_db()
    assert (item.title, item.version) == ("第一次", 2)


@pytest.mark.django_db
def test_invalid_data_is_a_400_even_with_a_stale_if_match(owner_api, item):
    ContentItem.objects.filter(pk=item.pk).update(title="x")
    url = f"{ITEMS}{item.pk}/"

    response = owner_api.patch(url, {"status": "viral"}, HTTP_IF_MATCH='W/"1"')

    assert response.status_code == 400
    assert owner_api.patch(url, {"status": "draft"}, HTTP_IF_MATCH='"1"').status_code == 412


@pytest.mark.django_db
@pytest.mark.parametrize("header", ['W/"1"', '"abc"', "garbage"])
def test_weak_or_malformed_if_match_never_matches(owner_api, item, header):
    response = owner_api.patch(f"{ITEMS}{item.pk}/", {"title": "x"}, HTTP_IF_MATCH=header)

    assert response.status_code == 412


@pytest.mark.django_db
def test_if_match_star_or_a_list_containing_the_current_version(owner_api, item):
    url = f"{ITEMS}{item.pk}/"
    assert owner_api.patch(url, {"title": "a"}, HTTP_IF_MATCH="*").status_code == 200
    assert owner_api.patch(url, {"title": "b"}, HTTP_IF_MATCH='"7", "2"').status_code == 200


@pytest.mark.django_db
def test_every_write_path_bumps_the_version(owner_api, item):
    """A drag-reschedule or any other code path writing the row moves the ETag on."""
    ContentItem.objects.filter(pk=item.pk).update(planned_for=item.planned_for + timedelta(days=1))
    item.refresh_from_db()
    item.status = "review"
    item.save()

    response = owner_api.get(f"{ITEMS}{item.pk}/")

    assert response["ETag"] == '"3"'
    assert (
        owner_api.patch(f"{ITEMS}{item.pk}/", {"title": "x"}, HTTP_IF_MATCH='"2"').status_code
        == 412
    )


@pytest.mark.django_db(transaction=True)
def test_two_clients_racing_with_the_same_etag_exactly_one_wins(owner):
    item = ContentItemFactory(creator=owner, title="原标题")
    clients = []
    for _ in range(2):
        client = APIClient()
        client.force_login(owner)
        clients.append(client)
    barrier = threading.Barrier(2)
    statuses: dict[str, int] = {}

    def write(name: str, client: APIClient) -> None:
        try:
            barrier.wait()
            response = client.patch(
                f"{ITEMS}{item.pk}/", {"title": name}, format="json", HTTP_IF_MATCH='"1"'
            )
            statuses[name] = response.status_code
        finally:
            connection.close()

    threads = [
        threading.Thread(target=write, args=(f"客户端{i}", c)) for i, c in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses.values()) == [200, 412]
    winner = next(name for name, code in statuses.items() if code == 200)
    item.refresh_from_db()
    assert (item.title, item.version) == (winner, 2)
