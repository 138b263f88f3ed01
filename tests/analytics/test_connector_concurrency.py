"""Two runs of one channel at once (beat and "fetch now"), on real concurrent transactions:
the channel row lock queues their writes, so each publication, snapshot and match is made
once."""

import pytest

from analytics.connectors import services
from analytics.models import MetricSnapshot, Publication
from calendar_app.connectors.sources import channel_source_update
from calendar_app.models import ContentItem
from tests.analytics.connectors import PLANNED_FOR, point_at, serve
from tests.calendar_app.factories import ChannelFactory, ContentItemFactory
from tests.concurrency import race_behind_lock
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_runs_of_one_channel_write_everything_once(settings, httpserver):
    owner = UserFactory()
    serve(httpserver, "youtube")
    channel = channel_source_update(
        channel=ChannelFactory(creator=owner), **point_at(settings, httpserver, "youtube")
    )
    planned = ContentItemFactory(
        creator=owner,
        channel=channel,
        title="Understanding Rust lifetimes",
        planned_for=PLANNED_FOR,
    )

    def run() -> int:
        return 200 if services.run(channel.pk, forced=True) == services.Outcome.DONE else 500

    assert race_behind_lock(channel, run, run) == [200, 200]

    assert Publication.objects.filter(channel=channel).count() == 2
    assert Publication.objects.filter(content_item=planned).count() == 1
    assert MetricSnapshot.objects.filter(channel=channel, content_item=None).count() == 1
    assert MetricSnapshot.objects.filter(channel=channel, content_item=planned).count() == 1
    planned.refresh_from_db()
    assert planned.status == ContentItem.Status.PUBLISHED
