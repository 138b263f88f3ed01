# ruff: noqa: RUF001  (Chinese punctuation and typographic apostrophes are intended)
"""Counts, percentages and wording as a reader meets them on the pages (issue 16, point 5):
a count in its plural form, engagement as a percentage on the review page as on the
dashboard, and a coach reading about the mentee, not as the mentee, in both languages."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from accounts.models import User
from analytics.growth import jobs
from analytics.models import IncomeEntry, Review, TimeEntry
from tests.analytics.factories import (
    ChannelFactory,
    ContentItemFactory,
    PlanPhaseFactory,
    snapshot,
)

pytestmark = pytest.mark.django_db

# The owner's and the coach's pages, in each language: (language, weeks, what each shows).
STREAKS = [
    ("en", 1, "Streak: 1 week", "Streak: 1 week meeting the target of 1"),
    ("en", 2, "Streak: 2 weeks", "Streak: 2 weeks meeting the target of 1"),
    ("zh-hans", 1, "连续：1 周", "连续 1 周达到每周 1 篇的目标"),
    ("zh-hans", 2, "连续：2 周", "连续 2 周达到每周 1 篇的目标"),
]


def reads(*users: User, language: str) -> None:
    User.objects.filter(pk__in=[u.pk for u in users]).update(
        language=language, language_chosen=True
    )


@pytest.mark.parametrize(("language", "weeks", "short", "long"), STREAKS)
def test_the_streak_reads_in_its_plural_form(
    owner, coach, owner_client, client, language, weeks, short, long
):
    """One piece a week in each of the `weeks` weeks before this one (pinned Wednesday)."""
    monday = date(2026, 6, 15)
    for back in range(1, weeks + 1):
        day = monday - timedelta(weeks=back)
        ContentItemFactory(
            creator=owner, published_at=datetime.combine(day, datetime.min.time(), UTC)
        )
    snapshot(owner, ChannelFactory(creator=owner), monday, followers=10)
    User.objects.filter(pk=owner.pk).update(weekly_target=1)
    reads(owner, coach, language=language)
    jobs.recompute(creator_ids=[owner.pk])
    client.force_login(coach)

    dashboard = owner_client.get("/").content.decode()
    growth = owner_client.get("/growth/").content.decode()
    mentee = client.get(reverse("accounts:mentee", args=[owner.pk])).content.decode()

    assert short in dashboard and short in mentee
    assert long in growth
    for html in (dashboard, growth, mentee):
        assert "1 weeks" not in html and "Streak: 0" not in html


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_review_page_shows_engagement_as_a_percentage(owner, owner_client, review, language):
    """168 interactions on 1,000 views read 16.8%, as on the dashboard, never 0.1680."""
    item = ContentItemFactory(creator=owner, title="KV cache explained")
    snapshot(owner, item.channel, date(2026, 2, 25), item=item, views=1000, likes=100, comments=68)
    reads(owner, language=language)

    owner_client.post(reverse("analytics:review_refresh", args=[review.pk]))
    html = owner_client.get(review.get_absolute_url()).content.decode()

    assert "KV cache explained" in html
    assert "16.8%" in html
    assert "0.168" not in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "No reviews yet. Owner 主人’s first one opens when their current week ends."),
        ("zh-hans", "还没有复盘。Owner 主人的第一次复盘在其本周结束时开启。"),
    ],
)
def test_a_coach_reads_about_the_mentees_first_review(owner, coach, client, language, expected):
    assert not Review.objects.filter(creator=owner).exists()
    reads(coach, language=language)
    client.force_login(coach)
    url = reverse("analytics:mentee_reviews", args=[owner.pk])

    page = client.get(url).content.decode()
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()

    for html in (page, fragment):
        assert expected in html
        assert "Your first one" not in html and "你的第一次复盘" not in html


@pytest.mark.parametrize(
    ("language", "shown"), [("en", "17 Jun 2026"), ("zh-hans", "2026年6月17日")]
)
def test_growth_pages_show_dates_one_way(owner, coach, owner_client, client, language, shown):
    """Entries, channel rows, the last publication and the goals' dates go through the
    formatting helpers, as everywhere else; only input values and attributes stay ISO."""
    day = date(2026, 6, 17)  # the pinned today
    TimeEntry.objects.create(creator=owner, spent_on=day, activity="creation", hours=2)
    IncomeEntry.objects.create(creator=owner, received_on=day, route="courses", amount=10)
    channel = ChannelFactory(creator=owner)
    snapshot(owner, channel, day, followers=10)
    ContentItemFactory(
        creator=owner, channel=channel, published_at=datetime(2026, 6, 17, 4, tzinfo=UTC)
    )
    PlanPhaseFactory(creator=owner, plan_start=day, start_month=1, end_month=3)
    reads(owner, coach, language=language)
    jobs.recompute(creator_ids=[owner.pk])
    client.force_login(coach)

    pages = {
        url: owner_client.get(url).content.decode()
        for url in ("/growth/", "/growth/time/", "/growth/income/")
    }
    pages["mentee"] = client.get(reverse("accounts:mentee", args=[owner.pk])).content.decode()

    for url, html in pages.items():
        text = re.sub(r'(value|datetime|href|min|max)="[^"]*"', "", html)
        assert shown in text, url
        assert "June 17" not in text and "Jun. 17" not in text and "2026-06-17" not in text, url
