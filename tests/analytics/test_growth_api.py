from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analytics.growth import jobs
from analytics.models import (
    ChannelGrowth,
    GrowthSummary,
    IncomeEntry,
    ItemPerformance,
    MetricSnapshot,
    PublishingDay,
    TimeEntry,
)
from tests.analytics.factories import ChannelFactory, ContentItemFactory, snapshot

pytestmark = pytest.mark.django_db

SNAPSHOTS = "/api/v1/metric-snapshots/"
GROWTH = "/api/v1/growth/"
MENTEES = "/api/v1/mentees/"


@pytest.fixture
def blog(owner):
    return ChannelFactory(creator=owner, name="博客")


def _payload(channel, **extra):
    return {
        "channel": channel.pk,
        "captured_at": "2025-03-01T12:00:00+08:00",
        "followers": 10,
        **extra,
    }


def test_posting_the_same_moment_updates_instead_of_doubling(owner_api, blog):
    created = owner_api.post(SNAPSHOTS, _payload(blog), format="json")
    updated = owner_api.post(SNAPSHOTS, _payload(blog, followers=12), format="json")

    assert created.status_code == 201 and updated.status_code == 200
    assert created.json()["id"] == updated.json()["id"]
    assert MetricSnapshot.objects.get().followers == 12


def test_a_channel_of_another_creator_is_a_400_naming_the_field(owner_api, other_creator):
    theirs = ChannelFactory(creator=other_creator)
    item = ContentItemFactory(creator=other_creator)

    response = owner_api.post(SNAPSHOTS, _payload(theirs, content_item=item.pk), format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"channel", "content_item"}


def test_negative_counts_and_bad_dates_are_400(owner_api, blog):
    response = owner_api.post(
        SNAPSHOTS, _payload(blog, followers=-1, captured_at="yesterday"), format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"followers", "captured_at"}


def test_a_snapshot_without_numbers_is_refused(owner_api, blog):
    response = owner_api.post(SNAPSHOTS, _payload(blog, followers=None), format="json")

    assert response.status_code == 400 and "followers" in response.json()


def test_bulk_is_all_or_nothing(owner_api, blog):
    good = [_payload(blog, captured_at=f"2025-03-0{d}T12:00:00+08:00") for d in range(1, 4)]
    bad = [*good, _payload(blog, followers=-3)]

    refused = owner_api.post(f"{SNAPSHOTS}bulk/", bad, format="json")
    accepted = owner_api.post(f"{SNAPSHOTS}bulk/", good, format="json")
    again = owner_api.post(f"{SNAPSHOTS}bulk/", good, format="json")

    assert refused.status_code == 400
    assert set(refused.json()) == {"3"} and "followers" in refused.json()["3"]
    assert accepted.status_code == 201 and accepted.json() == {"created": 3, "updated": 0}
    assert again.status_code == 200 and again.json() == {"created": 0, "updated": 3}
    assert MetricSnapshot.objects.count() == 3


def test_bulk_refuses_duplicates_and_non_lists(owner_api, blog):
    assert (
        owner_api.post(f"{SNAPSHOTS}bulk/", [_payload(blog)] * 2, format="json").status_code == 400
    )
    assert owner_api.post(f"{SNAPSHOTS}bulk/", _payload(blog), format="json").status_code == 400
    assert owner_api.post(f"{SNAPSHOTS}bulk/", [], format="json").status_code == 400
    assert MetricSnapshot.objects.count() == 0


def test_if_match_guards_updates(owner_api, blog):
    created = owner_api.post(SNAPSHOTS, _payload(blog), format="json")
    url = f"{SNAPSHOTS}{created.json()['id']}/"
    etag = owner_api.get(url)["ETag"]

    changed = owner_api.patch(url, {"followers": 20}, format="json", HTTP_IF_MATCH=etag)
    stale = owner_api.patch(url, {"followers": 30}, format="json", HTTP_IF_MATCH=etag)
    gone = owner_api.delete(url, HTTP_IF_MATCH=etag)

    assert changed.status_code == 200 and changed["ETag"] != etag
    assert stale.status_code == 412 and gone.status_code == 412
    assert MetricSnapshot.objects.get().followers == 20


