"""A recurring series does not bury real ideas (issue 16, point 1): its occurrences not yet
due stay with the series; the backlog, the board and the pickers show only its next one,
and pickers list published pieces first, newest first, then the rest in natural order."""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from calendar_app import services
from calendar_app.models import ContentItem
from tests.calendar_app.factories import ContentItemFactory

pytestmark = pytest.mark.django_db

REAL_IDEAS = ["Idea: profiling async code", "Idea: a CUDA graph primer"]


@pytest.fixture
def flooded(owner, channel):
    """Two real ideas, one published piece and an open-ended weekly series (26 ideas)."""
    for title in REAL_IDEAS:
        ContentItemFactory(creator=owner, title=title, status="idea", planned_for=None)
    ContentItemFactory(
        creator=owner,
        title="Published: KV cache explained",
        status="published",
        planned_for=datetime(2026, 6, 1, 9, tzinfo=UTC),
        published_at=datetime(2026, 6, 1, 9, tzinfo=UTC),
    )
    today = timezone.localdate()
    series = services.series_create(
        creator=owner,
        title="Weekly notes #{n}",
        frequency="weekly",
        weekdays=[today.weekday()],
        time_of_day=time(9, 0),
        starts_on=today + timedelta(days=1),
        channel=channel,
    )
    assert ContentItem.objects.filter(series=series).count() > 20
    return series


def option_texts(html: str, select_name: str) -> list[str]:
    select = re.search(rf'<select name="{select_name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no <select name={select_name}>"
    return [
        re.sub(r"\s+", " ", text).strip()
        for value, text in re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', select[1])
        if value
    ]


def test_the_backlog_shows_real_ideas_and_only_the_series_next_one(owner_client, flooded):
    html = owner_client.get("/plan/backlog/").content.decode()

    for title in REAL_IDEAS:
        assert title in html
    assert "Weekly notes #1" in html
    assert "Weekly notes #2" not in html
    assert "Weekly notes #10" not in html


def test_the_boards_idea_column_shows_the_series_next_one_only(owner_client, flooded):
    html = owner_client.get("/plan/board/").content.decode()

    assert set(re.findall(r"Weekly notes #\d+", html)) == {"Weekly notes #1"}
    for title in REAL_IDEAS:
        assert title in html


def test_the_snapshot_picker_lists_published_first_then_natural_order(owner_client, flooded):
    html = owner_client.get("/growth/snapshots/").content.decode()

    pieces = option_texts(html, "content_item")
    assert pieces[0].startswith("Published: KV cache explained")
    series_pieces = [text for text in pieces if text.startswith("Weekly notes #")]
    assert series_pieces == ["Weekly notes #1"]
    assert len(pieces) == 1 + len(REAL_IDEAS) + 1


def test_the_snapshot_picker_sorts_numbers_in_titles_as_numbers(owner_client, owner):
    """Published pieces first, newest first; then the undated rest in natural order (the
    numbers compared as numbers, letters whatever their case), in as many queries for many
    pieces as for a few."""
    for day, title in ((date(2026, 5, 4), "Older talk"), (date(2026, 6, 1), "Newer talk")):
        moment = datetime.combine(day, time(9), tzinfo=UTC)
        ContentItemFactory(
            creator=owner, title=title, status="published", planned_for=moment, published_at=moment
        )
    for title in ("Part 10", "Part 2", "part 1", "Part 2b", "Part 9"):
        ContentItemFactory(creator=owner, title=title, status="idea", planned_for=None)

    with CaptureQueriesContext(connection) as few:
        html = owner_client.get("/growth/snapshots/").content.decode()

    assert option_texts(html, "content_item") == [
        "Newer talk",
        "Older talk",
        "part 1",
        "Part 2",
        "Part 2b",
        "Part 9",
        "Part 10",
    ]
    for number in range(11, 41):
        ContentItemFactory(creator=owner, title=f"Part {number}", status="idea", planned_for=None)
    with CaptureQueriesContext(connection) as many:
        html = owner_client.get("/growth/snapshots/").content.decode()
    assert option_texts(html, "content_item")[-3:] == ["Part 38", "Part 39", "Part 40"]
    assert len(many) == len(few)


def test_the_repurposing_picker_follows_the_same_order(owner_client, flooded):
    html = owner_client.get("/plan/items/new/").content.decode()

    pieces = option_texts(html, "repurposed_from")
    assert pieces[0].startswith("Published: KV cache explained")
    assert [text for text in pieces if text.startswith("Weekly notes #")] == ["Weekly notes #1"]


def test_a_moved_or_started_occurrence_shows_as_any_piece(owner_client, flooded):
    """An occurrence the creator has started writing is real work: it shows."""
    tenth = ContentItem.objects.get(series=flooded, title="Weekly notes #10")
    tenth.status = ContentItem.Status.DRAFT
    tenth.save(update_fields=["status"])

    html = owner_client.get("/plan/board/").content.decode()

    assert "Weekly notes #10" in html
    assert "Weekly notes #2<" not in html
