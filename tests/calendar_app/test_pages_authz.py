"""Planning pages and actions beyond their status codes.

Who reaches which page or action is declared once, in the URL matrix (tests/proof).
"""

import pytest
from django.urls import reverse

from calendar_app.models import PlanPhase
from calendar_app.services import plan_create_default

pytestmark = pytest.mark.django_db


def test_the_owners_deletes_remove_the_phase(owner_client, item, channel, series, owner):
    phase = plan_create_default(creator=owner, plan_start=item.planned_for.date())[0]
    for name, pk in [
        ("item_delete", item.pk),
        ("channel_delete", channel.pk),
        ("series_delete", series.pk),
        ("phase_delete", phase.pk),
    ]:
        assert owner_client.post(reverse(f"calendar_app:{name}", args=[pk])).status_code == 302
    assert not PlanPhase.objects.filter(pk=phase.pk).exists()


def test_get_on_an_action_is_not_allowed(owner_client, item):
    response = owner_client.get(reverse("calendar_app:item_reschedule", args=[item.pk]))

    assert response.status_code == 405
