import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from analytics.growth import jobs
from analytics.models import GrowthFactors, IncomeEntry, MetricSnapshot, TimeEntry
from tests.analytics.factories import (
    ChannelFactory,
    ContentItemFactory,
    PlanPhaseFactory,
    TopicFactory,
    daily_followers,
    snapshot,
)
from tests.authz import Expect

pytestmark = pytest.mark.django_db


def _fill(creator, channels: int = 2, items: int = 4) -> None:
    start = date.today() - timedelta(days=60)
    topic = TopicFactory(creator=creator, layer="frontier")
    for n in range(channels):
        channel = ChannelFactory(creator=creator)
        daily_followers(creator, channel, start, [100 + n + d for d in range(0, 60, 7)])
        for i in range(items):
            piece = ContentItemFactory(
                creator=creator,
                channel=channel,
                topic=topic if i % 2 else None,
                published_at=datetime.now(UTC) - timedelta(days=3 * i + n),
            )
            snapshot(
                creator,
                channel,
                date.today() - timedelta(days=1),
                item=piece,
                views=100 + i,
                likes=i,
            )
    PlanPhaseFactory(creator=creator, plan_start=start)
    TimeEntry.objects.create(creator=creator, spent_on=date.today(), activity="creation", hours=5)
    IncomeEntry.objects.create(
        creator=creator, received_on=date.today(), route="consulting", amount=300
    )
    jobs.recompute()


def test_deleting_is_for_the_owner_only(page_actors, owner):
    channel = ChannelFactory(creator=owner)
    row = snapshot(owner, channel, date(2025, 3, 1), followers=3)
    time_entry = TimeEntry.objects.create(
        creator=owner, spent_on=date(2025, 3, 1), activity="creation", hours=1
    )
    income = IncomeEntry.objects.create(
        creator=owner, received_on=date(2025, 3, 1), route="courses", amount=1
    )
    order = ("other", "coach", "former_coach", "anonymous", "read_token", "owner")
    expect = Expect(302, 404, 404, 404, 302, 302)
    for name, obj in (
        ("growth_snapshot_delete", row),
        ("growth_time_delete", time_entry),
        ("growth_income_delete", income),
    ):
        url = reverse(f"analytics:{name}", args=[obj.pk])
        statuses = {role: page_actors[role].post(url).status_code for role in order}
        assert statuses == {role: status for role, status in expect.items() if role in order}, name
    assert (
        not MetricSnapshot.objects.exists()
        and not TimeEntry.objects.exists()
        and not IncomeEntry.objects.exists()
    )


def test_writes_need_a_login(page_actors):
    for name in ("growth_recompute", "growth_import_confirm"):
        assert page_actors["anonymous"].post(reverse(f"analytics:{name}")).status_code == 302


def test_an_empty_dashboard_explains_what_to_do(owner_client):
    html = owner_client.get(reverse("analytics:growth_dashboard")).content.decode()

    assert "No numbers yet" in html
    assert reverse("analytics:growth_import") in html


def test_the_dashboard_draws_every_chart_with_a_table_and_no_inline_styles(owner_client, owner):
    _fill(owner)

    response = owner_client.get(reverse("analytics:growth_dashboard"))

    html = response.content.decode()
    assert response.status_code == 200
    for section in ("followers", "cadence", "engagement", "goals", "time", "income", "personal-ip"):
        assert f'id="{section}"' in html
    assert html.count("<svg") >= 8
    assert html.count("<table") >= html.count("<svg")
    assert "<polyline" in html and 'class="heat heat-' in html and "<progress" in html
    assert " style=" not in html
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert all(f'nonce="{nonce}"' in tag for tag in re.findall(r"<script[^>]*>", html))


