"""Round trips through the real Redis broker and a real Celery worker."""

import time

import pytest
from django.core import mail
from django.test import Client

from accounts.models import CoachInvitation
from accounts.tasks import ping
from tests.factories import UserFactory

pytestmark = pytest.mark.integration


def _wait_for(predicate, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_a_task_round_trips_through_the_worker(celery_worker_live):
    result = ping.delay("你好")

    assert result.get(timeout=15) == "pong:你好"


def test_an_invitation_email_is_sent_by_the_worker_after_commit(celery_worker_live):
    creator = UserFactory(email="creator@example.com", display_name="创作者")
    client = Client()
    client.force_login(creator)

    response = client.post("/coaching/", {"coach_email": "mentor@example.com"})

    assert response.status_code == 302
    assert CoachInvitation.objects.filter(coach_email="mentor@example.com").exists()
    assert _wait_for(lambda: len(mail.outbox) == 1), "the worker did not send the email"
    assert mail.outbox[0].to == ["mentor@example.com"]
    assert "创作者" in mail.outbox[0].subject
