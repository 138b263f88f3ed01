"""The calendar sync settings page: feed link with webcal://, regenerate, import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.tokens import calendar_feed_token
from calendar_app.models import ContentItem

pytestmark = pytest.mark.django_db

PAGE = "/plan/sync/"


def test_page_shows_the_feed_with_a_webcal_link(owner_client, owner):
    html = owner_client.get(PAGE).content.decode()
    token = calendar_feed_token(owner)

    assert f"http://testserver/calendar/{token}.ics" in html
    assert f'href="webcal://testserver/calendar/{token}.ics"' in html


def test_regenerate_gives_a_new_address_and_kills_the_old(owner_client, client, owner):
    old = calendar_feed_token(owner)

    response = owner_client.post(f"{PAGE}feed/regenerate/")

    owner.refresh_from_db()
    new = calendar_feed_token(owner)
    assert response.status_code == 302 and new != old
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200
    assert new in owner_client.get(PAGE).content.decode()


def test_import_page_reports_line_errors_and_writes_nothing(owner_client):
    csv = SimpleUploadedFile("plan.csv", "title,status\n好,idea\n坏,viral\n".encode())

    response = owner_client.post(f"{PAGE}import/", {"kind": "csv", "file": csv})

    assert response.status_code == 400
    assert "Line 3: status:" in response.content.decode()
    assert not ContentItem.objects.exists()


def test_import_page_imports_a_csv(owner_client, owner):
    csv = SimpleUploadedFile("plan.csv", "title,status\n用页面导入,idea\n".encode())

    response = owner_client.post(f"{PAGE}import/", {"kind": "csv", "file": csv})

    assert response.status_code == 302
    assert ContentItem.objects.get().creator == owner
