"""Planning at the boundary instants of issue 12 (see tests/clock.py).

The month and week pages with their balance panel, recurring series, the 12-month plan and
the iCalendar feed, each at every instant, against answers worked out in the test.
"""

import re
from datetime import date, datetime, time, timedelta

import icalendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.tokens import calendar_feed_token
from calendar_app.models import ContentItem
from calendar_app.tasks import extend_series_horizons
from tests.calendar_app.factories import ContentItemFactory, TopicFactory
from tests.clock import (
    BERLIN,
    INSTANT_IDS,
    INSTANTS,
    LOS_ANGELES,
    Moment,
    add_months,
    monday_of,
    month_end,
    pinned,
    use_zone,
)

pytestmark = pytest.mark.django_db

ONE_SECOND = timedelta(seconds=1)


@pytest.fixture(params=INSTANTS, ids=INSTANT_IDS)
def moment(request, owner) -> Moment:
    with pinned(*request.param) as pinned_moment:
        use_zone(owner, pinned_moment)
        yield pinned_moment


@pytest.fixture
def page(moment, owner) -> Client:
    """The owner's browser, logged in at the pinned instant (so the session is fresh)."""
    client = Client()
    client.force_login(owner)
    return client


@pytest.fixture
def api(moment, owner) -> APIClient:
    client = APIClient()
    client.force_login(owner)
    return client


def _cell(html: str, day: date) -> str:
    """The markup of the month-grid cell or week-view day of `day`."""
    match = re.search(
        rf'<(td|li) class="[^"]*" data-drop-date="{day.isoformat()}">(.*?)</\1>', html, re.S
    )
    assert match, f"no cell for {day}"
    return match.group(2)


def _today_cells(html: str) -> list[str]:
    return re.findall(r'class="(?:day|week-day)[^"]*day-today[^"]*" data-drop-date="([^"]+)"', html)


def _layer_counts(html: str) -> dict[str, int]:
    rows = re.findall(r'swatch layer-(\w+)"></span>[^<]*</th><td>(\d+)</td>', html)
    return {layer: int(count) for layer, count in rows}


def _grid_rows(html: str) -> dict[date, int]:
    """Month grid: the Monday of each row and its published count."""
    grid = html[html.index('class="month-grid"') :]
    body = grid[grid.index("<tbody>") : grid.index("</tbody>")]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        monday = date.fromisoformat(re.search(r'data-drop-date="([^"]+)"', row).group(1))
        rows[monday] = int(re.search(r'<td class="week-col">\s*(\d+) /', row).group(1))
    return rows


def _piece(owner, title: str, planned_for: datetime | None, **fields) -> ContentItem:
    return ContentItemFactory(creator=owner, title=title, planned_for=planned_for, **fields)


# The month and week pages


def test_month_page_shows_the_local_month_and_todays_pieces_in_todays_cell(moment, owner, page):
    today = moment.today
    yesterday = today - timedelta(days=1)
    _piece(owner, "now-piece", moment.now)
    _piece(owner, "first-second-piece", moment.midnight(today))
    _piece(owner, "last-second-piece", moment.midnight(today + timedelta(days=1)) - ONE_SECOND)
    _piece(owner, "yesterday-piece", moment.midnight(today) - ONE_SECOND)

    html = page.get(reverse("calendar_app:month")).content.decode()

    assert f'<h2 class="calendar-title">{today:%B %Y}</h2>' in html
    assert _today_cells(html) == [today.isoformat()]
    cell = _cell(html, today)
    for title in ("now-piece", "first-second-piece", "last-second-piece"):
        assert title in cell
    assert "yesterday-piece" not in cell
    assert f">{moment.local:%H:%M}</time>" in cell
    assert ">23:59</time>" in cell and ">00:00</time>" in cell
    if f'data-drop-date="{yesterday.isoformat()}"' in html:
        assert "yesterday-piece" in _cell(html, yesterday)
    # Quick add points at the creator's today.
    assert f'name="day" required value="{today.isoformat()}"' in html


