"""CSV exports write text that starts like a formula (= + - @, tab, CR) with a leading `'`,
so a spreadsheet shows it instead of running it; the imports read it back unchanged."""

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from analytics.models import MetricSnapshot
from calendar_app.models import ContentItem
from tests.analytics.factories import ChannelFactory, snapshot
from tests.calendar_app.factories import ContentItemFactory

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/content-items/"
FORMULAS = ['=HYPERLINK("http://evil.example","点我")', "+1+2", "-3+4", "@SUM(A1)", "\t=1"]


def _rows(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.mark.parametrize("title", FORMULAS)
def test_the_calendar_export_neutralises_formula_cells_and_round_trips(owner_api, owner, title):
    channel = ChannelFactory(creator=owner, name="=cmd|' /C calc'!A0")
    item = ContentItemFactory(
        creator=owner, title=title, notes="@notes", channel=channel, word_count=1200
    )

    body = owner_api.get(f"{ITEMS}export-csv/").content
    row = _rows(body)[0]

    assert row["title"] == "'" + title
    assert row["notes"] == "'@notes" and row["channel_name"] == "'" + channel.name
    assert row["word_count"] == "1200" and row["id"] == str(item.pk)

    item.title, item.notes = "改过", ""
    item.save()
    imported = owner_api.post(
        f"{ITEMS}import-csv/",
        {"file": SimpleUploadedFile("back.csv", body)},
        format="multipart",
    )

    assert imported.status_code == 200, imported.content
    item = ContentItem.objects.get(pk=item.pk)
    assert item.title == title.strip() and item.notes == "@notes"


def test_plain_text_is_exported_as_it_is(owner_api, owner):
    ContentItemFactory(creator=owner, title="Rust 所有权 - 第一讲", notes="a=b")

    row = _rows(owner_api.get(f"{ITEMS}export-csv/").content)[0]

    assert row["title"] == "Rust 所有权 - 第一讲" and row["notes"] == "a=b"


def test_the_snapshot_export_neutralises_channel_and_item_names(owner_client, owner):
    channel = ChannelFactory(creator=owner, name="-2+3")
    piece = ContentItemFactory(creator=owner, channel=channel, title="=1+1")
    snapshot(owner, channel, date(2026, 6, 1), item=piece, views=5)

    body = b"".join(owner_client.get(reverse("analytics:growth_export_csv")).streaming_content)
    row = _rows(body)[0]

    assert row["channel"] == "'-2+3" and row["content_item"] == "'=1+1" and row["views"] == "5"

    MetricSnapshot.objects.all().delete()
    imported = owner_client.post(
        reverse("analytics:growth_import"), {"file": SimpleUploadedFile("n.csv", body)}
    )
    assert imported.status_code == 200
    assert imported.context["errors"] == [] and imported.context["total"] == 1
