from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from calendar_app import services
from calendar_app.models import PlanPhase

pytestmark = pytest.mark.django_db


def test_default_plan_in_one_click(owner_client, owner):
    response = owner_client.post(reverse("calendar_app:plan_default"), {"plan_start": "2026-03-15"})

    assert response.status_code == 302
    phases = list(PlanPhase.objects.for_creator(owner))
    assert [(p.start_month, p.end_month, p.follower_target) for p in phases] == [
        (1, 3, 500),
        (4, 6, 2000),
        (7, 9, 5000),
        (10, 12, 10000),
    ]
    assert sum(p.output_target for p in phases) == 50
    assert {p.plan_start for p in phases} == {date(2026, 3, 1)}
    assert "1,000 repository stars" in phases[-1].goals
    html = owner_client.get(reverse("calendar_app:plan")).content.decode()
    assert "Deep content" in html and "10,000" in html


def test_the_default_plan_is_created_once(owner):
    services.plan_create_default(creator=owner, plan_start=date(2026, 3, 1))

    with pytest.raises(ValidationError):
        services.plan_create_default(creator=owner, plan_start=date(2026, 3, 1))
    assert PlanPhase.objects.count() == 4


def test_edit_a_phase(owner_client, owner):
    phase = services.plan_create_default(creator=owner, plan_start=date(2026, 3, 1))[1]
    data = {
        "name": "深度内容期",
        "start_month": "4",
        "end_month": "7",
        "follower_target": "3000",
        "output_target": "16",
        "goals": "每周一篇深度文章",
    }

    owner_client.post(reverse("calendar_app:phase_edit", args=[phase.pk]), data)

    phase.refresh_from_db()
    assert (phase.name, phase.end_month, phase.follower_target) == ("深度内容期", 7, 3000)


def test_a_phase_cannot_end_before_it_starts(owner_client, owner):
    phase = services.plan_create_default(creator=owner, plan_start=date(2026, 3, 1))[0]
    data = {
        "name": "x",
        "start_month": "5",
        "end_month": "2",
        "follower_target": "0",
        "output_target": "0",
    }

    response = owner_client.post(reverse("calendar_app:phase_edit", args=[phase.pk]), data)

    assert response.status_code == 200
    phase.refresh_from_db()
    assert phase.end_month == 3


def test_add_a_phase_and_move_the_plan(owner_client, owner):
    services.plan_create_default(creator=owner, plan_start=date(2026, 3, 1))
    owner_client.post(
        reverse("calendar_app:phase_create"),
        {
            "name": "第二年",
            "start_month": "13",
            "end_month": "24",
            "follower_target": "20000",
            "output_target": "50",
        },
    )
    owner_client.post(reverse("calendar_app:plan_restart"), {"plan_start": "2026-05-20"})

    assert PlanPhase.objects.count() == 5
    assert set(PlanPhase.objects.values_list("plan_start", flat=True)) == {date(2026, 5, 1)}
