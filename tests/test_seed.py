import pytest
from django.core.management import call_command

from accounts.models import CoachInvitation, User

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_a_linked_creator_and_coach_once(client):
    call_command("seed_demo")
    call_command("seed_demo")

    assert User.objects.count() == 2
    link = CoachInvitation.objects.get()
    assert (link.creator.email, link.coach.email, link.status) == (
        "creator@demo.sweetspot",
        "coach@demo.sweetspot",
        "active",
    )
    response = client.post(
        "/accounts/login/", {"username": "creator@demo.sweetspot", "password": "sweetspot-demo"}
    )
    assert response.status_code == 302