@pytest.mark.parametrize("path", [SNAPSHOTS, "/api/v1/time-entries/", "/api/v1/income-entries/"])
def test_lists_show_your_own_rows_and_a_mentees_only_when_asked(
    api_actors, owner, coach, blog, path
):
    snapshot(owner, blog, date(2025, 3, 1), followers=1)
    snapshot(coach, ChannelFactory(creator=coach), date(2025, 3, 1), followers=2)
    for creator in (owner, coach):
        TimeEntry.objects.create(
            creator=creator, spent_on=date(2025, 3, 1), activity="creation", hours=1
        )
        IncomeEntry.objects.create(
            creator=creator, received_on=date(2025, 3, 1), route="courses", amount=1
        )
    roles = ("owner", "coach", "former_coach", "other", "read_token")

    def ids(role, **params):
        return {row["id"] for row in api_actors[role].get(path, params).json()["results"]}

    model = {SNAPSHOTS: MetricSnapshot}.get(path) or (TimeEntry if "time" in path else IncomeEntry)
    mine, theirs = (
        set(model.objects.filter(creator=c).values_list("id", flat=True)) for c in (owner, coach)
    )
    # By default everyone sees only their own rows, a coach included.
    assert {role: ids(role) for role in roles} == {
        "owner": mine,
        "coach": theirs,
        "former_coach": set(),
        "other": set(),
        "read_token": mine,
    }
    # `?creator=` opens a mentee's rows to their active coach, and to nobody else.
    assert {role: ids(role, creator=owner.pk) for role in roles} == {
        "owner": mine,
        "coach": mine,
        "former_coach": set(),
        "other": set(),
        "read_token": mine,
    }
    bad = api_actors["coach"].get(path, {"creator": "me"})
    assert bad.status_code == 400 and "creator" in bad.json()


def test_growth_returns_the_latest_metrics(owner_api, owner, blog):
    snapshot(owner, blog, date(2025, 3, 1), followers=100)
    snapshot(owner, blog, date(2025, 3, 8), followers=130)
    jobs.recompute(as_of=date(2025, 3, 9))

    data = owner_api.get(GROWTH).json()

    assert data["summary"]["followers"] == 130
    assert data["total"]["delta_week"] == 30
    assert data["channels"][0]["name"] == "博客"
    assert data["channels"][0]["growth_week"] == pytest.approx(0.3)
    assert {
        "summary",
        "total",
        "channels",
        "engagement",
        "goals",
        "time_allocation",
        "personal_ip",
    } <= set(data)
    assert len(data["personal_ip"]) == 6


def test_growth_api_reads_only_the_sections_it_serves(owner_api, owner, blog):
    """The page's rankings, heatmap and income are not read for the API's document."""
    snapshot(owner, blog, date(2025, 3, 1), followers=100)
    jobs.recompute(as_of=date(2025, 3, 9))

    with CaptureQueriesContext(connection) as queries:
        assert owner_api.get(GROWTH).status_code == 200

    sql = " ".join(query["sql"] for query in queries.captured_queries)
    for table in (ItemPerformance, PublishingDay, IncomeEntry):
        assert table._meta.db_table not in sql
    assert GrowthSummary._meta.db_table in sql and ChannelGrowth._meta.db_table in sql


def test_growth_without_numbers_is_empty_not_an_error(owner_api):
    data = owner_api.get(GROWTH).json()

    assert data["summary"] is None and data["channels"] == []


def test_mentee_growth_of_a_malformed_id_is_not_found(api_actors):
    assert api_actors["coach"].get(f"{MENTEES}abc/growth/").status_code == 404


