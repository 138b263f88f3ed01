"""The month view, the board and the list cost the same number of queries at any size."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from calendar_app.models import ContentItem
from tests.calendar_app.factories import ChannelFactory, TopicFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
STATUSES = ["idea", "outline", "draft", "review", "scheduled", "published", "archived"]
PAGES = [
    (reverse("calendar_app:month"), {"month": "2026-03"}),
    (reverse("calendar_app:week"), {"week": "2026-03-09"}),
    (reverse("calendar_app:board"), {}),
    (reverse("calendar_app:item_list"), {"q": "篇"}),
    (reverse("calendar_app:backlog"), {}),
]


def _fill(owner, count: int) -> None:
    channels = [ChannelFactory(creator=owner, platform=p) for p in ("blog", "zhihu", "github")]
    topics = [TopicFactory(creator=owner, market_demand=d) for d in (2, 4, 5)]
    start = datetime(2026, 3, 1, 8, 0, tzinfo=SHANGHAI)
    ContentItem.objects.bulk_create(
        ContentItem(
            creator=owner,
            title=f"第 {n} 篇 piece",
            channel=channels[n % 3],
            topic=topics[n % 3],
            status=STATUSES[n % 7],
            planned_for=start + timedelta(hours=(n * 7) % (24 * 30)),
            published_at=start if STATUSES[n % 7] == "published" else None,
            word_count=1000 + n,
        )
        for n in range(count)
    )


def _queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(("url", "params"), PAGES)
def test_query_count_is_constant(owner_client, owner, url, params, django_assert_max_num_queries):
    _fill(owner, 10)
    small = _queries(owner_client, url, params)
    ContentItem.objects.all().delete()
    _fill(owner, 500)

    with django_assert_max_num_queries(small):
        response = owner_client.get(url, params)

    assert response.status_code == 200
    assert small <= 15
