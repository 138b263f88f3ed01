"""Reviews, reminders, quiet hours and growth at the boundary instants of issue 12.

Every test runs at each instant of tests/clock.py through the beat tasks (called as plain
functions, with no `now`: the pinned clock is "now") and reads the result where a creator
or an API client would: the API, the notification centre, the outbox, the feed.
"""

from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.tasks import deliver_notification_emails
from accounts.tokens import calendar_feed_token
from analytics.growth.tasks import recompute_all_growth, recompute_creator_growth
from analytics.reviews.tasks import open_due_reviews, scan_reminders
from tests.analytics.factories import ChannelFactory, ContentItemFactory, snapshot
from tests.clock import (
    BERLIN,
    INSTANT_IDS,
    INSTANTS,
    LOS_ANGELES,
    Moment,
    add_months,
    pinned,
    quarter_start,
    use_zone,
)

pytestmark = pytest.mark.django_db

ONE_SECOND = timedelta(seconds=1)
ONE_DAY = timedelta(days=1)
# Days a review stays open before it is overdue (documented per kind).
GRACE = {"weekly": 2, "monthly": 3, "quarterly": 7}


@pytest.fixture(params=INSTANTS, ids=INSTANT_IDS)
def moment(request, owner) -> Moment:
    with pinned(*request.param) as pinned_moment:
        use_zone(owner, pinned_moment)
        type(owner).objects.filter(pk=owner.pk).update(
            date_joined=pinned_moment.now - timedelta(days=400)
        )
        owner.refresh_from_db()
        yield pinned_moment


@pytest.fixture
def api(moment, owner) -> APIClient:
    """The owner's API client, logged in at the pinned instant (so the session is fresh)."""
    client = APIClient()
    client.force_login(owner)
    return client


@pytest.fixture
def page(moment, owner) -> Client:
    client = Client()
    client.force_login(owner)
    return client


def _results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    body = response.json()
    return body["results"] if isinstance(body, dict) else body


def _published(owner, title: str, at: datetime, **fields):
    return ContentItemFactory(creator=owner, title=title, published_at=at, **fields)


# Reviews


def _latest_closed(kind: str, today: date, week_start: int) -> tuple[date, date]:
    """The period of `kind` that ended most recently before local `today`."""
    if kind == "weekly":
        current = today - timedelta(days=(today.weekday() - week_start) % 7)
        return current - timedelta(days=7), current - timedelta(days=1)
    first = today.replace(day=1) if kind == "monthly" else quarter_start(today)
    months = 1 if kind == "monthly" else 3
    return add_months(first, -months), first - timedelta(days=1)


def _closed_since(kind: str, earlier: date, today: date, week_start: int) -> list[tuple]:
    """Every period that ended after the one that was latest at `earlier`, up to `today`."""
    periods = []
    start, end = _latest_closed(kind, today, week_start)
    oldest = _latest_closed(kind, earlier, week_start)[0]
    while start >= oldest:
        periods.append((start, end))
        end = start - timedelta(days=1)
        start = _latest_closed(kind, start, week_start)[0]
    return periods[::-1]


def _reviews(api: APIClient) -> dict[str, list[dict]]:
    rows = _results(api.get("/api/v1/reviews/", {"page_size": 100}))
    by_kind: dict[str, list[dict]] = {"weekly": [], "monthly": [], "quarterly": []}
    for row in sorted(rows, key=lambda row: row["period_start"]):
        by_kind[row["kind"]].append(row)
    return by_kind


