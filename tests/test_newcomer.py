"""A newcomer's week (issue 16) through HTTP: built-in texts in the reader's language,
first contact, onboarding that knows the data, the series weekday, one way to format."""

import contextlib
import re
from datetime import UTC, date, datetime, time

import pytest
from django.test import Client
from django.utils import timezone, translation

from accounts.models import Notification, User
from accounts.services import comment_create
from analytics.models import ReviewItem
from calendar_app import services as calendar_services
from calendar_app.models import ContentItem, PlanPhase, Series
from positioning.models import ActionStepDone
from tests import clock
from tests.calendar_app.factories import ContentItemFactory
from tests.factories import UserFactory
from tests.journeys import CREATOR_EMAIL, seed

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# Point 2: what the product wrote follows the reader's language; what a user typed does not.


def test_a_comment_notification_reads_in_the_readers_language(owner):
    coach = UserFactory(email="coach@example.com", display_name="Grace")
    item = ContentItemFactory(creator=owner, title="KV cache notes")
    owner.language = "en"
    owner.save(update_fields=["language"])
    comment_create(author=coach, target=item, body="Nice")

    owner.language = "zh-hans"
    owner.save(update_fields=["language"])
    html = client_for(owner).get("/notifications/").content.decode()

    assert "Grace 评论了“KV cache notes”" in html
    assert "commented on" not in html
    assert Notification.objects.get().title == "Grace commented on “KV cache notes”"


def test_the_12_month_plan_and_checklists_follow_the_reader(owner):
    owner.language = "en"
    owner.save(update_fields=["language"])
    calendar_services.plan_create_default(creator=owner, plan_start=date(2026, 6, 1))
    owner.language = "zh-hans"
    owner.save(update_fields=["language"])

    html = client_for(owner).get("/plan/twelve-months/").content.decode()

    assert "Foundation" not in html and "Deep content" not in html
    with translation.override("zh-hans"):
        assert translation.gettext("Foundation") in html


def test_a_renamed_phase_keeps_what_the_creator_typed(owner):
    calendar_services.plan_create_default(creator=owner, plan_start=date(2026, 6, 1))
    phase = PlanPhase.objects.filter(creator=owner).first()

    calendar_services.plan_phase_update(phase=phase, name="我的起步")
    owner.language = "en"
    owner.save(update_fields=["language"])

    assert "我的起步" in client_for(owner).get("/plan/twelve-months/").content.decode()


def test_default_checklist_items_are_stored_as_keys():
    creator, _coach = seed()
    item = ReviewItem.objects.filter(review__creator=creator).exclude(text_key="").first()
    assert item is not None
    with translation.override("en"):
        english = item.label
    with translation.override("zh-hans"):
        chinese = item.label
    assert english != chinese and english == item.text_key


# Point 7: first contact.


def test_the_anonymous_home_page_says_what_the_product_does_with_the_demo_logins(client):
    seed()

    html = client.get("/").content.decode()

    assert "/accounts/signup/" in html and "/accounts/login/" in html
    assert CREATOR_EMAIL in html and "sweetspot-demo" in html


