"""The private iCalendar feed, read back with the `icalendar` library."""

import hashlib
from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tokens import calendar_feed_regenerate, calendar_feed_token
from calendar_app.models import ContentItem
from calendar_app.sync import ical
from tests.calendar_app.sync_fixtures import ChannelFactory, ContentItemFactory, TopicFactory

pytestmark = pytest.mark.django_db


def feed_url(user) -> str:
    return reverse("calendar_feed", kwargs={"token": calendar_feed_token(user)})


def events(response) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_feed_has_one_valid_event_per_dated_item(client, owner):
    channel = ChannelFactory(creator=owner, name="知乎专栏")
    topic = TopicFactory(creator=owner, name="分布式系统")
    item = ContentItemFactory(
        creator=owner,
        title="Raft 论文精读",
        channel=channel,
        topic=topic,
        status="scheduled",
        notes="第一部分 领导者选举",
        url="https://zhuanlan.zhihu.com/p/1",
    )
    ContentItemFactory(creator=owner, title="无日期的想法", planned_for=None)

    response = client.get(feed_url(owner))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["version"]) == "2.0" and calendar["prodid"]
    found = events(response)
    assert list(found) == ["Raft 论文精读"]
    event = found["Raft 论文精读"]
    assert str(event["uid"]) == f"content-item-{item.pk}@127.0.0.1"
    assert event["dtstart"].dt == item.planned_for.replace(microsecond=0)
    assert event["dtstamp"].dt == item.updated_at.replace(microsecond=0)
    assert event["last-modified"].dt == item.updated_at.replace(microsecond=0)
    assert event["sequence"] == 1
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["url"]) == "https://zhuanlan.zhihu.com/p/1"
    assert "领导者选举" in str(event["description"])
    assert "分布式系统" in str(event["description"])
    assert [str(c) for c in event["categories"].cats] == ["知乎专栏", "scheduled"]


def test_uid_is_stable_and_sequence_grows_on_change(client, owner):
    item = ContentItemFactory(creator=owner, title="稳定")
    before = events(client.get(feed_url(owner)))["稳定"]

    item.planned_for += timedelta(days=1)
    item.save()
    after = events(client.get(feed_url(owner)))["稳定"]

    assert after["uid"] == before["uid"]
    assert after["sequence"] > before["sequence"]


def test_archived_item_is_cancelled(client, owner):
    ContentItemFactory(creator=owner, title="放弃了", status=ContentItem.Status.ARCHIVED)

    assert str(events(client.get(feed_url(owner)))["放弃了"]["status"]) == "CANCELLED"


def test_repeat_fetch_is_304_until_something_changes(client, owner):
    item = ContentItemFactory(creator=owner)
    url = feed_url(owner)
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]

    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304

    item.title = "改了"
    item.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag

    item.delete()
    assert client.get(url, HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 200


def test_token_is_random_stored_hashed_and_regenerable(client, owner):
    token = calendar_feed_token(owner)
    owner.refresh_from_db()

    assert len(token) == 64 and token not in (owner.calendar_feed_salt, owner.calendar_feed_hash)
    assert owner.calendar_feed_hash == hashlib.sha256(token.encode()).hexdigest()
    old = feed_url(owner)

    calendar_feed_regenerate(user=owner)

    assert client.get(old).status_code == 404
    assert client.get(feed_url(owner)).status_code == 200


def test_feed_is_read_only_and_unknown_tokens_are_404(client, owner):
    url = feed_url(owner)

    assert client.post(url).status_code == 405
    assert client.get("/calendar/" + "0" * 64 + ".ics").status_code == 404
    assert client.get("/calendar/.ics").status_code == 404


def test_me_shows_the_absolute_feed_url(owner_api, owner):
    url = owner_api.get("/api/v1/me/").json()["calendar_feed_url"]

    assert url == "http://testserver" + feed_url(owner)


def test_other_apps_add_events_through_a_feed_source(client, owner):
    def reviews_due(creator):
        yield ical.make_event(
            uid=f"review-1@{ical.uid_domain()}",
            summary="周复盘",
            start=timezone.localdate(),
            modified=timezone.now(),
            sequence=1,
            categories=["review"],
        )

    ical.register_feed_source(reviews_due)
    try:
        found = events(client.get(feed_url(owner)))
    finally:
        ical._feed_sources.remove(reviews_due)

    assert "周复盘" in found


def test_feed_query_count_is_constant(client, owner, django_assert_max_num_queries):
    # The creator, the items, the last tombstone and the reviews due: whatever the counts.
    channel = ChannelFactory(creator=owner)
    topic = TopicFactory(creator=owner)
    url = feed_url(owner)
    ContentItemFactory.create_batch(10, creator=owner, channel=channel, topic=topic)
    with django_assert_max_num_queries(4):
        assert len(events(client.get(url))) == 10
    ContentItemFactory.create_batch(490, creator=owner, channel=channel, topic=topic)
    with django_assert_max_num_queries(4):
        assert client.get(url).content.count(b"BEGIN:VEVENT") == 500
