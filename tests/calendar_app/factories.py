from datetime import time

import factory
from django.utils import timezone

from calendar_app.models import Channel, ContentItem, Series
from positioning.models import Topic
from tests.accounts.factories import UserFactory


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    creator = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Topic {n}")
    layer = "technique"
    market_demand = 4


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    creator = factory.SubFactory(UserFactory)
    platform = "blog"
    name = factory.Sequence(lambda n: f"Channel {n}")
    role = "home"


class ContentItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContentItem

    creator = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Piece {n}")
    status = "draft"
    planned_for = factory.LazyFunction(timezone.now)


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    creator = factory.SubFactory(UserFactory)
    title = "Weekly notes #{n}"
    frequency = "weekly"
    weekdays = [0]
    time_of_day = time(9, 0)
    starts_on = factory.LazyFunction(timezone.localdate)
