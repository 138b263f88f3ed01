from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from calendar_app.models import ContentItem, Series
from calendar_app.services import series_materialise
from tests.calendar_app.factories import (
    ChannelFactory,
    ContentItemFactory,
    SeriesFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

SERIES = "/api/v1/series/"
ITEMS = "/api/v1/content-items/"


def detail(pk: int) -> str:
    return f"{SERIES}{pk}/"


def payload(**changes) -> dict:
    start = timezone.localdate() + timedelta(days=1)
    return {
        "title": "周更笔记 #{n}",
        "frequency": "weekly",
        "interval": 1,
        "weekdays": [0, 3],
        "time_of_day": "20:00",
        "starts_on": start.isoformat(),
        "count": 4,
        **changes,
    }


def make_series(creator, **fields) -> Series:
    series = SeriesFactory(creator=creator, count=3, **fields)
    series_materialise(series=series)
    return series


# CRUD


def test_creating_a_series_materialises_occurrences_seen_in_content_items(owner_api, owner):
    channel = ChannelFactory(creator=owner)
    topic = TopicFactory(creator=owner)

    response = owner_api.post(SERIES, payload(channel=channel.pk, topic=topic.pk))

    assert response.status_code == 201, response.json()
    data = response.json()
    assert response["ETag"] == '"1"'
    assert data["version"] == 1
    assert data["occurrences"] == 4
    assert data["next_occurrence"] is not None
    assert data["weekdays"] == [0, 3]
    assert data["channel"] == channel.pk and data["topic"] == topic.pk
    items = owner_api.get(ITEMS, {"channel": channel.pk}).json()["results"]
    assert sorted(row["title"] for row in items) == [f"周更笔记 #{n}" for n in (1, 2, 3, 4)]
    assert {row["topic"] for row in items} == {topic.pk}
    assert ContentItem.objects.filter(series_id=data["id"]).count() == 4


def test_list_retrieve_update_and_delete(owner_api, owner):
    created = owner_api.post(SERIES, payload()).json()
    url = detail(created["id"])

    listed = owner_api.get(SERIES).json()
    got = owner_api.get(url)
    patched = owner_api.patch(url, {"title": "双周笔记 #{n}", "interval": 2}, HTTP_IF_MATCH='"1"')
    put = owner_api.put(url, payload(title="月更 #{n}", frequency="monthly", month_day=15))

    assert listed["count"] == 1 and listed["results"][0]["occurrences"] == 4
    assert got.status_code == 200 and got["ETag"] == '"1"'
    assert patched.status_code == 200, patched.json()
    assert patched["ETag"] == '"2"' and patched.json()["interval"] == 2
    assert put.status_code == 200, put.json()
    assert put["ETag"] == '"3"'
    assert put.json()["weekdays"] == [] and put.json()["month_day"] == 15
    titles = ContentItem.objects.filter(series_id=created["id"]).values_list("title", flat=True)
    assert set(titles) == {f"月更 #{n}" for n in (1, 2, 3, 4)}

    assert owner_api.get(url, HTTP_IF_NONE_MATCH='"3"').status_code == 304
    assert owner_api.delete(url, HTTP_IF_MATCH='"3"').status_code == 204
    assert not Series.objects.filter(pk=created["id"]).exists()
    assert not ContentItem.objects.filter(title__startswith="月更").exists()


def test_filters_search_and_ordering(owner_api, owner):
    blog = ChannelFactory(creator=owner)
    topic = TopicFactory(creator=owner)
    make_series(owner, title="B 周刊", channel=blog)
    make_series(owner, title="A 周刊", channel=blog, topic=topic)
    make_series(owner, title="月度复盘", frequency="monthly", weekdays=[], month_day=1)

    def titles(**params):
        return [row["title"] for row in owner_api.get(SERIES, params).json()["results"]]

    assert titles(channel=blog.pk, ordering="-title") == ["B 周刊", "A 周刊"]
    assert titles(topic=topic.pk) == ["A 周刊"]
    assert titles(frequency="monthly") == ["月度复盘"]
    assert titles(search="周刊") == ["A 周刊", "B 周刊"]
    assert owner_api.get(SERIES, {"frequency": "daily"}).status_code == 400


def test_occurrences_count_leaves_out_skipped_ones(owner_api, owner):
    series = make_series(owner)
    series.occurrences.filter(pk=series.occurrences.first().pk).update(skipped=True)

    assert owner_api.get(detail(series.pk)).json()["occurrences"] == 2
    assert owner_api.get(SERIES).json()["results"][0]["occurrences"] == 2


# Validation


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"weekdays": [7]}, "weekdays"),
        ({"weekdays": [-1]}, "weekdays"),
        ({"weekdays": ["Monday"]}, "weekdays"),
        ({"weekdays": "0,1"}, "weekdays"),
        ({"weekdays": []}, "weekdays"),
        ({"weekdays": [True]}, "weekdays"),
        ({"interval": 0}, "interval"),
        ({"interval": -3}, "interval"),
        ({"interval": 53}, "interval"),
        ({"interval": "often"}, "interval"),
        ({"frequency": "daily"}, "frequency"),
        ({"frequency": "monthly"}, "month_day"),
        ({"frequency": "monthly", "month_day": 32}, "month_day"),
        ({"ends_on": "2000-01-01"}, "ends_on"),
        ({"starts_on": "01/03/2026"}, "starts_on"),
        ({"starts_on": None}, "starts_on"),
        ({"time_of_day": "25:00"}, "time_of_day"),
        ({"count": 0}, "count"),
        ({"count": 501}, "count"),
        ({"title": "  "}, "title"),
        ({"title": 7}, "title"),
        ({"format": "novel"}, "format"),
        ({"channel": 999_999}, "channel"),
        ({"topic": "x"}, "topic"),
    ],
)
def test_bad_series_input_names_the_field(owner_api, changes, field):
    response = owner_api.post(SERIES, payload(**changes))

    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Series.objects.exists()


