"""The authorization matrix for every planning page and action."""

import pytest
from django.urls import reverse

from calendar_app.models import PlanPhase
from calendar_app.services import plan_create_default
from tests.authz import Expect, assert_matrix, page

pytestmark = pytest.mark.django_db

# Pages that show the visitor's own plan: every signed-in user gets their own.
OWN = Expect(200, 200, 200, 200, 302, 302)
# An item page: the owner and their coach read it, everyone else gets 404.
READABLE = Expect(200, 404, 200, 404, 302, 302)
# A coach's view of a mentee: only the active coach.
MENTEE = Expect(404, 404, 200, 404, 302, 302)
# A write by the owner (redirects back), refused as 404 to anyone else.
WRITE = Expect(302, 404, 404, 404, 302, 302)


@pytest.mark.parametrize(
    "name",
    [
        "month",
        "week",
        "board",
        "backlog",
        "item_list",
        "item_create",
        "channels",
        "series",
        "plan",
        "phase_create",
    ],
)
def test_own_pages(page_actors, name):
    assert_matrix(page_actors, "GET", reverse(f"calendar_app:{name}"), OWN)


def test_item_page_is_readable_by_the_coach(page_actors, item):
    assert_matrix(page_actors, "GET", reverse("calendar_app:item_detail", args=[item.pk]), READABLE)


@pytest.mark.parametrize("name", ["mentee_month", "mentee_week", "mentee_board"])
def test_mentee_pages_are_for_the_active_coach_only(page_actors, owner, name):
    assert_matrix(page_actors, "GET", reverse(f"calendar_app:{name}", args=[owner.pk]), MENTEE)


def test_edit_pages_are_the_owners(page_actors, owner, item, channel, series):
    phase = plan_create_default(creator=owner, plan_start=item.planned_for.date())[0]
    for url in [
        reverse("calendar_app:item_edit", args=[item.pk]),
        reverse("calendar_app:channel_edit", args=[channel.pk]),
        reverse("calendar_app:series_edit", args=[series.pk]),
        reverse("calendar_app:phase_edit", args=[phase.pk]),
    ]:
        assert_matrix(page_actors, "GET", url, page())


def test_item_actions_are_the_owners(page_actors, item, channel, series):
    occurrence = series.occurrences.first()
    actions = [
        ("item_reschedule", item.pk, {"day": "2026-05-01"}),
        ("item_status", item.pk, {"status": "review"}),
        ("item_skip", occurrence.pk, {"skipped": "1"}),
        ("item_derive", item.pk, {"format": "answer"}),
    ]
    for name, pk, data in actions:
        url = reverse(f"calendar_app:{name}", args=[pk])
        assert_matrix(page_actors, "POST", url, WRITE, data=data)


def test_deletes_are_the_owners(page_actors, item, channel, series, owner):
    phase = plan_create_default(creator=owner, plan_start=item.planned_for.date())[0]
    for name, pk in [
        ("item_delete", item.pk),
        ("channel_delete", channel.pk),
        ("series_delete", series.pk),
        ("phase_delete", phase.pk),
    ]:
        assert_matrix(page_actors, "POST", reverse(f"calendar_app:{name}", args=[pk]), WRITE)
    assert not PlanPhase.objects.filter(pk=phase.pk).exists()


def test_the_owner_and_the_coach_comment(page_actors, item):
    url = reverse("calendar_app:item_comment", args=[item.pk])

    assert_matrix(
        page_actors, "POST", url, Expect(302, 404, 302, 404, 302, 302), data={"body": "好文章"}
    )


def test_creating_acts_on_the_visitors_own_plan(page_actors):
    for name, data in [
        ("quick_add", {"title": "新想法", "day": "2026-05-01"}),
        ("plan_default", {"plan_start": "2026-05-01"}),
        ("plan_restart", {"plan_start": "2026-06-01"}),
    ]:
        expect = Expect(302, 302, 302, 302, 302, 302)
        assert_matrix(page_actors, "POST", reverse(f"calendar_app:{name}"), expect, data=data)


def test_get_on_an_action_is_not_allowed(owner_client, item):
    response = owner_client.get(reverse("calendar_app:item_reschedule", args=[item.pk]))

    assert response.status_code == 405
