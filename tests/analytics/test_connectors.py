"""Each connector, from a connected channel through a beat run to the growth page, the
weekly review and the API; a second run changes nothing; a manual snapshot wins."""

from datetime import timedelta

import pytest
from django.utils import timezone

from analytics.connectors.tasks import poll_connectors
from analytics.models import MetricSnapshot, Publication
from analytics.reviews import services as review_services
from calendar_app.models import Channel, ContentItem
from tests.analytics.connectors import CASES, LIFETIMES_AT, PLANNED_FOR, point_at, serve
from tests.calendar_app.factories import ContentItemFactory

pytestmark = pytest.mark.django_db


def connect(owner_api, settings, httpserver, kind: str) -> Channel:
    fields = point_at(settings, httpserver, kind)
    response = owner_api.post(
        "/api/v1/channels/", {"platform": "blog", "name": f"我的 {kind}", "role": "home", **fields}
    )
    assert response.status_code == 201, response.json()
    return Channel.objects.get(pk=response.json()["id"])


def beat(commits) -> None:
    with commits(execute=True):
        poll_connectors.apply()


@pytest.mark.parametrize("kind", sorted(CASES))
def test_a_beat_run_fills_growth_reviews_and_the_api(
    kind, owner, owner_api, owner_client, httpserver, settings, commits
):
    case = CASES[kind]
    serve(httpserver, kind)
    channel = connect(owner_api, settings, httpserver, kind)
    planned = ContentItemFactory(
        creator=owner,
        channel=channel,
        title=case.get("title", "understanding RUST lifetimes!"),
        status="draft",
        planned_for=PLANNED_FOR,
    )

    beat(commits)

    planned.refresh_from_db()
    assert (planned.status, planned.published_at, planned.url) == (
        "published",
        LIFETIMES_AT,
        case["url"],
    )
    assert planned.planned_for == PLANNED_FOR  # plan vs actual stays visible
    unplanned = Publication.objects.get(channel=channel, state="unplanned")
    assert "RustConf" in unplanned.title
    snapshots = owner_api.get("/api/v1/metric-snapshots/", {"channel": channel.pk}).json()
    rows = snapshots["results"]
    assert {row["source"] for row in rows} == (
        {kind} if case["followers"] or case["counts"] else set()
    )
    account = [row for row in rows if row["content_item"] is None]
    piece = [row for row in rows if row["content_item"] == planned.pk]
    if case["followers"] is not None:
        assert account[0]["followers"] == case["followers"]
    if case["counts"]:
        assert {name: piece[0][name] for name in case["counts"]} == case["counts"]
    else:
        assert piece == []
    item = owner_api.get(f"/api/v1/content-items/{planned.pk}/").json()
    assert item["url"] == case["url"] and item["published_at"].startswith("2026-06-10")

    growth = owner_api.get("/api/v1/growth/").json()
    assert growth["summary"]["last_published_on"] == "2026-06-10"
    if case["followers"] is not None:
        assert growth["total"]["followers"] == case["followers"]
    page = owner_client.get("/growth/").content.decode()
    if case["counts"].get("views"):
        assert planned.title in page  # among the best pieces

    type(owner).objects.filter(pk=owner.pk).update(date_joined=PLANNED_FOR - timedelta(days=60))
    review_services.reviews_open_and_prepare(now=timezone.now())
    weekly = [
        r
        for r in owner_api.get("/api/v1/reviews/", {"kind": "weekly"}).json()["results"]
        if r["period_start"] <= "2026-06-10" <= r["period_end"]
    ]
    assert weekly and weekly[0]["summary"]["published"]["count"] >= 1


@pytest.mark.parametrize("kind", sorted(CASES))
def test_a_second_run_changes_nothing(kind, owner, owner_api, httpserver, settings, commits):
    serve(httpserver, kind)
    channel = connect(owner_api, settings, httpserver, kind)
    ContentItemFactory(
        creator=owner,
        channel=channel,
        title="Understanding Rust lifetimes",
        planned_for=PLANNED_FOR,
    )
    beat(commits)
    before = list(MetricSnapshot.objects.filter(channel=channel).values().order_by("pk"))
    publications = list(Publication.objects.filter(channel=channel).values().order_by("pk"))
    items = list(ContentItem.objects.filter(creator=owner).values("pk", "version").order_by("pk"))

    Channel.objects.filter(pk=channel.pk).update(source_next_run_at=timezone.now())  # due again
    beat(commits)

    assert httpserver.log, "the second run fetched again"

    assert list(MetricSnapshot.objects.filter(channel=channel).values().order_by("pk")) == before
    assert list(Publication.objects.filter(channel=channel).values().order_by("pk")) == publications
    assert (
        list(ContentItem.objects.filter(creator=owner).values("pk", "version").order_by("pk"))
        == items
    )