def test_the_home_page_offers_no_demo_where_there_is_none(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "sweetspot-demo" not in response.content.decode()


def test_the_demo_creator_follows_the_browsers_language_until_she_picks(client):
    seed()
    client.post("/accounts/login/", {"username": CREATOR_EMAIL, "password": "sweetspot-demo"})

    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    chinese = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()

    assert 'lang="en"' in english and 'lang="zh-hans"' in chinese
    client.post("/settings/language/", {"language": "en", "next": "/"})
    picked = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()
    assert 'lang="en"' in picked


# Point 6: steps the data proves are ticked by themselves.


def test_first_month_steps_proven_by_the_data_are_ticked():
    """Nothing ticked by hand: the demo's skills, interests, topics, options, statement, plan,
    channels and published pieces tick their steps by themselves."""
    creator, _coach = seed()
    ActionStepDone.objects.filter(creator=creator).delete()

    html = client_for(creator).get("/positioning/plan/").content.decode()

    done = re.search(r"(\d+) of 16 steps done", html)
    assert done and int(done.group(1)) >= 8, done


# Point 8: the series weekday follows "Starts on".


def test_a_weekly_series_falls_on_its_start_day_unless_days_were_chosen(owner):
    today = timezone.localdate()  # the pinned Wednesday
    friday = date(2026, 6, 19)
    client = client_for(owner)

    response = client.post(
        "/plan/series/",
        {
            "title": "Friday notes #{n}",
            "format": "principles",
            "frequency": "weekly",
            "interval": "1",
            "weekdays": [str(today.weekday())],  # the preselected day, left as it was
            "time_of_day": "09:00",
            "starts_on": friday.isoformat(),
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    series = Series.objects.get(creator=owner)
    assert series.weekdays == [friday.weekday()]
    days = {
        timezone.localtime(i.planned_for, owner.tzinfo).weekday()
        for i in ContentItem.objects.filter(series=series)
    }
    assert days == {4}


# Point 5: one way to show a date, a time, a percentage and a count per language.


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["1 Dec 2026", "09:30", "1 Dec 2026, 17:30", "16.8%", "1 week", "2 weeks"]),
        ("zh-hans", ["2026年12月1日", "09:30", "2026年12月1日 17:30", "16.8%", "1 周", "2 周"]),
    ],
)
def test_one_set_of_formatting_helpers_per_language(language, expected):
    from accounts import formatting

    moment = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    with translation.override(language), timezone.override("Asia/Shanghai"):
        shown = [
            formatting.date_short(date(2026, 12, 1)),
            formatting.time_short(time(9, 30)),
            formatting.datetime_short(moment),
            formatting.percent(0.168),
            formatting.count(1, "week"),
            formatting.count(2, "week"),
        ]
    assert shown == expected


def test_the_personal_ip_index_says_what_its_value_means():
    """Its value is explained (0.500 on a new account is the starting point, not a score)."""
    creator, _coach = seed()
    User.objects.filter(pk=creator.pk).update(language="en", language_chosen=True)
    creator.refresh_from_db()

    html = client_for(creator).get("/growth/").content.decode()

    assert "Personal-IP index" in html
    assert "0.5 is where everyone starts" in html


def test_the_growth_page_shows_the_topics_just_rated_without_waiting_for_the_job(
    django_assert_max_num_queries,
):
    """T is measured from the topics as they are now, not as the last job run saw them."""
    from analytics.growth import jobs

    creator = UserFactory(language="en", language_chosen=True)
    jobs.recompute(creator_ids=[creator.pk])  # the summary as of before any topic
    client = client_for(creator)
    for number in range(5):
        response = client.post(
            "/positioning/rows/topic/",
            {
                "name": f"Topic {number}",
                "ability": "5",
                "passion": "4",
                "layer": "technique",
                "depth": "2",
                "market_demand": "3",
            },
        )
        assert response.status_code in (200, 201, 302), response.content[:500]

    with django_assert_max_num_queries(16):  # as many as the growth page's own test allows
        html = client.get("/growth/").content.decode()

    row = re.search(r"Technical ability T</th><td>([^<]*)</td>", html)
    assert row, html
    assert row.group(1).strip() == "2.00"  # mean ability 5 minus 3
    index = re.search(r"Index V</th><td></td><td>([^<]*)</td>", html)
    assert index and index.group(1).strip() != "0.50"


