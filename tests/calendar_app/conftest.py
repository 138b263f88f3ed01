import pytest

from tests.calendar_app.factories import (
    ChannelFactory,
    ContentItemFactory,
    SeriesFactory,
    TopicFactory,
)
from tests.calendar_app.sync_fixtures import receiver  # noqa: F401


@pytest.fixture
def channel(owner):
    return ChannelFactory(creator=owner, name="博客 Blog", platform="blog")


@pytest.fixture
def topic(owner):
    return TopicFactory(creator=owner, name="推理优化", layer="technique", market_demand=5)


@pytest.fixture
def item(owner, channel, topic):
    return ContentItemFactory(
        creator=owner, title="KV Cache 原理图解", channel=channel, topic=topic
    )


@pytest.fixture
def series(owner, channel):
    from calendar_app.services import series_materialise

    created = SeriesFactory(creator=owner, channel=channel, count=4)
    series_materialise(series=created)
    return created