def test_ends_on_and_count_together_are_allowed(owner_api):
    end = (timezone.localdate() + timedelta(days=14)).isoformat()

    response = owner_api.post(SERIES, payload(ends_on=end, count=10))

    assert response.status_code == 201
    assert response.json()["occurrences"] <= 5


def test_channel_or_topic_of_another_creator_is_a_field_error(owner_api, owner, other_creator):
    foreign_channel = ChannelFactory(creator=other_creator)
    foreign_topic = TopicFactory(creator=other_creator)
    series = make_series(owner)

    created = owner_api.post(SERIES, payload(channel=foreign_channel.pk))
    created_topic = owner_api.post(SERIES, payload(topic=foreign_topic.pk))
    patched = owner_api.patch(detail(series.pk), {"channel": foreign_channel.pk})

    assert created.status_code == 400 and "channel" in created.json()
    assert created_topic.status_code == 400 and "topic" in created_topic.json()
    assert patched.status_code == 400 and "channel" in patched.json()
    series.refresh_from_db()
    assert series.channel_id is None and series.version == 1


def test_a_bad_patch_changes_nothing(owner_api, owner):
    series = make_series(owner)

    response = owner_api.patch(detail(series.pk), {"ends_on": "2000-01-01"})

    assert response.status_code == 400 and "ends_on" in response.json()
    series.refresh_from_db()
    assert series.ends_on is None and series.version == 1
    assert series.occurrences.count() == 3


# Concurrency