@pytest.mark.parametrize("week_start", [0, 6], ids=["monday-weeks", "sunday-weeks"])
def test_beat_opens_the_reviews_of_the_periods_that_just_ended_locally_once(
    moment, owner, api, client, week_start
):
    owner.review_weekday = week_start
    owner.weekly_target = 7
    owner.save(update_fields=["review_weekday", "weekly_target"])
    latest = {kind: _latest_closed(kind, moment.today, week_start) for kind in GRACE}
    # A piece on each side of every period's first and last local second.
    pieces = []
    for start, end in latest.values():
        for at in (moment.midnight(start), moment.midnight(end + timedelta(days=1))):
            pieces += [at - ONE_SECOND, at]
    for at in pieces:
        _published(owner, f"piece {at.isoformat()}", at)

    open_due_reviews()
    open_due_reviews()  # a second beat tick opens nothing more

    reviews = _reviews(api)
    for kind, (start, end) in latest.items():
        assert [(r["period_start"], r["period_end"]) for r in reviews[kind]] == [
            (start.isoformat(), end.isoformat())
        ], kind
        review = reviews[kind][0]
        due = moment.midnight(end + timedelta(days=1 + GRACE[kind]))
        assert datetime.fromisoformat(review["due_at"]) == due
        inside = sum(
            moment.midnight(start) <= at < moment.midnight(end + timedelta(days=1)) for at in pieces
        )
        assert review["summary"]["published"]["count"] == inside, kind

    feed = client.get(reverse("calendar_feed", kwargs={"token": calendar_feed_token(owner)}))
    starts = sorted(
        event["dtstart"].dt
        for event in icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
        if str(event["summary"]).startswith("Review due")
    )
    expected = sorted(
        moment.midnight(end + timedelta(days=1 + GRACE[kind])) for kind, (_s, end) in latest.items()
    )
    assert starts == expected
    assert {start.astimezone(moment.tz).time() for start in starts} == {time(0)}


def test_beat_catches_up_on_every_period_missed_while_it_was_down(moment, owner, coach, api):
    earlier = moment.now - timedelta(days=40)
    with pinned("earlier", earlier):
        open_due_reviews()

    open_due_reviews()

    earlier_day = earlier.astimezone(moment.tz).date()
    reviews = _reviews(api)
    for kind in GRACE:
        expected = _closed_since(kind, earlier_day, moment.today, week_start=0)
        assert [(r["period_start"], r["period_end"]) for r in reviews[kind]] == [
            (start.isoformat(), end.isoformat()) for start, end in expected
        ], kind
    assert len(reviews["weekly"]) in (6, 7)

    # The coach's list counts those overdue now.
    dues = [datetime.fromisoformat(row["due_at"]) for rows in reviews.values() for row in rows]
    client = APIClient()
    client.force_login(coach)
    (mentee,) = _results(client.get("/api/v1/mentees/"))
    overdue = sum(due <= moment.now for due in dues)
    assert overdue and mentee["overdue_reviews"] == overdue


def test_a_review_does_not_open_a_minute_before_its_local_midnight(moment, owner, api):
    """The current periods end at the next local midnight: not opened before, opened after."""
    tomorrow = moment.today + timedelta(days=1)
    midnight = moment.midnight(tomorrow)
    with pinned("before", midnight - timedelta(minutes=1)):
        open_due_reviews()
    before = _reviews(api)
    with pinned("after", midnight):
        open_due_reviews()
    after = _reviews(api)

    for kind in GRACE:
        assert [r["period_end"] for r in before[kind]] == [
            _latest_closed(kind, moment.today, 0)[1].isoformat()
        ]
        ended_today = _latest_closed(kind, tomorrow, 0)[1] == moment.today
        assert len(after[kind]) == len(before[kind]) + ended_today, kind
        assert after[kind][-1]["period_end"] == _latest_closed(kind, tomorrow, 0)[1].isoformat()


# Reminders and quiet hours


def _notification_titles(page: Client) -> str:
    return page.get(reverse("accounts:notifications")).content.decode()


def test_the_target_at_risk_reminder_counts_the_local_week_after_its_middle(moment, owner, page):
    owner.weekly_target = 2
    owner.save(update_fields=["weekly_target"])
    monday = moment.monday
    _published(owner, "first second of the week", moment.midnight(monday))
    _published(owner, "last second of last week", moment.midnight(monday) - ONE_SECOND)

    scan_reminders()

    starts, ends = moment.midnight(monday), moment.midnight(monday + timedelta(days=7))
    middle = (
        starts + (ends.astimezone(moment.now.tzinfo) - starts.astimezone(moment.now.tzinfo)) / 2
    )
    html = _notification_titles(page)
    at_risk = "Your weekly target is at risk: 1 of 2" in html
    assert at_risk == (moment.now >= middle)
    assert "at risk: 2 of 2" not in html and "at risk: 0 of 2" not in html


