"""iCalendar import (idempotent by UID), CSV/JSON export with filters, all-or-nothing CSV import."""

import csv
import io
import json
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.tokens import calendar_feed_token
from calendar_app.models import ContentItem
from tests.calendar_app.sync_fixtures import ChannelFactory, ContentItemFactory, TopicFactory

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/content-items/"
SHANGHAI = timezone.get_fixed_timezone(8 * 60)

ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example//Calendar//EN
BEGIN:VEVENT
UID:abc-123@calendar.example
DTSTAMP:20260101T000000Z
DTSTART:20260305T120000Z
SUMMARY:{title}
DESCRIPTION:讲清楚所有权与借用
URL:https://example.com/rust
END:VEVENT
BEGIN:VEVENT
UID:all-day-7@calendar.example
DTSTAMP:20260101T000000Z
DTSTART;VALUE=DATE:20260310
SUMMARY:直播答疑
STATUS:CANCELLED
END:VEVENT
END:VCALENDAR
"""


def upload(content: str | bytes, name: str = "plan.ics") -> dict:
    data = content.encode() if isinstance(content, str) else content
    return {"file": SimpleUploadedFile(name, data)}


def post_file(api, action: str, content, name: str = "plan.ics"):
    return api.post(f"{ITEMS}{action}/", upload(content, name), format="multipart")


def test_ics_import_creates_items_then_is_idempotent_by_uid(owner_api, owner):
    first = post_file(owner_api, "import-ics", ICS.format(title="Rust 所有权"))
    assert first.status_code == 200
    assert (first.json()["created"], first.json()["updated"]) == (2, 0)

    again = post_file(owner_api, "import-ics", ICS.format(title="Rust 所有权")).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)

    renamed = post_file(owner_api, "import-ics", ICS.format(title="Rust 所有权修订版")).json()
    assert (renamed["created"], renamed["updated"]) == (0, 1)

    items = {item.title: item for item in ContentItem.objects.for_creator(owner)}
    assert set(items) == {"Rust 所有权修订版", "直播答疑"}
    rust = items["Rust 所有权修订版"]
    assert rust.planned_for == datetime(2026, 3, 5, 12, tzinfo=timezone.UTC)
    assert (rust.notes, rust.url, rust.status) == (
        "讲清楚所有权与借用",
        "https://example.com/rust",
        "idea",
    )
    live = items["直播答疑"]
    assert live.status == ContentItem.Status.ARCHIVED
    assert timezone.localtime(live.planned_for, owner.tzinfo).date().isoformat() == "2026-03-10"


def test_our_own_feed_imports_back_without_duplicates(client, owner_api, owner):
    ContentItemFactory.create_batch(3, creator=owner)
    feed = client.get(reverse("calendar_feed", kwargs={"token": calendar_feed_token(owner)}))

    result = post_file(owner_api, "import-ics", feed.content).json()

    assert (result["created"], result["updated"], result["unchanged"]) == (0, 0, 3)
    assert ContentItem.objects.count() == 3


def test_imported_event_keeps_its_uid_in_the_feed(client, owner_api, owner):
    post_file(owner_api, "import-ics", ICS.format(title="x"))

    feed = client.get(reverse("calendar_feed", kwargs={"token": calendar_feed_token(owner)}))

    assert b"UID:abc-123@calendar.example" in feed.content


@pytest.mark.parametrize(
    "content",
    [b"not a calendar", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\nEND:VCALENDAR\n"],
)
def test_bad_ics_is_a_file_error(owner_api, content):
    response = post_file(owner_api, "import-ics", content)

    assert response.status_code == 400
    assert "file" in response.json()
    assert ContentItem.objects.count() == 0


def test_import_without_a_file_is_a_field_error(owner_api):
    assert "file" in owner_api.post(f"{ITEMS}import-ics/", {}, format="multipart").json()


def test_csv_export_filters_by_range_channel_and_status(owner_api, owner):
    channel = ChannelFactory(creator=owner, name="公众号")
    topic = TopicFactory(creator=owner, name="数据库")
    march = datetime(2026, 3, 15, 12, tzinfo=timezone.UTC)
    wanted = ContentItemFactory(
        creator=owner,
        title="PostgreSQL MVCC 一次讲透",
        channel=channel,
        topic=topic,
        status="scheduled",
        planned_for=march,
        notes='带逗号, "引号"\n和换行',
    )
    ContentItemFactory(creator=owner, channel=channel, status="draft", planned_for=march)
    ContentItemFactory(creator=owner, status="scheduled", planned_for=march)
    ContentItemFactory(
        creator=owner, channel=channel, status="scheduled", planned_for=march.replace(month=5)
    )

    response = owner_api.get(
        f"{ITEMS}export-csv/",
        {"start": "2026-03-01", "end": "2026-03-31", "channel": channel.pk, "status": "scheduled"},
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["id"] for row in rows] == [str(wanted.pk)]
    assert rows[0]["title"] == "PostgreSQL MVCC 一次讲透"
    assert rows[0]["channel_name"] == "公众号" and rows[0]["topic_name"] == "数据库"
    assert rows[0]["notes"] == '带逗号, "引号"\n和换行'
    assert rows[0]["planned_for"] == "2026-03-15T20:00:00+08:00"


def test_json_export_holds_the_filtered_items(owner_api, owner):
    ContentItemFactory(creator=owner, title="中文标题", status="published")
    ContentItemFactory(creator=owner, status="idea")

    response = owner_api.get(f"{ITEMS}export-json/", {"status": "published"})

    data = json.loads(response.content)
    assert [item["title"] for item in data["items"]] == ["中文标题"]
    assert "中文标题".encode() in response.content


def test_bad_export_filter_is_a_400(owner_api):
    assert owner_api.get(f"{ITEMS}export-csv/", {"start": "someday"}).status_code == 400


def test_csv_round_trip_keeps_cjk_and_changes_nothing(owner_api, owner):
    channel = ChannelFactory(creator=owner, name="B站")
    ContentItemFactory(creator=owner, title="手把手写一个 Redis", channel=channel, notes="第一集")
    ContentItemFactory(creator=owner, title="架构图怎么画", planned_for=None, effort_hours=2.5)
    exported = owner_api.get(f"{ITEMS}export-csv/").content
    versions = dict(ContentItem.objects.values_list("pk", "version"))

    result = post_file(owner_api, "import-csv", exported, "plan.csv").json()

    assert (result["created"], result["updated"], result["unchanged"]) == (0, 0, 2)
    assert dict(ContentItem.objects.values_list("pk", "version")) == versions


def test_csv_import_creates_and_updates_by_id_and_channel_name(owner_api, owner):
    channel = ChannelFactory(creator=owner, name="知乎")
    existing = ContentItemFactory(creator=owner, title="旧标题")
    content = (
        "id,title,status,planned_for,channel_name\n"
        f"{existing.pk},新标题,review,2026-04-01T09:00:00+08:00,\n"
        ",全新条目,idea,,知乎\n"
    )

    result = post_file(owner_api, "import-csv", content, "plan.csv").json()

    assert (result["created"], result["updated"]) == (1, 1)
    existing.refresh_from_db()
    assert (existing.title, existing.status) == ("新标题", "review")
    assert ContentItem.objects.get(title="全新条目").channel == channel


def test_csv_import_is_all_or_nothing_with_line_numbers(owner_api, owner, other_creator):
    foreign = ChannelFactory(creator=other_creator)
    content = (
        "title,status,planned_for,channel\n"
        "好的一行,idea,,\n"
        "坏状态,viral,,\n"
        '"多行\n标题",idea,下周二,\n'
        f"别人的频道,idea,,{foreign.pk}\n"
    )

    response = post_file(owner_api, "import-csv", content, "plan.csv")

    assert response.status_code == 400
    errors = response.json()["file"]
    assert any(e.startswith("Line 3: status:") for e in errors)
    assert any(e.startswith("Line 4: planned_for:") for e in errors)
    assert any(e.startswith("Line 6: channel:") for e in errors)
    assert ContentItem.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xff\xfe\x00bad", "UTF-8"),
        ("name,notes\nx,y\n", "title"),
        ("id,title\n999999,x\n", "Line 2: id:"),
    ],
)
def test_unusable_csv_files_are_explained(owner_api, content, expected):
    response = post_file(owner_api, "import-csv", content, "plan.csv")

    assert response.status_code == 400
    assert expected in " ".join(response.json()["file"])