@pytest.mark.parametrize(
    ("name", "at"),
    [
        ("pinned", None),
        ("year-first-shanghai", datetime(2027, 1, 1, 0, 5, tzinfo=clock.SHANGHAI)),
        ("monday-first-minutes-shanghai", datetime(2027, 3, 1, 0, 5, tzinfo=clock.SHANGHAI)),
    ],
)
def test_the_demo_creator_is_on_track_whenever_the_demo_is_seeded(name, at):
    """Her headline numbers: a streak of the twelve weeks before this one, cadence on target."""
    context = clock.pinned(name, at) if at else contextlib.nullcontext()
    with context:
        creator, _coach = seed()
        User.objects.filter(pk=creator.pk).update(language="en", language_chosen=True)
        creator.refresh_from_db()
        client = client_for(creator)
        growth = client.get("/growth/").content.decode()
        home = client.get("/").content.decode()

    assert creator.weekly_target == 1
    assert "Streak: 12 weeks meeting the target of 1" in growth
    cadence = re.search(r'stat-value">([0-9.]+) <span class="stat-unit">per week', growth)
    assert cadence and float(cadence.group(1)) >= creator.weekly_target
    assert "Streak: 12 weeks" in home


def test_a_coach_reads_every_comment_time_in_her_own_zone(owner, coach):
    """A coach in New York reading a Berlin creator: New York times on the topic page and on
    the item page alike (one rule: the reader's zone)."""
    from positioning.models import Topic

    User.objects.filter(pk=owner.pk).update(timezone="Europe/Berlin")
    User.objects.filter(pk=coach.pk).update(
        timezone="America/New_York", language="en", language_chosen=True
    )
    owner.refresh_from_db()
    coach.refresh_from_db()
    topic = Topic.objects.create(creator=owner, name="Inference")
    item = ContentItemFactory(creator=owner, title="KV cache")
    moment = datetime(2026, 12, 1, 14, 5, tzinfo=UTC)  # 09:05 in New York, 15:05 in Berlin
    for target in (topic, item):
        comment = comment_create(author=coach, target=target, body="Nice")
        type(comment).objects.filter(pk=comment.pk).update(created_at=moment)
    client = client_for(coach)

    pages = [
        client.get(f"/positioning/topics/{topic.pk}/").content.decode(),
        client.get(f"/plan/items/{item.pk}/").content.decode(),
    ]

    for html in pages:
        assert "1 Dec 2026, 09:05" in html
        assert "15:05" not in html


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [
        ("en", ["1 Dec 2026, 17:30", "1 Dec 2026"], ["2026-12-01"]),
        ("zh-hans", ["2026年12月1日 17:30", "2026年12月1日"], ["2026-12-01"]),
    ],
)
def test_lists_show_dates_through_the_helpers_in_both_languages(owner, language, shown, not_shown):
    """The piece list and the series page: one date and time format per language, no ISO."""
    User.objects.filter(pk=owner.pk).update(
        timezone="Asia/Shanghai", language=language, language_chosen=True
    )
    owner.refresh_from_db()
    moment = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)  # 17:30 in Shanghai
    ContentItemFactory(
        creator=owner, title="Dated", planned_for=moment, published_at=moment, status="published"
    )
    client = client_for(owner)

    html = client.get("/plan/items/").content.decode()

    for text in shown:
        assert text in html
    for text in not_shown:
        assert text not in re.sub(r'(value|datetime|href)="[^"]*"', "", html)


@pytest.mark.parametrize(
    ("language", "month", "week"),
    [
        ("en", "June 2026", "15 Jun 2026 \u2013 21 Jun 2026"),
        ("zh-hans", "2026年6月", "2026年6月15日 \u2013 2026年6月21日"),
    ],
)
def test_the_calendars_titles_read_as_the_other_dates(owner, language, month, week):
    """The month and the week are titled through the same helpers (the pinned 17 June)."""
    User.objects.filter(pk=owner.pk).update(language=language, language_chosen=True)
    owner.refresh_from_db()
    client = client_for(owner)

    month_html = client.get("/plan/").content.decode()
    week_html = client.get("/plan/week/").content.decode()

    assert f'<h2 class="calendar-title">{month}</h2>' in month_html
    assert f'<h2 class="calendar-title">{week}</h2>' in week_html