def test_content_due_reminders_name_the_local_time_within_the_lead(moment, owner, page):
    owner.content_due_lead_hours = 24
    owner.save(update_fields=["content_due_lead_hours"])
    inside = moment.now + timedelta(hours=23, minutes=59)
    ContentItemFactory(creator=owner, title="inside", status="draft", planned_for=inside)
    outside = moment.now + timedelta(hours=24, minutes=1)
    ContentItemFactory(creator=owner, title="outside", status="draft", planned_for=outside)

    scan_reminders()

    html = _notification_titles(page)
    local = inside.astimezone(moment.tz)
    # One way to show a moment (accounts.formatting), in the reader's zone.
    assert f"“inside” is due {local.day} {local:%b %Y, %H:%M}" in html
    assert "“outside”" not in html


def _quiet_end(moment: Moment, start: time, end: time) -> datetime | None:
    clock = moment.local.time()
    if clock >= start:
        return moment.at(moment.today + timedelta(days=1), end)
    if clock < end:
        return moment.at(moment.today, end)
    return None


def _due_piece(owner, moment: Moment) -> None:
    ContentItemFactory(
        creator=owner, status="draft", planned_for=moment.now + timedelta(hours=1), title="due"
    )


def test_reminder_emails_wait_for_quiet_hours_across_midnight(moment, owner):
    owner.quiet_hours_start, owner.quiet_hours_end = time(22), time(7)
    owner.weekly_target = 0  # only the piece due is reminded
    owner.save(update_fields=["quiet_hours_start", "quiet_hours_end", "weekly_target"])
    _due_piece(owner, moment)
    scan_reminders()

    deliver_notification_emails()

    end = _quiet_end(moment, time(22), time(7))
    if end is None:
        assert len(mail.outbox) == 1
        return
    assert mail.outbox == []
    with pinned("just before", end - timedelta(minutes=1)):
        deliver_notification_emails()
    assert mail.outbox == []
    with pinned("quiet hours over", end):
        deliver_notification_emails()
        deliver_notification_emails()
    assert len(mail.outbox) == 1
    assert end.astimezone(moment.tz).time() == time(7)


def _utc(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "quiet", "now", "sent_at"),
    [
        # Berlin, spring: 02:30 does not exist; the clocks jump from 02:00 CET to 03:00 CEST
        # (01:00 UTC), and from then on the wall clock is past the quiet hours.
        pytest.param(
            BERLIN,
            (time(23), time(2, 30)),
            _utc(2027, 3, 28, 0),
            _utc(2027, 3, 28, 1),
            id="berlin-spring",
        ),
        # Berlin, autumn: 02:30 comes twice; the first (02:30 CEST, 00:30 UTC) ends them.
        pytest.param(
            BERLIN,
            (time(23), time(2, 30)),
            _utc(2027, 10, 31, 0),
            _utc(2027, 10, 31, 0, 30),
            id="berlin-autumn",
        ),
        # ... and when the hour repeats (02:10 CET, 01:10 UTC), quiet again: the second 02:30.
        pytest.param(
            BERLIN,
            (time(23), time(2, 30)),
            _utc(2027, 10, 31, 1, 10),
            _utc(2027, 10, 31, 1, 30),
            id="berlin-autumn-repeated-hour",
        ),
        # Los Angeles, autumn: 01:30 comes twice; the first (01:30 PDT, 08:30 UTC).
        pytest.param(
            LOS_ANGELES,
            (time(22), time(1, 30)),
            _utc(2027, 11, 7, 7),
            _utc(2027, 11, 7, 8, 30),
            id="los-angeles-autumn",
        ),
        # Los Angeles, spring: 02:30 does not exist; 02:00 PST jumps to 03:00 PDT (10:00 UTC).
        pytest.param(
            LOS_ANGELES,
            (time(22), time(2, 30)),
            _utc(2027, 3, 14, 9),
            _utc(2027, 3, 14, 10),
            id="los-angeles-spring",
        ),
    ],
)
def test_quiet_hours_ending_in_a_daylight_saving_change(owner, zone, quiet, now, sent_at):
    owner.timezone = zone.key
    owner.quiet_hours_start, owner.quiet_hours_end = quiet
    owner.weekly_target = 0
    owner.save(update_fields=["timezone", "quiet_hours_start", "quiet_hours_end", "weekly_target"])
    with pinned("night", now):
        ContentItemFactory(
            creator=owner, status="draft", planned_for=now + timedelta(hours=3), title="due"
        )
        scan_reminders()
        deliver_notification_emails()
    with pinned("just before", sent_at - timedelta(minutes=1)):
        deliver_notification_emails()
    assert mail.outbox == []
    with pinned("over", sent_at):
        deliver_notification_emails()
    assert len(mail.outbox) == 1


