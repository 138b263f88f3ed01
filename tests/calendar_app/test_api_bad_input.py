"""Bad input of every shape gets a 4xx, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.calendar_app.sync_fixtures import ContentItemFactory

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/content-items/"

GARBAGE_ICS = [
    b"",
    b"\x00\x01\x02",
    b"BEGIN:VCALENDAR\r\nEND:VEVENT\r\n",
    b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:notadate\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;TZID=Mars/Base:20260101T100000\r\n"
    b"END:VEVENT\r\nEND:VCALENDAR\r\n",
    "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:长\r\nSUMMARY:".encode()
    + "标题".encode() * 400
    + b"\r\nURL:not a url\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
]


@pytest.mark.parametrize("content", GARBAGE_ICS)
def test_garbage_ics_never_500s(owner_api, content):
    response = owner_api.post(
        f"{ITEMS}import-ics/",
        {"file": SimpleUploadedFile("x.ics", content)},
        format="multipart",
    )

    assert response.status_code in (200, 400)


@pytest.mark.parametrize(
    "content",
    [b"", b"title\n", b'title,status\n"unterminated,idea\n', b"id,title\n-1,x\n1e9,y\n"],
)
def test_garbage_csv_never_500s(owner_api, content):
    response = owner_api.post(
        f"{ITEMS}import-csv/",
        {"file": SimpleUploadedFile("x.csv", content)},
        format="multipart",
    )

    assert response.status_code in (200, 400)


@pytest.mark.parametrize(
    "payload",
    [
        [],
        "string",
        {"title": ["list"]},
        {"title": "x", "planned_for": 12345},
        {"title": "x", "topic": {"id": 1}},
        {"title": "x", "effort_hours": "99999999"},
        {"title": "x" * 400},
        {"title": "x", "word_count": 10**12},
    ],
)
def test_garbage_json_never_500s(owner_api, payload):
    assert owner_api.post(ITEMS, payload, format="json").status_code == 400


@pytest.mark.parametrize(
    "params",
    [
        {"ordering": "bogus"},
        {"page": "abc"},
        {"page_size": "-1"},
        {"status": ["draft", "nope"]},
        {"start": "2026-01-01T25:00"},
        {"search": "\x00"},
    ],
)
def test_garbage_query_params_never_500(owner_api, owner, params):
    ContentItemFactory(creator=owner)

    assert owner_api.get(ITEMS, params).status_code < 500
    assert owner_api.get(f"{ITEMS}sync/", {"cursor": "\x00" * 5}).status_code == 410


@pytest.mark.parametrize("path", ["", "export-csv/", "export-json/"])
def test_an_offset_postgresql_cannot_hold_is_read_in_utc(owner_api, owner, path):
    ContentItemFactory(creator=owner)

    response = owner_api.get(f"{ITEMS}{path}", {"start": "4557-02-27T01:44-20:36"})

    assert response.status_code == 200
