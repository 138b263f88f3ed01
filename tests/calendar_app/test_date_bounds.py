"""Dates outside the sane range (1900-9000) are refused at every door, and a row stored before
that rule (or by hand) never breaks a page, the API, the feed or an export."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from accounts.tokens import calendar_feed_token
from calendar_app.models import ContentItem
from tests.calendar_app.factories import ContentItemFactory

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/content-items/"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def west(owner):
    owner.timezone = "America/Los_Angeles"
    owner.save()
    return owner


def _upload(content: str, name: str) -> dict:
    return {"file": SimpleUploadedFile(name, content.encode())}


def test_rescheduling_to_the_last_day_of_9999_from_the_west_is_refused(owner_client, west):
    item = ContentItemFactory(creator=west)
    before = item.planned_for
    url = reverse("calendar_app:item_reschedule", args=[item.pk])

    response = owner_client.post(url, {"day": "9999-12-31"}, headers=HTMX)

    assert response.status_code in {200, 400, 422}
    item.refresh_from_db()
    assert item.planned_for == before
    assert owner_client.get(reverse("calendar_app:item_list")).status_code == 200


@pytest.mark.parametrize(
    "moment", ["9999-12-31T20:00:00-05:00", "0001-01-01T00:00:00+05:00", "1899-06-01T00:00:00Z"]
)
def test_the_api_refuses_a_date_outside_the_range_with_a_field_error(owner_api, owner, moment):
    item = ContentItemFactory(creator=owner)

    created = owner_api.post(ITEMS, {"title": "x", "planned_for": moment}, format="json")
    patched = owner_api.patch(f"{ITEMS}{item.pk}/", {"published_at": moment}, format="json")

    assert created.status_code == 400 and "1900" in created.json()["planned_for"][0]
    assert patched.status_code == 400 and "published_at" in patched.json()
    assert ContentItem.objects.count() == 1


def test_the_item_form_refuses_a_far_date(owner_client, west):
    response = owner_client.post(
        reverse("calendar_app:item_create"),
        {
            "title": "遥远",
            "format": "principles",
            "status": "idea",
            "planned_for": "9999-12-31T23:00",
        },
    )

    assert response.status_code == 200
    assert "planned_for" in response.context["form"].errors
    assert not ContentItem.objects.exists()


def test_a_csv_import_names_the_line_of_a_far_date(owner_api, west):
    body = "title,planned_for\n近,2026-07-01T09:00\n远,9999-12-31T23:00:00-08:00\n"

    response = owner_api.post(f"{ITEMS}import-csv/", _upload(body, "plan.csv"), format="multipart")

    assert response.status_code == 400
    assert any(message.startswith("Line 3") for message in response.json()["file"])
    assert not ContentItem.objects.exists()


def test_an_ics_event_in_year_9999_is_refused(owner_api, west):
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\r\n"
        "UID:far@example.com\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART;TZID=America/Los_Angeles:99991231T230000\r\nSUMMARY:far\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )

    response = owner_api.post(f"{ITEMS}import-ics/", _upload(ics, "x.ics"), format="multipart")

    assert response.status_code == 400 and "far@example.com" in response.json()["file"][0]
    assert not ContentItem.objects.exists()


def test_a_stored_year_10000_breaks_no_page_and_can_be_repaired(
    owner, coach, owner_client, owner_api, client
):
    item = ContentItemFactory(creator=owner, title="坏日期")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE calendar_app_contentitem SET planned_for = '10000-01-01 05:00+00', "
            "published_at = 'infinity' WHERE id = %s",
            [item.pk],
        )
    pages = [
        reverse("calendar_app:month"),
        reverse("calendar_app:board"),
        reverse("calendar_app:backlog"),
        reverse("calendar_app:item_list"),
        reverse("calendar_app:item_detail", args=[item.pk]),
    ]
    api = [
        ITEMS,
        f"{ITEMS}{item.pk}/",
        f"{ITEMS}sync/",
        f"{ITEMS}export-csv/",
        f"{ITEMS}export-json/",
    ]
    for url in pages + api:
        response = (owner_api if url.startswith("/api/") else owner_client).get(url)
        assert response.status_code == 200, url
    assert "坏日期" in owner_client.get(reverse("calendar_app:item_list")).content.decode()
    assert client.get(f"/calendar/{calendar_feed_token(owner)}.ics").status_code == 200
    client.force_login(coach)
    assert client.get(reverse("calendar_app:mentee_board", args=[owner.pk])).status_code == 200
    assert client.get(f"/api/v1/mentees/{owner.pk}/content-items/").status_code == 200

    repaired = owner_api.patch(
        f"{ITEMS}{item.pk}/",
        {"planned_for": "2026-07-01T09:00:00Z", "published_at": None},
        format="json",
    )

    assert repaired.status_code == 200, repaired.content
    assert repaired.json()["planned_for"].startswith("2026-07-01")
