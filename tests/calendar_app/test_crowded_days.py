"""A crowded day: bounded tiles per cell, exact counts, every piece reachable ("+N more")."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from calendar_app.models import ContentItem
from calendar_app.selectors import MONTH_TILES_PER_DAY, WEEK_TILES_PER_DAY

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
CROWDED = datetime(2026, 6, 18, 9, 0, tzinfo=SHANGHAI)  # the Thursday after the pinned "now"


def _plan(creator, count: int, *, start=CROWDED, spread_days: int = 1, status="draft"):
    ContentItem.objects.bulk_create(
        ContentItem(
            creator=creator,
            title=f"篇 {n:04d}",
            status=status,
            planned_for=start + timedelta(days=n % spread_days, minutes=n % 600),
        )
        for n in range(count)
    )


@pytest.fixture
def shanghai_owner(owner):
    owner.timezone = "Asia/Shanghai"
    owner.save()
    return owner


def _cell(html: str, day: str) -> str:
    match = re.search(rf'<td class="day[^"]*" data-drop-date="{day}">(.*?)</td>', html, re.S)
    assert match, f"no cell for {day}"
    return match[1]


def _titles(html: str) -> list[str]:
    return re.findall(r'class="tile-title" href="[^"]+">([^<]+)</a>', html)


def _month_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/plan/", {"month": "2026-06"})
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_month_page_costs_the_same_queries_at_20_and_2000_pieces(owner_client, shanghai_owner):
    _plan(shanghai_owner, 20, start=datetime(2026, 6, 1, 9, tzinfo=SHANGHAI), spread_days=28)
    few, small = _month_queries(owner_client)
    _plan(shanghai_owner, 1980, start=datetime(2026, 6, 1, 10, tzinfo=SHANGHAI), spread_days=28)
    many, big = _month_queries(owner_client)

    assert few == many
    # Bounded: 28 days x 3 tiles, whatever the month holds.
    assert small.count('class="tile ') == 20
    assert big.count('class="tile ') == 28 * MONTH_TILES_PER_DAY


def test_a_crowded_day_shows_three_tiles_and_an_exact_more_link(owner_client, shanghai_owner):
    _plan(shanghai_owner, 10)

    html = owner_client.get("/plan/", {"month": "2026-06"}).content.decode()
    cell = _cell(html, "2026-06-18")

    assert _titles(cell) == ["篇 0000", "篇 0001", "篇 0002"]
    assert (
        '<a class="day-more" href="/plan/day/2026-06-18/" hx-get="/plan/day/2026-06-18/?skip=3"'
        ' hx-target="this" hx-swap="outerHTML">+7 more<span class="visually-hidden">'
        " (2026-06-18)</span></a>" in cell
    )
    # The week's count is exact: ten open pieces, not the three shown.
    assert "10 planned" in html
    # Tiles of a crowded day still move: drag data and the keyboard form are there.
    assert cell.count('draggable="true"') == 3
    assert cell.count('type="date" name="day"') == 3


def test_every_piece_of_a_crowded_day_is_reachable(owner_client, shanghai_owner):
    _plan(shanghai_owner, 10)
    everything = [f"篇 {n:04d}" for n in range(10)]
    month = owner_client.get("/plan/", {"month": "2026-06"}).content.decode()
    shown = _titles(_cell(month, "2026-06-18"))

    # With htmx, "+7 more" fetches the rest into the cell: movable tiles, none twice.
    rest = owner_client.get("/plan/day/2026-06-18/", {"skip": "3"}, headers={"HX-Request": "true"})
    assert rest.status_code == 200
    fragment = rest.content.decode()
    assert shown + _titles(fragment) == everything
    assert fragment.count('draggable="true"') == 7
    assert "<html" not in fragment

    # Without JavaScript the link opens the day's page, with every piece and its Move form.
    page = owner_client.get("/plan/day/2026-06-18/").content.decode()
    assert _titles(page) == everything
    assert page.count('type="date" name="day"') == 10
    assert 'name="next" value="/plan/day/2026-06-18/"' in page


def test_the_week_view_bounds_its_days_too(owner_client, shanghai_owner):
    _plan(shanghai_owner, WEEK_TILES_PER_DAY + 4)

    html = owner_client.get("/plan/week/", {"week": "2026-06-18"}).content.decode()

    assert html.count('class="tile ') == WEEK_TILES_PER_DAY
    assert 'href="/plan/day/2026-06-18/" hx-get="/plan/day/2026-06-18/?skip=8"' in html
    assert "+4 more" in html


def test_more_is_translated(owner_client, shanghai_owner):
    shanghai_owner.language = "zh-hans"
    shanghai_owner.save()
    _plan(shanghai_owner, 5)

    html = owner_client.get("/plan/", {"month": "2026-06"}).content.decode()

    assert "还有 2 篇" in html
    assert "移动" in html  # the tiles' own words come through Jinja2's gettext too


def test_a_coach_reads_a_mentees_day_and_outsiders_get_404(
    client, coach, shanghai_owner, other_creator
):
    _plan(shanghai_owner, 5)
    client.force_login(coach)

    page = client.get(f"/plan/mentees/{shanghai_owner.pk}/day/2026-06-18/")
    assert page.status_code == 200
    html = page.content.decode()
    assert len(_titles(html)) == 5
    assert 'draggable="true"' not in html
    month = client.get(f"/plan/mentees/{shanghai_owner.pk}/", {"month": "2026-06"})
    assert f'href="/plan/mentees/{shanghai_owner.pk}/day/2026-06-18/"' in month.content.decode()

    assert client.get(f"/plan/mentees/{other_creator.pk}/day/2026-06-18/").status_code == 404


def test_a_day_that_is_not_a_date_is_404(owner_client):
    assert owner_client.get("/plan/day/2026-02-30/").status_code == 404
    assert owner_client.get("/plan/day/0001-01-01/").status_code == 404
    assert owner_client.get("/plan/day/2026-06-18/", {"skip": "-1"}).status_code == 200
