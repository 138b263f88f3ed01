from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.forms.models import model_to_dict

from analytics import metrics
from analytics.growth import jobs
from analytics.models import (
    ChannelGrowth,
    EngagementBreakdown,
    GoalProgress,
    GrowthFactors,
    GrowthSummary,
    IncomeEntry,
    ItemPerformance,
    MonthlyAllocation,
    PublishingDay,
    TimeEntry,
)
from tests.analytics.factories import (
    ChannelFactory,
    ContentItemFactory,
    PlanPhaseFactory,
    TopicFactory,
    daily_followers,
    snapshot,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

AS_OF = date(2025, 3, 6)  # a Thursday
START = date(2025, 1, 1)
COMPUTED = (
    ChannelGrowth,
    ItemPerformance,
    EngagementBreakdown,
    PublishingDay,
    MonthlyAllocation,
    GoalProgress,
    GrowthSummary,
)


@pytest.fixture
def creator(owner):
    owner.weekly_target = 1
    owner.save()
    return owner


@pytest.fixture
def scenario(creator):
    blog = ChannelFactory(creator=creator, name="博客")
    zhihu = ChannelFactory(creator=creator, name="知乎", platform="zhihu")
    daily_followers(creator, blog, START, [100 + 3 * d for d in range(60)])  # to 1 March
    for d in range(0, 60, 3):
        snapshot(creator, zhihu, START + timedelta(days=d), followers=50 + d)
    topic = TopicFactory(creator=creator, layer="technique", ability=5)
    piece = ContentItemFactory(creator=creator, channel=blog, topic=topic, format="hands_on")
    snapshot(creator, blog, date(2025, 3, 4), item=piece, views=500, likes=10)
    snapshot(
        creator,
        blog,
        date(2025, 3, 5),
        item=piece,
        views=1000,
        likes=50,
        comments=5,
        shares=3,
        saves=20,
    )
    quiet = ContentItemFactory(
        creator=creator, channel=zhihu, published_at=datetime(2025, 2, 20, 4, tzinfo=UTC)
    )
    snapshot(creator, zhihu, date(2025, 3, 5), item=quiet, views=200, likes=2)
    PlanPhaseFactory(creator=creator)
    for activity, hours in (
        ("creation", 20),
        ("promotion", 15),
        ("monetisation", 10),
        ("other", 15),
    ):
        TimeEntry.objects.create(
            creator=creator, spent_on=date(2025, 2, 3), activity=activity, hours=hours
        )
    IncomeEntry.objects.create(
        creator=creator, received_on=date(2025, 2, 10), route="courses", amount=Decimal("999")
    )
    return {"blog": blog, "zhihu": zhihu, "piece": piece, "quiet": quiet}


def _rows() -> dict:
    return {
        model.__name__: sorted(
            (model_to_dict(row) | {"id": row.pk} for row in model.objects.all()),
            key=lambda r: r["id"],
        )
        for model in COMPUTED
    }


def test_followers_per_channel_and_total_with_week_and_month_deltas(scenario, creator):
    jobs.recompute(as_of=AS_OF)

    blog = ChannelGrowth.objects.get(channel=scenario["blog"])
    assert (blog.followers, blog.last_captured_on) == (277, date(2025, 3, 1))
    assert blog.delta_week == 277 - 259  # since the end of the week to 23 February
    assert blog.delta_month == 277 - 196  # over four weeks: since the end of 2 February
    assert blog.growth_week == pytest.approx(18 / 259)
    assert blog.weekly[-2:] == [["2025-02-17", 259], ["2025-02-24", 277]]
    zhihu = ChannelGrowth.objects.get(channel=scenario["zhihu"])
    assert zhihu.followers == 50 + 57
    assert zhihu.delta_month == 107 - 80
    total = ChannelGrowth.objects.get(creator=creator, channel=None)
    assert total.followers == 277 + 107
    assert total.delta_week == blog.delta_week + zhihu.delta_week
    assert total.delta_month == blog.delta_month + zhihu.delta_month
    summary = GrowthSummary.objects.get(creator=creator)
    assert (summary.followers, summary.delta_week, summary.growth_month) == (
        384,
        total.delta_week,
        pytest.approx(total.growth_month),
    )


def test_engagement_per_item_channel_layer_format_and_month(scenario, creator):
    jobs.recompute(as_of=AS_OF)

    piece = ItemPerformance.objects.get(content_item=scenario["piece"])
    assert (piece.views, piece.interactions) == (1000, 78)  # the latest numbers win
    assert piece.engagement_rate == pytest.approx(0.078)
    rows = {
        (row.dimension, row.key): row.engagement_rate
        for row in EngagementBreakdown.objects.filter(creator=creator)
    }
    assert rows[("channel", str(scenario["blog"].pk))] == pytest.approx(0.078)
    assert rows[("channel", str(scenario["zhihu"].pk))] == pytest.approx(0.01)
    assert rows[("layer", "technique")] == pytest.approx(0.078)
    assert rows[("layer", "none")] == pytest.approx(0.01)
    assert rows[("format", "hands_on")] == pytest.approx(0.078)
    assert rows[("month", "2025-03")] == pytest.approx(0.078)
    assert rows[("month", "2025-02")] == pytest.approx(0.01)
    summary = GrowthSummary.objects.get(creator=creator)
    assert summary.engagement_rate == pytest.approx(80 / 1200)


def test_cadence_counts_weeks_and_the_streak_meeting_the_target(creator):
    for day in (
        date(2025, 2, 12),
        date(2025, 2, 18),
        date(2025, 2, 25),
        date(2025, 3, 4),
        date(2025, 3, 5),
    ):
        ContentItemFactory(
            creator=creator, published_at=datetime(day.year, day.month, day.day, 4, tzinfo=UTC)
        )
    ContentItemFactory(creator=creator, status="draft", published_at=None)

    jobs.recompute(as_of=AS_OF)

    summary = GrowthSummary.objects.get(creator=creator)
    assert summary.streak_weeks == 4
    assert summary.published_this_week == 2
    assert summary.published_per_week == pytest.approx(3 / 12)
    assert summary.last_published_on == date(2025, 3, 5)
    creator.weekly_target = 2
    creator.save()
    jobs.recompute(as_of=AS_OF)
    assert GrowthSummary.objects.get(creator=creator).streak_weeks == 1


def test_streak_holds_through_the_current_week_before_it_is_met(creator):
    for day in (date(2025, 2, 18), date(2025, 2, 25)):
        ContentItemFactory(
            creator=creator, published_at=datetime(day.year, day.month, day.day, 4, tzinfo=UTC)
        )

    jobs.recompute(as_of=AS_OF)

    assert GrowthSummary.objects.get(creator=creator).streak_weeks == 2


def test_goal_progress_forecasts_at_the_current_rate(scenario, creator):
    jobs.recompute(as_of=AS_OF)

    goal = GoalProgress.objects.get(creator=creator)
    assert (goal.starts_on, goal.deadline) == (date(2025, 1, 1), date(2025, 3, 31))
    assert (goal.followers, goal.follower_target) == (384, 500)
    total = ChannelGrowth.objects.get(creator=creator, channel=None)
    per_day = total.delta_month / 28
    assert goal.follower_forecast == metrics.forecast_date(
        current=384, target=500, rate_per_day=per_day, today=AS_OF
    )
    assert goal.published == 2
    # one piece in the 12 weeks before this one: 10 more at 1/84 a day
    assert goal.output_forecast == AS_OF + timedelta(days=840)


def test_time_allocation_gains_follow_the_formula_with_the_creators_k(scenario, creator):
    jobs.recompute(as_of=AS_OF)

    month = MonthlyAllocation.objects.get(creator=creator)
    assert (month.month, month.total_hours) == (date(2025, 2, 1), Decimal("60.00"))
    assert round(month.capability_gain, 3) == 0.267
    assert round(month.brand_gain, 3) == 0.150
    assert round(month.reach_gain, 3) == 0.083

    GrowthFactors.objects.create(creator=creator, k_creation=Decimal("1.5"))
    jobs.recompute(as_of=AS_OF)
    month.refresh_from_db()
    assert month.capability_gain == pytest.approx(20 / 60 * 1.5)


def test_personal_ip_index_matches_the_formula(scenario, creator):
    GrowthFactors.objects.create(creator=creator, k_quality=Decimal("2"), k_overall=Decimal("3"))

    jobs.recompute(as_of=AS_OF)

    summary = GrowthSummary.objects.get(creator=creator)
    measured = metrics.ip_measurements(
        mean_topic_ability=5,
        views=1200,
        likes=52,
        comments=5,
        shares=3,
        saves=20,
        followers=384,
        published_per_week=1 / 12,
        weekly_target=1,
        income_90_days=999,
    )
    k = dict.fromkeys(metrics.IP_FACTORS, 1.0) | {"quality": 2.0}
    expected = metrics.personal_ip_index(measured=measured, k=k, k6=3)
    assert summary.ip_technical_raw == pytest.approx(measured["technical"])
    assert summary.ip_quality_raw == pytest.approx(measured["quality"])
    assert summary.ip_frequency_raw == pytest.approx(measured["frequency"])
    assert summary.ip_monetisation_raw == pytest.approx(measured["monetisation"])
    assert summary.ip_quality == pytest.approx(expected.factors["quality"])
    assert summary.ip_exposure == pytest.approx(expected.factors["exposure"])
    assert summary.ip_index == pytest.approx(expected.value)


def test_recomputing_twice_gives_the_same_rows(scenario, creator):
    jobs.recompute(as_of=AS_OF)
    first = _rows()

    jobs.recompute(as_of=AS_OF)

    assert _rows() == first
    assert all(first[name] for name in first)


def test_recompute_drops_rows_whose_sources_are_gone(scenario, creator):
    jobs.recompute(as_of=AS_OF)
    scenario["quiet"].delete()
    scenario["zhihu"].metric_snapshots.all().delete()

    jobs.recompute(as_of=AS_OF)

    assert not ChannelGrowth.objects.filter(channel=scenario["zhihu"]).exists()
    assert ChannelGrowth.objects.get(creator=creator, channel=None).followers == 277
    assert not EngagementBreakdown.objects.filter(creator=creator, key="2025-02").exists()


def test_recomputing_one_creator_leaves_the_others_alone(scenario, creator):
    other = UserFactory()
    channel = ChannelFactory(creator=other)
    snapshot(other, channel, date(2025, 3, 1), followers=10)
    jobs.recompute(as_of=AS_OF)
    snapshot(other, channel, date(2025, 3, 2), followers=99)

    jobs.recompute(creator_ids=[creator.pk], as_of=AS_OF)

    assert ChannelGrowth.objects.get(channel=channel).followers == 10
    jobs.recompute(creator_ids=[other.pk], as_of=AS_OF)
    assert ChannelGrowth.objects.get(channel=channel).followers == 99


def test_new_numbers_enqueue_a_recompute(creator, django_capture_on_commit_callbacks):
    from analytics.growth import services

    channel = ChannelFactory(creator=creator)
    with django_capture_on_commit_callbacks(execute=True):
        services.snapshot_record(
            creator=creator,
            channel=channel,
            content_item=None,
            captured_at=datetime(2025, 3, 1, 4, tzinfo=UTC),
            followers=42,
        )

    assert ChannelGrowth.objects.get(channel=channel).followers == 42


def test_the_daily_job_is_on_the_beat_schedule(settings):
    from analytics.growth.tasks import recompute_all_growth

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert recompute_all_growth.name in tasks


def test_a_stale_channel_carries_its_last_count_into_the_total(creator):
    fresh = ChannelFactory(creator=creator)
    stale = ChannelFactory(creator=creator)
    daily_followers(creator, fresh, date(2025, 2, 1), list(range(100, 128)))  # to 28 February
    snapshot(creator, stale, date(2025, 2, 3), followers=40)
    jobs.recompute(as_of=AS_OF)

    from analytics.growth.dashboard import dashboard_for

    board = dashboard_for(creator)
    stale_row = ChannelGrowth.objects.get(channel=stale)
    assert (stale_row.followers, stale_row.delta_week) == (40, 0)
    assert board.total.followers == 127 + 40
    assert board.total.weekly[-1] == ["2025-02-24", 167]
    assert board.total.weekly[0] == ["2025-01-27", 101]


@pytest.mark.parametrize(
    ("now", "zone", "local_day"),
    [
        # Sunday 23:30 in Shanghai is Sunday 15:30 UTC: the creator's day, not the server's.
        (datetime(2027, 6, 13, 15, 30, tzinfo=UTC), "Asia/Shanghai", date(2027, 6, 13)),
        (datetime(2028, 1, 1, 7, 59, tzinfo=UTC), "America/Los_Angeles", date(2027, 12, 31)),
        (datetime(2028, 2, 29, 16, 30, tzinfo=UTC), "Asia/Shanghai", date(2028, 3, 1)),
    ],
)
def test_today_is_the_creators_local_day_on_the_applications_clock(creator, now, zone, local_day):
    """Without `as_of` the job takes each creator's local today from the application's clock
    (pinned here), never from the database server's, whose clock no test controls."""
    creator.timezone = zone
    creator.save()
    with time_machine.travel(now, tick=False):
        jobs.recompute(creator_ids=[creator.pk])

    summary = GrowthSummary.objects.get(creator=creator)
    assert summary.as_of == local_day
    assert summary.computed_at == now


def test_the_nightly_pass_runs_one_task_per_slice_of_creators(
    settings, django_capture_on_commit_callbacks
):
    from accounts.models import OutboxMessage
    from accounts.models import User as UserModel
    from analytics.growth.tasks import recompute_all_growth, recompute_growth_range

    settings.GROWTH_CREATORS_PER_TASK = 2
    creators = [UserFactory() for _ in range(5)]
    for n, someone in enumerate(creators):
        snapshot(someone, ChannelFactory(creator=someone), date(2025, 3, 1), followers=10 + n)

    with django_capture_on_commit_callbacks(execute=True):
        recompute_all_growth()

    ids = sorted(UserModel.objects.values_list("pk", flat=True))
    slices = [
        tuple(m.args)
        for m in OutboxMessage.objects.filter(task_name=recompute_growth_range.name).order_by("pk")
    ]
    assert slices == [(ids[n], ids[min(n + 2, len(ids)) - 1]) for n in range(0, len(ids), 2)]
    assert {g.creator_id: g.followers for g in ChannelGrowth.objects.filter(channel=None)} == {
        someone.pk: 10 + n for n, someone in enumerate(creators)
    }
    assert GrowthSummary.objects.count() == len(ids)


def test_a_slice_recomputes_only_its_creators(creator):
    from analytics.growth.tasks import recompute_growth_range

    first, second, third = UserFactory(), UserFactory(), UserFactory()
    for someone in (first, second, third):
        snapshot(someone, ChannelFactory(creator=someone), date(2025, 3, 1), followers=5)

    recompute_growth_range(first.pk, second.pk)

    assert set(ChannelGrowth.objects.values_list("creator_id", flat=True)) == {
        first.pk,
        second.pk,
    }
