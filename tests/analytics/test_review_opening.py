# ruff: noqa: RUF001  (Chinese punctuation is intended)
"""The beat job that opens reviews: once per period, in the creator's time zone, catching up."""

from datetime import UTC, date, datetime, timedelta

import pytest

from analytics.growth import source
from analytics.models import Review, ReviewItem
from analytics.reviews import services, summary
from analytics.reviews.services import reviews_open_and_prepare, template_item_add
from tests.analytics.conftest import JOINED, NOW, open_reviews
from tests.analytics.factories import ChannelFactory, UnplannedItemFactory, snapshot
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _creator(**kwargs):
    return UserFactory(date_joined=JOINED, **kwargs)


def test_a_review_of_each_kind_opens_for_the_period_just_ended(owner):
    open_reviews(owner)

    periods = set(Review.objects.values_list("kind", "period_start", "period_end"))
    assert periods == {
        ("weekly", date(2026, 2, 23), date(2026, 3, 1)),
        ("monthly", date(2026, 2, 1), date(2026, 2, 28)),
        ("quarterly", date(2025, 10, 1), date(2025, 12, 31)),
    }


def test_running_the_job_twice_opens_each_review_once(owner):
    first = reviews_open_and_prepare(now=NOW - timedelta(hours=1))
    open_reviews(owner)
    again = reviews_open_and_prepare(now=NOW)

    assert Review.objects.count() == 3
    assert ReviewItem.objects.count() == 15
    assert first == (0, 0)
    assert again == (0, 0)


def test_the_database_refuses_a_second_review_for_the_same_period(review):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Review.objects.create(
            creator=review.creator,
            kind=review.kind,
            period_start=review.period_start,
            period_end=review.period_end,
            starts_at=review.starts_at,
            ends_at=review.ends_at,
            due_at=review.due_at,
        )


def test_the_week_boundary_follows_each_creators_time_zone():
    shanghai = _creator(timezone="Asia/Shanghai")
    los_angeles = _creator(timezone="America/Los_Angeles")
    # Monday 2 March 00:30 in Shanghai is still Sunday 1 March 08:30 in Los Angeles.
    monday_in_shanghai = datetime(2026, 3, 1, 16, 30, tzinfo=UTC)

    services.reviews_open_due(now=monday_in_shanghai)

    weekly = Review.objects.filter(kind="weekly")
    assert list(weekly.filter(creator=shanghai).values_list("period_start", flat=True)) == [
        date(2026, 2, 23)
    ]
    assert list(weekly.filter(creator=los_angeles).values_list("period_start", flat=True)) == [
        date(2026, 2, 16)
    ]

    # Monday 00:30 in Los Angeles opens its week of 23 February.
    services.reviews_open_due(now=datetime(2026, 3, 2, 8, 30, tzinfo=UTC))
    assert weekly.filter(creator=los_angeles, period_start=date(2026, 2, 23)).exists()
    la_review = weekly.get(creator=los_angeles, period_start=date(2026, 2, 23))
    assert la_review.starts_at == datetime(2026, 2, 23, 8, 0, tzinfo=UTC)
    assert la_review.ends_at == datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    sh_review = weekly.get(creator=shanghai, period_start=date(2026, 2, 23))
    assert sh_review.starts_at == datetime(2026, 2, 22, 16, 0, tzinfo=UTC)


def test_the_weekly_review_opens_on_the_creators_chosen_weekday():
    sunday_creator = _creator(review_weekday=6, timezone="UTC")

    services.reviews_open_due(now=datetime(2026, 3, 1, 0, 5, tzinfo=UTC))  # a Sunday

    review = Review.objects.get(creator=sunday_creator, kind="weekly")
    assert (review.period_start, review.period_end) == (date(2026, 2, 22), date(2026, 2, 28))


def test_missed_periods_are_caught_up_when_beat_comes_back(owner):
    open_reviews(owner, now=datetime(2026, 2, 3, 12, tzinfo=UTC))
    # Beat was down for four weeks.
    reviews_open_and_prepare(now=NOW)

    weeks = Review.objects.filter(creator=owner, kind="weekly").order_by("period_start")
    assert [review.period_start for review in weeks] == [
        date(2026, 1, 26),
        date(2026, 2, 2),
        date(2026, 2, 9),
        date(2026, 2, 16),
        date(2026, 2, 23),
    ]
    assert set(Review.objects.filter(kind="monthly").values_list("period_start", flat=True)) == {
        date(2026, 1, 1),
        date(2026, 2, 1),
    }
    assert all(review.prepared_at for review in weeks)


def test_no_reviews_for_a_creator_who_turned_them_off_or_just_joined():
    _creator(reviews_enabled=False)
    UserFactory(date_joined=NOW - timedelta(days=1))

    assert services.reviews_open_due(now=NOW) == 0


def test_the_checklist_is_copied_in_the_creators_language():
    chinese = _creator(language="zh-hans")
    english = _creator(language="en")

    reviews_open_and_prepare(now=NOW)

    zh_items = ReviewItem.objects.filter(review__creator=chinese, review__kind="weekly")
    en_items = ReviewItem.objects.filter(review__creator=english, review__kind="weekly")
    assert zh_items.first().text == "发布1篇深度技术文章（2000-5000字）"
    assert en_items.first().text == "Publish one deep piece (2,000-5,000 words)"
    quarterly = ReviewItem.objects.filter(review__creator=english, review__kind="quarterly")
    assert quarterly.first().text == "Does the positioning need adjusting?"


