from datetime import timedelta

import pytest
from django.utils import timezone

from calendar_app.models import ContentItem
from tests.calendar_app.sync_fixtures import ChannelFactory, ContentItemFactory, TopicFactory

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/content-items/"


def detail(pk: int) -> str:
    return f"{ITEMS}{pk}/"


def test_owner_creates_an_item_with_cjk_title(owner_api, owner):
    channel = ChannelFactory(creator=owner)
    topic = TopicFactory(creator=owner)

    response = owner_api.post(
        ITEMS,
        {
            "title": "从零实现一个 Raft 共识算法",
            "channel": channel.pk,
            "topic": topic.pk,
            "status": "outline",
            "planned_for": "2026-03-02T20:00:00+08:00",
        },
    )

    assert response.status_code == 201
    data = response.json()
    assert data["title"] == "从零实现一个 Raft 共识算法"
    assert data["version"] == 1
    assert response["ETag"] == '"1"'
    created = ContentItem.objects.get(pk=data["id"])
    assert created.creator == owner
    assert created.planned_for == timezone.datetime(2026, 3, 2, 12, tzinfo=timezone.UTC)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"channel": 999999}, "channel"),
        ({"status": "viral"}, "status"),
        ({"planned_for": "next tuesday"}, "planned_for"),
        ({"planned_for": "2026-13-45"}, "planned_for"),
        ({"format": "tweetstorm"}, "format"),
        ({"title": "   "}, "title"),
        ({"word_count": -5}, "word_count"),
        ({"effort_hours": "lots"}, "effort_hours"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"repurposed_from": "abc"}, "repurposed_from"),
    ],
)
def test_bad_input_names_the_field(owner_api, payload, field):
    response = owner_api.post(ITEMS, {"title": "好标题", **payload})

    assert response.status_code == 400
    assert field in response.json()


def test_another_creators_topic_and_channel_are_field_errors(owner_api, other_creator):
    response = owner_api.post(
        ITEMS,
        {
            "title": "x",
            "topic": TopicFactory(creator=other_creator).pk,
            "channel": ChannelFactory(creator=other_creator).pk,
            "repurposed_from": ContentItemFactory(creator=other_creator).pk,
        },
    )

    assert response.status_code == 400
    assert set(response.json()) == {"topic", "channel", "repurposed_from"}


def test_malformed_json_is_a_400_not_a_500(owner_api):
    response = owner_api.generic("POST", ITEMS, "{not json", content_type="application/json")

    assert response.status_code == 400


def test_filters_by_status_channel_topic_and_planned_range(owner_api, owner):
    channel = ChannelFactory(creator=owner)
    topic = TopicFactory(creator=owner)
    base = timezone.datetime(2026, 3, 10, 12, tzinfo=timezone.UTC)
    match = ContentItemFactory(
        creator=owner, status="scheduled", channel=channel, topic=topic, planned_for=base
    )
    ContentItemFactory(
        creator=owner, status="draft", channel=channel, topic=topic, planned_for=base
    )
    ContentItemFactory(creator=owner, status="scheduled", planned_for=base)
    ContentItemFactory(
        creator=owner,
        status="scheduled",
        channel=channel,
        topic=topic,
        planned_for=base + timedelta(days=30),
    )

    response = owner_api.get(
        ITEMS,
        {
            "status": "scheduled",
            "channel": channel.pk,
            "topic": topic.pk,
            "start": "2026-03-01",
            "end": "2026-03-10",
        },
    )

    assert [row["id"] for row in response.json()["results"]] == [match.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "viral"}, "status"),
        ({"start": "yesterday"}, "start"),
        ({"end": "2026-02-30"}, "end"),
        ({"channel": "999999"}, "channel"),
        ({"topic": "abc"}, "topic"),
    ],
)
def test_bad_filters_are_field_errors(owner_api, params, field):
    response = owner_api.get(ITEMS, params)

    assert response.status_code == 400
    assert field in response.json()


def test_filter_by_another_creators_channel_is_refused(owner_api, other_creator):
    response = owner_api.get(ITEMS, {"channel": ChannelFactory(creator=other_creator).pk})

    assert response.status_code == 400


def test_search_finds_chinese_text_and_ordering_applies(owner_api, owner):
    first = ContentItemFactory(creator=owner, title="向量数据库选型", planned_for=None)
    second = ContentItemFactory(creator=owner, title="Rust 异步运行时", notes="深入向量化执行")
    ContentItemFactory(creator=owner, title="别的东西")

    response = owner_api.get(ITEMS, {"search": "向量", "ordering": "-title"})

    assert [row["id"] for row in response.json()["results"]] == sorted(
        [first.pk, second.pk], key=lambda pk: ContentItem.objects.get(pk=pk).title, reverse=True
    )


def test_list_is_paginated_and_never_shows_other_creators_items(owner_api, owner, other_creator):
    ContentItemFactory.create_batch(3, creator=owner)
    ContentItemFactory.create_batch(2, creator=other_creator)

    data = owner_api.get(ITEMS, {"page_size": 2}).json()

    assert data["count"] == 3
    assert len(data["results"]) == 2
    assert data["next"] is not None


def test_patch_changes_the_item_and_bumps_the_etag(owner_api, item):
    response = owner_api.patch(detail(item.pk), {"status": "review"}, HTTP_IF_MATCH='"1"')

    assert response.status_code == 200
    assert response.json()["status"] == "review"
    assert response["ETag"] == '"2"'


def test_put_replaces_the_item(owner_api, item):
    response = owner_api.put(detail(item.pk), {"title": "全新标题", "status": "idea"})

    assert response.status_code == 200
    item.refresh_from_db()
    assert (item.title, item.status, item.version) == ("全新标题", "idea", 2)


def test_delete_removes_the_item(owner_api, item):
    assert owner_api.delete(detail(item.pk)).status_code == 204
    assert not ContentItem.objects.filter(pk=item.pk).exists()


def test_get_with_current_etag_is_not_modified(owner_api, item):
    response = owner_api.get(detail(item.pk), HTTP_IF_NONE_MATCH='"1"')

    assert response.status_code == 304


def test_coach_list_holds_only_their_own_items(api_actors, owner, item):
    response = api_actors["coach"].get(ITEMS)

    assert response.json()["count"] == 0


def test_revoked_and_write_tokens(token_api, owner, item, write_token):
    from accounts.models import PersonalAccessToken
    from accounts.tokens import token_revoke

    writer = token_api(write_token)
    assert writer.patch(detail(item.pk), {"notes": "由脚本更新"}).status_code == 200
    token_revoke(token=PersonalAccessToken.objects.get(scope="write"))
    assert writer.get(ITEMS).status_code == 401
    assert writer.patch(detail(item.pk), {"notes": "x"}).status_code == 401


def test_list_query_count_is_constant(owner_api, owner, django_assert_max_num_queries):
    channel = ChannelFactory(creator=owner)
    topic = TopicFactory(creator=owner)
    ContentItemFactory.create_batch(10, creator=owner, channel=channel, topic=topic)
    with django_assert_max_num_queries(12):
        assert len(owner_api.get(ITEMS, {"page_size": 500}).json()["results"]) == 10
    ContentItemFactory.create_batch(490, creator=owner, channel=channel, topic=topic)
    with django_assert_max_num_queries(12):
        assert len(owner_api.get(ITEMS, {"page_size": 500}).json()["results"]) == 500