# Growth: cadence, streaks and buckets


def _growth(api: APIClient) -> dict:
    response = api.get("/api/v1/growth/")
    assert response.status_code == 200, response.content
    return response.json()


def test_streak_and_this_week_count_local_weeks_across_month_and_year_ends(moment, owner, api):
    owner.weekly_target = 1
    owner.save(update_fields=["weekly_target"])
    this_monday = moment.monday
    _published(owner, "this week, first second", moment.midnight(this_monday))
    for weeks_back in (1, 2, 3):
        # Sunday 23:30 of each of the three weeks before: Monday morning in UTC out west.
        sunday_night = moment.midnight(this_monday - timedelta(weeks=weeks_back - 1))
        _published(owner, f"week -{weeks_back}", sunday_night - timedelta(minutes=30))
    wednesday = this_monday - timedelta(weeks=5) + timedelta(days=2)
    _published(owner, "week -5", moment.at(wednesday, time(12)))

    recompute_creator_growth(owner.pk)

    summary = _growth(api)["summary"]
    assert summary["as_of"] == moment.today.isoformat()
    assert summary["published_this_week"] == 1
    assert summary["streak_weeks"] == 4
    assert summary["last_published_on"] == this_monday.isoformat()


def test_a_streak_not_yet_met_this_week_runs_to_last_week(
    moment, owner, api, django_capture_on_commit_callbacks
):
    owner.weekly_target = 1
    owner.save(update_fields=["weekly_target"])
    this_monday = moment.monday
    _published(owner, "last week, last second", moment.midnight(this_monday) - ONE_SECOND)
    _published(owner, "two weeks ago", moment.midnight(this_monday - timedelta(weeks=2)))

    with django_capture_on_commit_callbacks(execute=True):
        recompute_all_growth()

    summary = _growth(api)["summary"]
    assert summary["published_this_week"] == 0
    assert summary["streak_weeks"] == 2
    assert summary["last_published_on"] == (this_monday - timedelta(days=1)).isoformat()


def test_engagement_months_are_the_local_months_published(moment, owner, api):
    first = moment.today.replace(day=1)
    channel = ChannelFactory(creator=owner)
    for at, views in ((moment.midnight(first) - ONE_SECOND, 100), (moment.midnight(first), 50)):
        item = _published(owner, f"piece {views}", at, channel=channel)
        snapshot(owner, channel, moment.today, item=item, views=views, likes=views // 10)

    recompute_creator_growth(owner.pk)

    months = {row["key"]: row["views"] for row in _growth(api)["engagement"]["month"]}
    previous = add_months(first, -1)
    assert months == {f"{previous:%Y-%m}": 100, f"{first:%Y-%m}": 50}


def test_follower_weeks_are_local_weeks(moment, owner, api):
    channel = ChannelFactory(creator=owner)
    monday = moment.monday
    last_monday = monday - timedelta(days=7)
    for at, followers in (
        (moment.midnight(last_monday), 90),
        (moment.midnight(monday) - ONE_SECOND, 100),
        (moment.midnight(monday), 104),
        (moment.now, 110),
    ):
        response = api.post(
            "/api/v1/metric-snapshots/",
            {"channel": channel.pk, "captured_at": at.isoformat(), "followers": followers},
            format="json",
        )
        assert response.status_code == 201, response.content

    recompute_creator_growth(owner.pk)

    (row,) = _growth(api)["channels"]
    assert row["weekly"] == [[last_monday.isoformat(), 100], [monday.isoformat(), 110]]
    assert (row["followers"], row["delta_week"]) == (110, 10)
    assert row["last_captured_on"] == moment.today.isoformat()


def test_the_12_month_plan_goals_run_from_the_local_month(moment, owner, page, api):
    page.post(reverse("calendar_app:plan_default"), {"plan_start": moment.today.isoformat()})

    recompute_creator_growth(owner.pk)

    first = moment.today.replace(day=1)
    goals = [(g["starts_on"], g["deadline"]) for g in _growth(api)["goals"]]
    phases = [(add_months(first, n), add_months(first, n + 3) - ONE_DAY) for n in (0, 3, 6, 9)]
    assert goals == [(starts.isoformat(), deadline.isoformat()) for starts, deadline in phases]
