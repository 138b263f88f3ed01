"""Odd input gets a clear 4xx, never a 500: Unicode and huge numbers, huge CSV fields, NUL in
iCalendar text, deeply nested JSON, and two imports of the same new events at once."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from calendar_app.models import ContentItem
from calendar_app.sync import imports
from calendar_app.sync.ical import UID_PREFIX, uid_domain
from tests.analytics.factories import ChannelFactory
from tests.calendar_app.factories import ContentItemFactory

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/content-items/"
HUGE = "9" * 5000
ODD_NUMBERS = ["²", "١٢", HUGE]


def _upload(content: str | bytes, name: str) -> dict:
    data = content.encode() if isinstance(content, str) else content
    return {"file": SimpleUploadedFile(name, data)}


def _ics(uid: str, summary: str = "活动", description: str = "") -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//x//y//EN",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        "DTSTAMP:20260101T000000Z",
        "DTSTART:20260701T090000Z",
        f"SUMMARY:{summary}",
        *([f"DESCRIPTION:{description}"] if description else []),
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    return "\r\n".join(lines)


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_page_size_takes_ascii_digits_only(owner_api, value):
    for url in (ITEMS, f"{ITEMS}sync/", "/api/v1/comments/"):
        response = owner_api.get(url, {"page_size": value})

        assert response.status_code == 400, url
        assert "page_size" in response.json()


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_comment_target_id_takes_ascii_digits_only(owner_api, value):
    response = owner_api.get("/api/v1/comments/", {"target_id": value})

    assert response.status_code == 400 and "target_id" in response.json()


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_an_if_match_of_odd_digits_matches_nothing(owner_api, owner, value):
    item = ContentItemFactory(creator=owner, title="原题")

    response = owner_api.patch(
        f"{ITEMS}{item.pk}/", {"title": "新题"}, format="json", HTTP_IF_MATCH=f'"{value}"'
    )

    assert response.status_code == 412
    item.refresh_from_db()
    assert item.title == "原题"


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_a_csv_id_of_odd_digits_is_a_line_error(owner_api, value):
    response = owner_api.post(
        f"{ITEMS}import-csv/", _upload(f"id,title\n{value},x\n", "plan.csv"), format="multipart"
    )

    assert response.status_code == 400
    assert response.json()["file"][0].startswith("Line 2: id:")


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_an_ics_uid_like_ours_with_odd_digits_is_a_foreign_event(owner_api, owner, value):
    uid = f"{UID_PREFIX}{value}@{uid_domain()}"

    response = owner_api.post(
        f"{ITEMS}import-ics/", _upload(_ics(uid), "x.ics"), format="multipart"
    )

    assert response.status_code == 200 and response.json()["created"] == 1
    assert ContentItem.objects.get().ical_uid == uid[:255]


def test_a_csv_field_over_the_csv_limit_is_a_line_error(owner_api):
    body = "title,notes\n短,ok\n长," + "x" * 131_073 + "\n"

    response = owner_api.post(f"{ITEMS}import-csv/", _upload(body, "plan.csv"), format="multipart")

    assert response.status_code == 400
    assert response.json()["file"] == [
        "Line 3 cannot be read (field larger than field limit (131072))."
    ]
    assert not ContentItem.objects.exists()


@pytest.mark.parametrize(("summary", "description"), [("坏\x00题", ""), ("好题", "说\x00明")])
def test_nul_in_ics_text_is_refused_by_the_api_and_the_page(
    owner_api, owner_client, summary, description
):
    ics = _ics("nul@example.com", summary, description)

    api = owner_api.post(f"{ITEMS}import-ics/", _upload(ics, "x.ics"), format="multipart")
    page = owner_client.post(
        reverse("calendar_sync:import"), {"kind": "ics", **_upload(ics, "x.ics")}
    )

    assert api.status_code == 400 and "NUL" in api.json()["file"][0]
    assert page.status_code == 400 and "NUL" in page.content.decode()
    assert not ContentItem.objects.exists()


def test_json_nested_thousands_deep_is_a_parse_error(owner_api):
    body = '{"title": ' + "[" * 3000 + "]" * 3000 + "}"

    response = owner_api.post(ITEMS, body, content_type="application/json")

    assert response.status_code == 400 and "nested" in response.json()["detail"]


def test_json_nested_past_the_cap_is_refused_even_when_python_could_parse_it(owner_api):
    body = '{"title": "x", "notes": ' + "[" * 40 + "]" * 40 + "}"

    response = owner_api.post(ITEMS, body, content_type="application/json")

    assert response.status_code == 400 and "nested" in response.json()["detail"]
    assert not ContentItem.objects.exists()


@pytest.mark.parametrize("moment", ["0001-01-01T00:00+05:00", "9999-12-31T23:00-08:00"])
def test_a_snapshot_time_at_the_ends_of_the_calendar_is_refused(owner_api, owner, moment):
    blog = ChannelFactory(creator=owner, name="博客")
    single = {"channel": blog.pk, "captured_at": moment, "followers": 1}

    one = owner_api.post("/api/v1/metric-snapshots/", single, format="json")
    bulk = owner_api.post("/api/v1/metric-snapshots/bulk/", [single], format="json")
    csv = owner_api.post(
        "/api/v1/metric-snapshots/import/",
        _upload(f"channel,captured_at,followers\n博客,{moment},1\n", "n.csv"),
        format="multipart",
    )

    assert one.status_code == 400 and "captured_at" in one.json()
    assert bulk.status_code == 400
    assert csv.status_code == 400


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_new_events_at_once_give_one_conflict(owner, monkeypatch):
    ics = _ics("race@example.com")
    both_looked = threading.Barrier(2, timeout=10)
    answers: list[int] = []
    original = imports._existing_for

    def look_then_wait(creator, uid):
        found = original(creator, uid)
        both_looked.wait()  # each found nothing before either inserted
        return found

    def run() -> None:
        client = APIClient()
        client.force_login(owner)
        try:
            response = client.post(f"{ITEMS}import-ics/", _upload(ics, "x.ics"), format="multipart")
            answers.append(response.status_code)
        finally:
            connection.close()

    monkeypatch.setattr(imports, "_existing_for", look_then_wait)
    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(answers) == [200, 409]
    assert ContentItem.objects.filter(ical_uid="race@example.com").count() == 1