def test_the_dashboard_renders_in_chinese(owner_client, owner):
    _fill(owner, channels=1, items=1)
    owner.language = "zh-hans"
    owner.save()

    html = owner_client.get(
        reverse("analytics:growth_dashboard"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()

    assert "频道" in html


def test_the_dashboard_query_count_does_not_grow_with_data(
    owner_client, owner, other_creator, django_assert_max_num_queries
):
    url = reverse("analytics:growth_dashboard")
    _fill(owner, channels=1, items=1)
    with django_assert_max_num_queries(16):
        owner_client.get(url)
    _fill(owner, channels=6, items=12)
    with django_assert_max_num_queries(16):
        owner_client.get(url)


def test_the_htmx_form_records_numbers_and_returns_the_panel(owner_client, owner):
    channel = ChannelFactory(creator=owner, name="博客")
    data = {"channel": channel.pk, "captured_at": "2025-03-01T10:00", "followers": "12"}

    response = owner_client.post(
        reverse("analytics:growth_snapshots"), data, HTTP_HX_REQUEST="true"
    )
    again = owner_client.post(
        reverse("analytics:growth_snapshots"), {**data, "followers": "13"}, HTTP_HX_REQUEST="true"
    )

    html = again.content.decode()
    assert response.status_code == 200 and "Numbers saved." in response.content.decode()
    assert "Numbers updated." in html and "<html" not in html and 'id="snapshot-panel"' in html
    assert MetricSnapshot.objects.get().followers == 13


def test_the_form_shows_errors_and_refuses_foreign_channels(owner_client, other_creator):
    theirs = ChannelFactory(creator=other_creator)

    response = owner_client.post(
        reverse("analytics:growth_snapshots"),
        {"channel": theirs.pk, "captured_at": "soon", "followers": "-1"},
    )

    form = response.context["form"]
    assert set(form.errors) == {"channel", "captured_at", "followers"}
    assert MetricSnapshot.objects.count() == 0


def test_time_income_and_factors_pages_save(
    owner_client, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(
            reverse("analytics:growth_time"),
            {"spent_on": "2025-03-01", "activity": "promotion", "hours": "2"},
        )
        owner_client.post(
            reverse("analytics:growth_income"),
            {"received_on": "2025-03-01", "route": "sponsorship", "amount": "88", "note": "赞助"},
        )
        owner_client.post(
            reverse("analytics:growth_factors"),
            {
                "k_creation": "0.9",
                "k_promotion": "0.6",
                "k_monetisation": "0.5",
                "k_technical": "1",
                "k_quality": "1",
                "k_interaction": "1",
                "k_exposure": "1",
                "k_frequency": "1",
                "k_monetisation_ip": "1",
                "k_overall": "4",
            },
        )

    assert TimeEntry.objects.get().hours == Decimal("2")
    assert IncomeEntry.objects.get().note == "赞助"
    assert GrowthFactors.objects.get(creator=owner).k_creation == Decimal("0.9")
    assert owner.growth_summary is not None


def test_slots_show_the_summary_on_the_dashboard_and_the_mentee_page(page_actors, owner):
    _fill(owner, channels=1, items=1)

    home = page_actors["owner"].get("/").content.decode()
    mentee_page = (
        page_actors["coach"].get(reverse("accounts:mentee", args=[owner.pk])).content.decode()
    )

    assert reverse("analytics:growth_dashboard") in home and "Engagement rate" in home
    assert reverse("analytics:growth_mentee", args=[owner.pk]) in mentee_page
    assert reverse("analytics:growth_coach") in page_actors["coach"].get("/").content.decode()


def test_the_coach_sees_a_read_only_dashboard(page_actors, owner):
    _fill(owner, channels=1, items=1)

    html = (
        page_actors["coach"]
        .get(reverse("analytics:growth_mentee", args=[owner.pk]))
        .content.decode()
    )

    assert "Read-only" in html
    assert reverse("analytics:growth_snapshots") not in html
    assert reverse("analytics:growth_recompute") not in html


@pytest.mark.parametrize(
    ("name", "form", "heading", "cells", "delete"),
    [
        (
            "growth_time",
            {"spent_on": "2025-03-01", "activity": "promotion", "hours": "2.5", "note": "知乎回答"},
            "<h1>Time entries</h1>",
            "<td>promotion</td><td>2.50</td><td>知乎回答</td>",
            "growth_time_delete",
        ),
        (
            "growth_income",
            {"received_on": "2025-03-01", "route": "courses", "amount": "199", "note": "课程"},
            "<h1>Income entries</h1>",
            "<td>courses</td><td>199.00</td><td>课程</td>",
            "growth_income_delete",
        ),
    ],
)
def test_entry_pages_save_and_list_your_own_entries(
    owner_client, owner, other_creator, name, form, heading, cells, delete
):
    url = reverse(f"analytics:{name}")
    empty = owner_client.get(url).content.decode()
    assert heading in empty and "No entries yet." in empty

    saved = owner_client.post(url, form, follow=True).content.decode()

    assert heading in saved and cells in saved
    model = TimeEntry if name == "growth_time" else IncomeEntry
    entry = model.objects.get(creator=owner)
    assert f'action="{reverse(f"analytics:{delete}", args=[entry.pk])}"' in saved
    model.objects.create(creator=other_creator, **{**form, "note": "别人的"})
    assert "别人的" not in owner_client.get(url).content.decode()