def test_the_checklist_is_copied_from_the_creators_own_template(owner):
    template_item_add(creator=owner, kind="weekly", text="录一期视频 Record a video")

    open_reviews(owner)

    texts = list(ReviewItem.objects.filter(review__kind="weekly").values_list("text", flat=True))
    assert texts[-1] == "录一期视频 Record a video"
    assert len(texts) == 6


def test_the_summary_counts_pieces_published_in_the_local_week_against_the_target(owner):
    owner.weekly_target = 2
    owner.save()
    in_week = datetime(2026, 2, 22, 16, 0, tzinfo=UTC)  # Monday 00:00 in Shanghai
    UnplannedItemFactory(creator=owner, status="published", published_at=in_week)
    UnplannedItemFactory(
        creator=owner, status="published", published_at=in_week - timedelta(seconds=1)
    )
    UnplannedItemFactory(creator=UserFactory(), status="published", published_at=in_week)

    open_reviews(owner)

    weekly = Review.objects.get(kind="weekly")
    assert weekly.summary["published"] == {
        "count": 1,
        "target": 2,
        "weekly_target": 2,
        "met": False,
    }
    monthly = Review.objects.get(kind="monthly")
    assert monthly.summary["published"]["count"] == 2
    assert monthly.summary["published"]["target"] == 8  # 2 a week over 28 days


def test_growth_sections_say_no_data_when_no_numbers_are_recorded(review):
    assert review.summary["followers"] == {
        "available": False,
        "channels": [],
        "total_change": None,
    }
    assert review.summary["pieces"] == {"available": False, "best": [], "worst": []}


def test_growth_sections_rank_pieces_by_engagement_rate():
    class Source:
        def follower_changes(self, *, creator_id, starts_at, ends_at):
            return [
                source.FollowerChange(1, "知乎", 100, 130),
                source.FollowerChange(2, "Blog", None, 40),
            ]

        def piece_engagement(self, *, creator_id, starts_at, ends_at):
            return [
                source.PieceEngagement(1, "A", views=100, likes=10),
                source.PieceEngagement(2, "B", views=100, likes=2, saves=1),
                source.PieceEngagement(3, "C", views=0),
                source.PieceEngagement(4, "D", views=50, comments=10),
            ]

    sections = summary.growth_sections(
        creator_id=1, starts_at=NOW, ends_at=NOW, source=Source(), best_n=2
    )

    assert sections["followers"]["total_change"] == 30
    assert [c["change"] for c in sections["followers"]["channels"]] == [30, None]
    assert [p["title"] for p in sections["pieces"]["best"]] == ["D", "A"]
    assert [p["title"] for p in sections["pieces"]["worst"]] == ["B"]
    assert sections["pieces"]["best"][0]["engagement_rate"] == 0.2


@pytest.mark.parametrize(
    ("target", "days", "expected"), [(1, 7, 1), (2, 28, 8), (2, 31, 9), (3, 92, 39)]
)
def test_the_period_target_is_the_weekly_target_pro_rata(target, days, expected):
    start = date(2026, 1, 1)

    assert summary.period_target(target, start, start + timedelta(days=days - 1)) == expected


def test_opening_reviews_takes_the_same_queries_for_many_creators(
    django_assert_max_num_queries,
):
    for _ in range(2):
        _creator()
    with django_assert_max_num_queries(16):
        reviews_open_and_prepare(now=NOW)
    for _ in range(20):
        _creator(language="zh-hans")
    with django_assert_max_num_queries(16):
        reviews_open_and_prepare(now=NOW)
    assert Review.objects.count() == 66


def test_the_summary_reads_follower_change_and_pieces_from_the_snapshots(owner, review):
    blog = ChannelFactory(creator=owner, name="博客")
    snapshot(owner, blog, date(2026, 2, 20), followers=100)
    snapshot(owner, blog, date(2026, 2, 28), followers=130)
    snapshot(owner, blog, date(2026, 3, 3), followers=999)  # after the period
    good = UnplannedItemFactory(creator=owner, title="好文章", channel=blog)
    weak = UnplannedItemFactory(creator=owner, title="Weak piece", channel=blog)
    snapshot(owner, blog, date(2026, 2, 22), item=good, views=50, likes=40)  # superseded
    snapshot(owner, blog, date(2026, 2, 26), item=good, views=100, likes=10)
    snapshot(owner, blog, date(2026, 2, 27), item=weak, views=200, likes=5)
    snapshot(owner, blog, date(2026, 3, 3), item=weak, views=900, likes=900)  # after

    review = services.review_refresh_summary(review=review, now=NOW)

    followers = review.summary["followers"]
    assert followers["available"] is True
    assert [
        (c["channel_name"], c["followers_start"], c["followers_end"], c["change"])
        for c in followers["channels"]
    ] == [("博客", 100, 130, 30)]
    assert followers["total_change"] == 30
    pieces = review.summary["pieces"]
    assert [p["title"] for p in pieces["best"]] == ["好文章", "Weak piece"]
    assert pieces["best"][0]["engagement_rate"] == 0.1
    assert [p["title"] for p in pieces["worst"]] == []