def test_week_page_is_the_local_monday_to_sunday_with_today_marked(moment, owner, page):
    monday = moment.monday
    _piece(owner, "monday-first-second", moment.midnight(monday))
    _piece(owner, "last-week-last-second", moment.midnight(monday) - ONE_SECOND)
    _piece(owner, "sunday-last-second", moment.midnight(monday + timedelta(days=7)) - ONE_SECOND)
    _piece(owner, "next-week-first-second", moment.midnight(monday + timedelta(days=7)))
    _piece(owner, "now-piece", moment.now)

    html = page.get(reverse("calendar_app:week")).content.decode()

    sunday = monday + timedelta(days=6)
    assert f"{monday.day} {monday:%b %Y} \u2013 {sunday.day} {sunday:%b %Y}" in html
    days = re.findall(r'<li class="week-day[^"]*" data-drop-date="([^"]+)"', html)
    assert days == [(monday + timedelta(days=n)).isoformat() for n in range(7)]
    assert _today_cells(html) == [moment.today.isoformat()]
    assert "now-piece" in _cell(html, moment.today)
    assert "monday-first-second" in _cell(html, monday)
    assert "sunday-last-second" in _cell(html, sunday)
    assert "last-week-last-second" not in html and "next-week-first-second" not in html


def test_month_balance_panel_counts_the_local_month_and_local_weeks(moment, owner, page):
    owner.weekly_target = 1
    owner.save(update_fields=["weekly_target"])
    first = moment.today.replace(day=1)
    last = month_end(first)
    layers = ("foundation", "technique", "case_study", "frontier", "methodology")
    topic = {layer: TopicFactory(creator=owner, layer=layer) for layer in layers}
    _piece(owner, "first", moment.midnight(first), topic=topic["foundation"])
    month_over = moment.midnight(last + timedelta(days=1))
    _piece(owner, "last", month_over - ONE_SECOND, topic=topic["technique"])
    _piece(owner, "before", moment.midnight(first) - ONE_SECOND, topic=topic["frontier"])
    _piece(owner, "after", month_over, topic=topic["methodology"])
    archived_at = moment.midnight(first) + timedelta(hours=12)
    _piece(owner, "archived", archived_at, topic=topic["case_study"], status="archived")
    # Published: the last second of last week, and the first second of this week.
    this_monday = moment.monday
    for published_at in (moment.midnight(this_monday) - ONE_SECOND, moment.midnight(this_monday)):
        _piece(owner, "published", None, status="published", published_at=published_at)

    html = page.get(reverse("calendar_app:month")).content.decode()

    assert _layer_counts(html) == {
        "foundation": 1,
        "technique": 1,
        "case_study": 0,
        "frontier": 0,
        "methodology": 0,
    }
    grid_mondays = []
    monday = monday_of(first)
    while monday <= last:
        grid_mondays.append(monday)
        monday += timedelta(days=7)
    last_week = this_monday - timedelta(days=7)
    expected_rows = {monday: int(monday in (this_monday, last_week)) for monday in grid_mondays}
    assert _grid_rows(html) == expected_rows
    past = [monday for monday in grid_mondays if monday + timedelta(days=7) <= moment.today]
    met = sum(1 for monday in past if expected_rows[monday])
    assert f"Met in {met} of {len(past)} past weeks shown." in html


def test_week_balance_panel_counts_the_local_week(moment, owner, page):
    owner.weekly_target = 2
    owner.save(update_fields=["weekly_target"])
    monday = moment.monday
    next_monday = monday + timedelta(days=7)
    foundation = TopicFactory(creator=owner, layer="foundation")
    technique = TopicFactory(creator=owner, layer="technique")
    frontier = TopicFactory(creator=owner, layer="frontier")
    _piece(owner, "monday", moment.midnight(monday), topic=foundation)
    _piece(owner, "sunday", moment.midnight(next_monday) - ONE_SECOND, topic=technique)
    _piece(owner, "before", moment.midnight(monday) - ONE_SECOND, topic=frontier)
    _piece(owner, "after", moment.midnight(next_monday), topic=frontier)
    for published_at in (moment.midnight(monday) - ONE_SECOND, moment.midnight(monday)):
        _piece(owner, "published", None, status="published", published_at=published_at)

    html = page.get(reverse("calendar_app:week")).content.decode()

    assert _layer_counts(html) == {
        "foundation": 1,
        "technique": 1,
        "case_study": 0,
        "frontier": 0,
        "methodology": 0,
    }
    assert "Published this week: 1 of 2." in html


def test_quick_add_and_move_put_a_piece_on_the_local_today(moment, owner, page):
    today = moment.today
    late = _piece(owner, "late yesterday", moment.at(today - timedelta(days=1), time(23, 30)))

    page.post(reverse("calendar_app:quick_add"), {"title": "quick", "day": today.isoformat()})
    page.post(reverse("calendar_app:item_reschedule", args=[late.pk]), {"day": today.isoformat()})

    cell = _cell(page.get(reverse("calendar_app:month")).content.decode(), today)
    assert "quick" in cell and "late yesterday" in cell
    times = re.findall(r">(\d\d:\d\d)</time>", cell)
    assert times == ["09:00", "23:30"]