def test_stale_if_match_is_412_and_changes_nothing(owner_api, owner):
    series = make_series(owner)
    url = detail(series.pk)
    assert owner_api.patch(url, {"title": "新 #{n}"}, HTTP_IF_MATCH='"1"').status_code == 200

    stale_patch = owner_api.patch(url, {"title": "旧 #{n}"}, HTTP_IF_MATCH='"1"')
    stale_put = owner_api.put(url, payload(title="旧 #{n}"), HTTP_IF_MATCH='"1"')
    stale_delete = owner_api.delete(url, HTTP_IF_MATCH='"1"')
    weak = owner_api.patch(url, {"title": "弱 #{n}"}, HTTP_IF_MATCH='W/"2"')

    for response in (stale_patch, stale_put, stale_delete, weak):
        assert response.status_code == 412
        assert response["ETag"] == '"2"'
    series.refresh_from_db()
    assert series.title == "新 #{n}" and series.version == 2
    assert set(series.occurrences.values_list("title", flat=True)) == {"新 #1", "新 #2", "新 #3"}


def test_the_service_compare_and_set_refuses_an_old_copy(owner):
    from calendar_app import services

    series = make_series(owner)
    old_copy = Series.objects.get(pk=series.pk)
    services.series_update(series=series, title="先到 #{n}")

    with pytest.raises(services.SeriesChanged):
        services.series_update(series=old_copy, title="后到 #{n}")
    series.refresh_from_db()
    assert series.title == "先到 #{n}" and series.version == 2


def test_every_write_bumps_the_etag(owner_api, owner):
    series = make_series(owner)
    url = detail(series.pk)

    tags = [owner_api.patch(url, {"interval": n})["ETag"] for n in (2, 3, 3)]

    assert tags == ['"2"', '"3"', '"4"']


# Authorization


def test_a_coach_reads_but_never_writes_a_mentees_series(api_actors, owner, coach):
    series = make_series(owner)
    client = api_actors["coach"]

    read = client.get(detail(series.pk))

    assert read.status_code == 200 and read["ETag"] == '"1"'
    assert read.json()["occurrences"] == 3
    assert client.get(SERIES).json()["count"] == 0
    assert client.patch(detail(series.pk), {"title": "教练改的"}).status_code == 404
    assert client.delete(detail(series.pk)).status_code == 404
    series.refresh_from_db()
    assert series.version == 1


def test_lists_never_contain_another_creators_series(api_actors, owner, other_creator):
    mine = make_series(owner, title="我的")
    theirs = make_series(other_creator, title="别人的")

    for role in ("owner", "other", "coach", "former_coach", "read_token"):
        rows = api_actors[role].get(SERIES, {"page_size": 500}).json()["results"]
        ids = {row["id"] for row in rows}
        expected = {mine.pk} if role in ("owner", "read_token") else set()
        if role == "other":
            expected = {theirs.pk}
        assert ids == expected, role
    assert api_actors["owner"].get(detail(theirs.pk)).status_code == 404
    assert api_actors["owner"].get(SERIES, {"search": "别人"}).json()["count"] == 0


# Queries


def test_list_query_count_is_constant(owner_api, owner, django_assert_max_num_queries):
    channel = ChannelFactory(creator=owner)
    topic = TopicFactory(creator=owner)

    def add(n):
        for _ in range(n):
            series = SeriesFactory(creator=owner, channel=channel, topic=topic, count=2)
            ContentItemFactory(creator=owner, series=series, occurrence_date=date(2030, 1, 1))
            ContentItemFactory(
                creator=owner,
                series=series,
                occurrence_date=date(2030, 1, 8),
                planned_for=timezone.now() + timedelta(days=3),
            )

    add(10)
    with django_assert_max_num_queries(10):
        rows = owner_api.get(SERIES, {"page_size": 500}).json()["results"]
    assert len(rows) == 10 and {row["occurrences"] for row in rows} == {2}
    add(190)
    with django_assert_max_num_queries(10):
        rows = owner_api.get(SERIES, {"page_size": 500}).json()["results"]
    assert len(rows) == 200 and all(row["next_occurrence"] for row in rows)


def test_time_of_day_round_trips(owner_api):
    data = owner_api.post(SERIES, payload(time_of_day="07:30:00")).json()

    assert data["time_of_day"] == "07:30:00"
    assert Series.objects.get(pk=data["id"]).time_of_day == time(7, 30)
