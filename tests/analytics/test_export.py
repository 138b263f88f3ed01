import json
from datetime import date

import pytest
from django.urls import reverse

from analytics.growth.csv_import import parse_snapshots_csv
from analytics.models import IncomeEntry, TimeEntry
from tests.analytics.factories import (
    ChannelFactory,
    ContentItemFactory,
    PlanPhaseFactory,
    TopicFactory,
    snapshot,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(owner, other_creator):
    blog = ChannelFactory(creator=owner, name="我的博客")
    piece = ContentItemFactory(
        creator=owner,
        channel=blog,
        title="CUDA 性能优化实战",
        topic=TopicFactory(creator=owner, name="推理优化"),
    )
    snapshot(owner, blog, date(2025, 3, 1), followers=1200)
    snapshot(owner, blog, date(2025, 3, 1), item=piece, views=3400, likes=120, saves=64)
    PlanPhaseFactory(creator=owner)
    TimeEntry.objects.create(creator=owner, spent_on=date(2025, 3, 1), activity="creation", hours=3)
    IncomeEntry.objects.create(
        creator=owner, received_on=date(2025, 3, 1), route="courses", amount=99, note="专栏"
    )
    theirs = ChannelFactory(creator=other_creator, name="别人的频道")
    snapshot(other_creator, theirs, date(2025, 3, 1), followers=7)
    return {"blog": blog, "piece": piece}


def test_the_metrics_csv_round_trips_through_the_import(owner_client, owner, data):
    response = owner_client.get(reverse("analytics:growth_export_csv"))
    body = b"".join(response.streaming_content)

    text = body.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "我的博客" in text and "CUDA 性能优化实战" in text and "别人的频道" not in text
    assert len(text.strip().splitlines()) == 3
    parsed = parse_snapshots_csv(body, creator=owner)
    assert not parsed.errors and len(parsed.rows) == 2


def test_the_json_export_holds_everything_the_creator_owns_and_nothing_else(
    owner_client, owner, data
):
    response = owner_client.get(reverse("analytics:growth_export_json"))

    raw = response.content.decode()
    document = json.loads(raw)
    assert "推理优化" in raw and "\\u" not in raw  # CJK intact, not escaped
    assert document["profile"]["email"] == owner.email
    models = document["data"]
    for label in (
        "calendar_app.channel",
        "calendar_app.contentitem",
        "calendar_app.planphase",
        "positioning.topic",
        "analytics.metricsnapshot",
        "analytics.timeentry",
        "analytics.incomeentry",
    ):
        assert models[label], label
    assert "analytics.growthsummary" not in models
    assert len(models["analytics.metricsnapshot"]) == 2
    assert "别人的频道" not in raw
    assert models["analytics.incomeentry"][0]["fields"]["note"] == "专栏"