def test_mentees_list_carries_health_signals(api_actors, owner, blog):
    snapshot(owner, blog, date(2025, 3, 1), followers=100)
    ContentItemFactory(creator=owner)
    jobs.recompute(as_of=date(2025, 3, 6))

    mentee = api_actors["coach"].get(MENTEES).json()["results"][0]

    assert mentee["id"] == owner.pk
    assert mentee["health"]["followers"] == 100
    assert mentee["health"]["last_published_on"] == "2025-03-03"
    assert set(mentee["health"]) >= {"streak_weeks", "published_per_week", "trend"}


def test_time_and_income_entries_api(api_actors, owner):
    owner_api = api_actors["owner"]
    made = owner_api.post(
        "/api/v1/time-entries/",
        {"spent_on": "2025-03-01", "activity": "creation", "hours": 3.5},
        format="json",
    )
    income = owner_api.post(
        "/api/v1/income-entries/",
        {"received_on": "2025-03-01", "route": "courses", "amount": 199.00, "note": "课程"},
        format="json",
    )
    bad = owner_api.post(
        "/api/v1/income-entries/",
        {"received_on": "2025-03-01", "route": "lottery", "amount": -1},
        format="json",
    )

    assert made.status_code == 201 and income.status_code == 201
    assert set(bad.json()) == {"route", "amount"}
    url = f"/api/v1/time-entries/{made.json()['id']}/"
    assert api_actors["owner"].delete(url).status_code == 204
    assert TimeEntry.objects.count() == 0 and IncomeEntry.objects.count() == 1


def test_import_authorization(api_actors, owner, blog):
    from django.core.files.uploadedfile import SimpleUploadedFile

    def upload():
        body = f"channel,captured_at,followers\n{blog.pk},2025-03-01,5\n".encode()
        return {"file": SimpleUploadedFile("n.csv", body, content_type="text/csv")}

    statuses = {
        role: api_actors[role].post(f"{SNAPSHOTS}import/", upload(), format="multipart").status_code
        for role in ("anonymous", "read_token", "other", "coach", "former_coach", "owner")
    }

    # others do not own the channel: every row is an unknown channel
    assert statuses == {
        "anonymous": 401,
        "read_token": 403,
        "other": 400,
        "coach": 400,
        "former_coach": 400,
        "owner": 201,
    }
    assert MetricSnapshot.objects.get().creator == owner


def test_put_replaces_a_snapshot_for_the_owner_only(api_actors, owner, blog):
    row = snapshot(owner, blog, date(2025, 3, 1), followers=1)
    body = _payload(blog, captured_at="2025-03-01T12:00:00Z", followers=5)

    assert api_actors["other"].put(f"{SNAPSHOTS}{row.pk}/", body, format="json").status_code == 404
    assert api_actors["owner"].put(f"{SNAPSHOTS}{row.pk}/", body, format="json").status_code == 200
    row.refresh_from_db()
    assert row.followers == 5


def test_mentees_lists_only_the_coachs_active_mentees(api_actors):
    assert api_actors["coach"].get(MENTEES).json()["count"] == 1
    assert api_actors["owner"].get(MENTEES).json()["count"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "time-entries/",
            {"spent_on": "2026-03-01", "activity": "creation", "hours": "1"},
            "hours",
        ),
        (
            "income-entries/",
            {"received_on": "2026-03-01", "route": "sponsorship", "amount": "9"},
            "amount",
        ),
    ],
)
def test_decimal_amounts_must_be_json_numbers(owner_api, path, body, field):
    response = owner_api.post(f"/api/v1/{path}", body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    numeric = owner_api.post(f"/api/v1/{path}", {**body, field: 1.5}, format="json")
    assert numeric.status_code == 201
    assert numeric.json()[field] == 1.5


@pytest.mark.django_db
def test_an_import_without_a_file_names_the_field(owner_api):
    response = owner_api.post("/api/v1/metric-snapshots/import/", {}, format="multipart")

    assert response.status_code == 400
    assert "file" in response.json()
