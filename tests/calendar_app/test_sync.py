"""Incremental sync: cursors on a change sequence, tombstones, paging, 410 for bad cursors."""

import time
from datetime import timedelta

import psycopg
import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from calendar_app.models import ContentItem, ContentItemTombstone
from calendar_app.sync import changes
from calendar_app.tasks import prune_sync_history
from tests.calendar_app.sync_fixtures import ContentItemFactory

SYNC = "/api/v1/content-items/sync/"
ITEMS = "/api/v1/content-items/"


@pytest.fixture
def api(owner):
    client = APIClient()
    client.force_login(owner)
    return client


def ids(page: dict) -> set[int]:
    return {row["id"] for row in page["results"]}


@pytest.mark.django_db(transaction=True)
def test_sync_session_returns_changes_and_tombstones_between_cursors(api, owner, other_creator):
    kept, changed, doomed = ContentItemFactory.create_batch(3, creator=owner)
    ContentItemFactory(creator=other_creator)

    first = api.get(SYNC).json()
    assert ids(first) == {kept.pk, changed.pk, doomed.pk}
    assert first["deleted"] == [] and first["next"] is None

    api.patch(f"{ITEMS}{changed.pk}/", {"title": "改过的标题"}, format="json")
    api.delete(f"{ITEMS}{doomed.pk}/")
    created = api.post(ITEMS, {"title": "新建的"}, format="json").json()

    second = api.get(SYNC, {"cursor": first["cursor"]}).json()
    assert ids(second) == {changed.pk, created["id"]}
    assert second["deleted"] == [doomed.pk]
    assert {row["title"] for row in second["results"]} == {"改过的标题", "新建的"}

    third = api.get(SYNC, {"cursor": second["cursor"]}).json()
    assert third["results"] == [] and third["deleted"] == []

    again = api.get(SYNC, {"cursor": first["cursor"]}).json()
    assert ids(again) == ids(second) and again["deleted"] == [doomed.pk]


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_during_a_sync_read_is_not_lost(api, owner):
    item = ContentItemFactory(creator=owner, title="之前")
    cursor = api.get(SYNC).json()["cursor"]
    db = connection.settings_dict
    other = psycopg.connect(
        dbname=db["NAME"],
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"],
        port=db["PORT"] or 5432,
    )
    try:
        # A writer that started (and took its transaction id) before the read, and commits
        # after it: a wall-clock or highest-id-seen cursor would skip this change for good.
        other.execute(
            "UPDATE calendar_app_contentitem SET title = %s WHERE id = %s", ["慢事务", item.pk]
        )
        during = api.get(SYNC, {"cursor": cursor}).json()
        assert during["results"] == []
        other.commit()
    finally:
        other.close()

    after = api.get(SYNC, {"cursor": during["cursor"]}).json()

    assert [row["title"] for row in after["results"]] == ["慢事务"]


@pytest.mark.django_db(transaction=True)
def test_large_answers_page_with_next_and_the_cursor_comes_last(api, owner):
    items = ContentItemFactory.create_batch(5, creator=owner)
    seen: set[int] = set()

    page = api.get(SYNC, {"page_size": 2}).json()
    pages = 1
    while page["next"]:
        assert page["cursor"] is None
        seen |= ids(page)
        if pages == 1:
            ContentItem.objects.filter(pk=items[0].pk).update(title="翻页时改的")
        page = api.get(page["next"]).json()
        pages += 1
    seen |= ids(page)

    assert pages == 3 and seen == {i.pk for i in items}
    later = api.get(SYNC, {"cursor": page["cursor"]}).json()
    assert [row["title"] for row in later["results"]] == ["翻页时改的"]


@pytest.mark.django_db
@pytest.mark.parametrize("cursor", ["garbage", "eyJ1IjoxfQ:1t:abc", ""])
def test_forged_cursor_is_410(owner_api, owner, cursor):
    response = owner_api.get(SYNC, {"cursor": cursor} if cursor else {"page_token": "x"})

    assert response.status_code == 410


@pytest.mark.django_db
def test_tampered_and_foreign_cursors_are_410(owner_api, owner, other_creator):
    cursor = changes.make_cursor(owner.pk, changes.Position(xmax=10))
    assert owner_api.get(SYNC, {"cursor": cursor}).status_code == 200
    tampered = ("x" if cursor[0] != "x" else "y") + cursor[1:]
    assert owner_api.get(SYNC, {"cursor": tampered}).status_code == 410
    foreign = changes.make_cursor(other_creator.pk, changes.Position(xmax=10))
    assert owner_api.get(SYNC, {"cursor": foreign}).status_code == 410


@pytest.mark.django_db
def test_cursor_expires_after_30_days(owner_api, owner, monkeypatch):
    cursor = changes.make_cursor(owner.pk, changes.Position(xmax=10))
    later = time.time() + timedelta(days=29).total_seconds()
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert owner_api.get(SYNC, {"cursor": cursor}).status_code == 200

    much_later = time.time() + timedelta(days=31).total_seconds()
    monkeypatch.setattr("django.core.signing.time.time", lambda: much_later)
    assert owner_api.get(SYNC, {"cursor": cursor}).status_code == 410


@pytest.mark.django_db
def test_bad_page_size_is_a_field_error(owner_api):
    assert owner_api.get(SYNC, {"page_size": "lots"}).status_code == 400
    assert owner_api.get(SYNC, {"page_size": "0"}).status_code == 400


@pytest.mark.django_db
def test_deleting_leaves_a_tombstone_pruned_after_retention(owner):
    old, recent = (item.pk for item in ContentItemFactory.create_batch(2, creator=owner))
    ContentItem.objects.filter(pk__in=[old, recent]).delete()
    # The database stamps tombstones with its own clock; age them on the test's pinned one.
    ContentItemTombstone.objects.filter(item_id=old).update(
        deleted_at=timezone.now() - timedelta(days=32)
    )
    ContentItemTombstone.objects.filter(item_id=recent).update(
        deleted_at=timezone.now() - timedelta(days=1)
    )

    prune_sync_history()

    assert list(ContentItemTombstone.objects.values_list("item_id", flat=True)) == [recent]


@pytest.mark.django_db
def test_deleting_a_creator_with_items_succeeds(owner):
    ContentItemFactory.create_batch(2, creator=owner)

    owner.delete()

    assert not ContentItem.objects.exists()


@pytest.mark.django_db
def test_sync_only_ever_returns_the_callers_own_items(api_actors, owner):
    ContentItemFactory(creator=owner)

    assert api_actors["coach"].get(SYNC).json()["results"] == []


@pytest.mark.django_db
def test_sync_query_count_is_constant(owner_api, owner, django_assert_max_num_queries):
    ContentItemFactory.create_batch(10, creator=owner)
    with django_assert_max_num_queries(12):
        first = owner_api.get(SYNC, {"page_size": 500}).json()
    assert len(first["results"]) == 10
    ContentItemFactory.create_batch(490, creator=owner)
    with django_assert_max_num_queries(12):
        assert len(owner_api.get(SYNC, {"page_size": 500}).json()["results"]) == 500
    with django_assert_max_num_queries(12):
        owner_api.get(SYNC, {"page_size": 500, "cursor": first["cursor"]})