def test_a_token_clients_day_filter_is_the_creators_local_day(moment, owner, read_token):
    """API.md: `start`/`end` dates are days in the creator's zone, and `planned_for` is shown
    in it, for a personal access token as for a browser session."""
    today = moment.today
    _piece(owner, "first second", moment.midnight(today))
    _piece(owner, "last second", moment.midnight(today + timedelta(days=1)) - ONE_SECOND)
    _piece(owner, "day before", moment.midnight(today) - ONE_SECOND)
    _piece(owner, "day after", moment.midnight(today + timedelta(days=1)))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {read_token}")

    rows = _items(client, start=today.isoformat(), end=today.isoformat())

    assert sorted(row["title"] for row in rows) == ["first second", "last second"]
    for row in rows:
        shown = datetime.fromisoformat(row["planned_for"])
        assert shown.utcoffset() == shown.astimezone(moment.tz).utcoffset()
        assert shown.date() == today


# Recurring series


def _items(api: APIClient, **params) -> list[dict]:
    response = api.get("/api/v1/content-items/", params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _local(moment: Moment, value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(moment.tz)


def test_a_weekly_late_evening_series_lands_on_its_local_days_at_23_30(moment, api):
    today = moment.today
    starts_on = today - timedelta(days=14)
    weekdays = sorted({today.weekday(), (today.weekday() + 1) % 7})
    response = api.post(
        "/api/v1/series/",
        {
            "title": "Late notes #{n}",
            "frequency": "weekly",
            "interval": 1,
            "weekdays": weekdays,
            "time_of_day": "23:30",
            "starts_on": starts_on.isoformat(),
            "count": 6,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()

    expected = []
    day = starts_on
    while len(expected) < 6:
        if day.weekday() in weekdays:
            expected.append(day)
        day += timedelta(days=1)
    planned = sorted(_local(moment, row["planned_for"]) for row in _items(api))
    assert [moment_local.date() for moment_local in planned] == expected
    assert {moment_local.time() for moment_local in planned} == {time(23, 30)}
    assert today in expected  # so the month page shows it in today's cell
    html = api.get(reverse("calendar_app:month")).content.decode()
    assert "Late notes #" in _cell(html, today)


def test_the_daily_task_keeps_every_series_half_a_year_ahead_of_the_local_today(moment, owner):
    with pinned("created", moment.now - timedelta(days=30)):
        client = APIClient()
        client.force_login(owner)
        created = client.post(
            "/api/v1/series/",
            {
                "title": "Daily #{n}",
                "frequency": "weekly",
                "weekdays": list(range(7)),
                "time_of_day": "23:30",
                "starts_on": (moment.today - timedelta(days=30)).isoformat(),
            },
            format="json",
        )
        assert created.status_code == 201, created.json()

    extend_series_horizons()

    # The horizon is 183 days after the creator's today, both ends included.
    horizon = moment.today + timedelta(days=183)
    occurrences = ContentItem.objects.filter(creator=owner, series__isnull=False)
    days = sorted(item.planned_for.astimezone(moment.tz).date() for item in occurrences)
    assert days[-1] == horizon
    assert days == [days[0] + timedelta(days=n) for n in range(len(days))]


@pytest.mark.parametrize(
    ("zone", "first_sunday", "change_sunday"),
    [
        (BERLIN, date(2027, 3, 14), date(2027, 3, 28)),
        (BERLIN, date(2027, 10, 17), date(2027, 10, 31)),
        (LOS_ANGELES, date(2027, 3, 7), date(2027, 3, 14)),
        (LOS_ANGELES, date(2027, 10, 24), date(2027, 11, 7)),
    ],
    ids=["berlin-spring", "berlin-autumn", "los-angeles-spring", "los-angeles-autumn"],
)
def test_a_weekly_series_keeps_its_wall_clock_time_across_the_change(
    owner, zone, first_sunday, change_sunday
):
    """Sundays at 23:30 stay 23:30; the night's missing 02:30 reads 03:30, a doubled one the
    first (RFC 5545 3.3.5); the weeks after the change keep 02:30."""
    owner.timezone = zone.key
    owner.save(update_fields=["timezone"])
    with pinned("series", datetime.combine(first_sunday - timedelta(days=3), time(12), zone)):
        client = APIClient()
        client.force_login(owner)
        for title, clock in (("late", "23:30"), ("night", "02:30")):
            response = client.post(
                "/api/v1/series/",
                {
                    "title": f"{title} #{{n}}",
                    "frequency": "weekly",
                    "weekdays": [6],
                    "time_of_day": clock,
                    "starts_on": first_sunday.isoformat(),
                    "count": 5,
                },
                format="json",
            )
            assert response.status_code == 201, response.json()
        rows = _items(client)

    sundays = [first_sunday + timedelta(weeks=n) for n in range(5)]
    assert change_sunday in sundays
    by_title: dict[str, list[datetime]] = {"late": [], "night": []}
    for row in rows:
        by_title[row["title"].split(" ")[0]].append(
            datetime.fromisoformat(row["planned_for"]).astimezone(zone)
        )
    late = sorted(by_title["late"])
    assert [(m.date(), m.time()) for m in late] == [(d, time(23, 30)) for d in sundays]
    night = sorted(by_title["night"])
    assert [m.date() for m in night] == sundays
    spring = change_sunday.month in (3, 4)
    for local in night:
        if local.date() == change_sunday and spring:
            assert local.time() == time(3, 30)  # 02:30 does not exist that night
        else:
            assert local.time() == time(2, 30)
            if local.date() == change_sunday:
                # In Berlin 02:30 comes twice that night: the first, still summer time.
                # (In Los Angeles 01:30 is the doubled hour; 02:30 is already winter time.)
                summer = datetime.combine(change_sunday, time(2, 30), zone)
                assert local.utcoffset() == summer.utcoffset()


# The 12-month plan


def test_the_12_month_plan_starts_in_the_local_month(moment, owner, page):
    html = page.get(reverse("calendar_app:plan")).content.decode()
    today = moment.today
    assert f'name="plan_start" value="{today.isoformat()}"' in html

    page.post(reverse("calendar_app:plan_default"), {"plan_start": today.isoformat()})

    first = today.replace(day=1)
    html = page.get(reverse("calendar_app:plan")).content.decode()
    assert f'name="plan_start" value="{first.isoformat()}"' in html
    assert add_months(first, 12) - timedelta(days=1) == month_end(add_months(first, 11))


def test_a_first_phase_without_a_plan_starts_in_the_local_month(moment, owner, page):
    response = page.post(
        reverse("calendar_app:phase_create"),
        {
            "name": "Warm-up",
            "start_month": "1",
            "end_month": "2",
            "follower_target": "100",
            "output_target": "4",
            "goals": "",
        },
    )
    assert response.status_code == 302

    html = page.get(reverse("calendar_app:plan")).content.decode()
    assert f'name="plan_start" value="{moment.today.replace(day=1).isoformat()}"' in html


# The iCalendar feed


def _feed_events(client: Client, owner) -> dict[str, icalendar.Event]:
    response = client.get(reverse("calendar_feed", kwargs={"token": calendar_feed_token(owner)}))
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["x-wr-timezone"]) == owner.timezone
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_feed_starts_are_the_exact_instants_of_pieces_on_boundary_days(moment, owner, client):
    first = moment.today.replace(day=1)
    starts = {
        "now": moment.now,
        "month-first-second": moment.midnight(first),
        "month-last-second": moment.midnight(month_end(first) + timedelta(days=1)) - ONE_SECOND,
        "today-23-30": moment.at(moment.today, time(23, 30)),
    }
    for title, start in starts.items():
        _piece(owner, title, start)

    events = _feed_events(client, owner)

    for title, start in starts.items():
        dtstart = events[title]["dtstart"].dt
        assert isinstance(dtstart, datetime) and dtstart.utcoffset() == timedelta(0)
        assert dtstart == start.replace(microsecond=0)
        assert events[title]["dtend"].dt - dtstart == timedelta(hours=1)
        local = dtstart.astimezone(moment.tz)
        assert local.date() == start.astimezone(moment.tz).date()


def test_imported_all_day_and_floating_events_land_on_the_local_day(moment, owner, api):
    today = moment.today
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//boundary//EN\r\n"
        "BEGIN:VEVENT\r\nUID:all-day@example.com\r\nSUMMARY:all-day\r\n"
        f"DTSTART;VALUE=DATE:{today:%Y%m%d}\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:floating@example.com\r\nSUMMARY:floating\r\n"
        f"DTSTART:{today:%Y%m%d}T233000\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    ).encode()

    response = api.post(
        "/api/v1/content-items/import-ics/",
        {"file": SimpleUploadedFile("plan.ics", ics, content_type="text/calendar")},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 2

    planned = {row["title"]: _local(moment, row["planned_for"]) for row in _items(api)}
    assert (planned["all-day"].date(), planned["all-day"].time()) == (today, time(9))
    assert (planned["floating"].date(), planned["floating"].time()) == (today, time(23, 30))
