"""Factories for the analytics tests: growth numbers (channels, published pieces, snapshots,
plan phases) and the reviews' and reminders' unplanned items."""

from datetime import UTC, date, datetime, timedelta

import factory

from analytics.models import MetricSnapshot
from calendar_app.models import ContentItem, PlanPhase
from tests.accounts.factories import UserFactory
from tests.calendar_app import factories as base


class ChannelFactory(base.ChannelFactory):
    name = factory.Sequence(lambda n: f"频道 {n}")


class TopicFactory(base.TopicFactory):
    name = factory.Sequence(lambda n: f"主题 {n}")


class ContentItemFactory(base.ContentItemFactory):
    title = factory.Sequence(lambda n: f"文章 {n}")
    channel = factory.SubFactory(ChannelFactory, creator=factory.SelfAttribute("..creator"))
    status = ContentItem.Status.PUBLISHED
    planned_for = None
    published_at = factory.LazyFunction(lambda: datetime(2025, 3, 3, 4, tzinfo=UTC))


class PlanPhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanPhase

    creator = factory.SubFactory(UserFactory)
    name = "基础期"
    plan_start = date(2025, 1, 1)
    start_month = 1
    end_month = 3
    follower_target = 500
    output_target = 12


def snapshot(creator, channel, day: date, *, item=None, **counts) -> MetricSnapshot:
    """A snapshot at noon UTC of `day`."""
    moment = datetime(day.year, day.month, day.day, 4, tzinfo=UTC)
    return MetricSnapshot.objects.create(
        creator=creator,
        channel=channel,
        content_item=item,
        captured_at=moment,
        captured_on=moment.astimezone(creator.tzinfo).date(),
        **counts,
    )


def daily_followers(creator, channel, start: date, values: list[int]) -> None:
    for offset, value in enumerate(values):
        snapshot(creator, channel, start + timedelta(days=offset), followers=value)


class UnplannedItemFactory(base.ContentItemFactory):
    """An item with no date and the plan's default status (the reviews' and reminders' tests)."""

    title = factory.Sequence(lambda n: f"Piece {n} 文章")
    planned_for = None
