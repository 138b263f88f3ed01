"""Tasks go through a transactional outbox: an outage delays them and never loses them."""

import time

import pytest
from django.core import mail
from django.db import transaction

from accounts.models import CoachInvitation, OutboxMessage
from accounts.queue import enqueue
from accounts.tasks import relay_outbox, send_invitation_email
from tests.conftest import broker_down, database_lost_once
from tests.factories import CoachInvitationFactory

pytestmark = pytest.mark.django_db


def test_an_invitation_made_while_redis_is_down_is_quick_and_kept_in_the_outbox(
    owner_client, django_capture_on_commit_callbacks
):
    started = time.monotonic()
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post("/coaching/", {"coach_email": "mentor@example.com"})
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < 1.5
    assert CoachInvitation.objects.filter(coach_email="mentor@example.com").exists()
    message = OutboxMessage.objects.get(task_name="accounts.tasks.send_invitation_email")
    assert message.sent_at is None
    assert message.attempts == 1
    assert message.last_error
    assert mail.outbox == []


def test_the_relay_sends_a_kept_email_once_the_broker_is_back(
    owner_client, django_capture_on_commit_callbacks
):
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        owner_client.post("/coaching/", {"coach_email": "mentor@example.com"})

    assert relay_outbox.delay().get() == 1
    assert relay_outbox.delay().get() == 0

    assert [email.to for email in mail.outbox] == [["mentor@example.com"]]
    assert OutboxMessage.objects.get().sent_at is not None


def test_a_rolled_back_change_leaves_no_task_behind(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        enqueue("accounts.tasks.ping", "never")
        raise RuntimeError

    assert not OutboxMessage.objects.exists()


def test_a_message_for_an_unknown_task_does_not_hold_up_the_others():
    OutboxMessage.objects.create(task_name="accounts.tasks.gone")
    OutboxMessage.objects.create(task_name="accounts.tasks.ping", args=["x"])

    assert relay_outbox.delay().get() == 1

    stuck = OutboxMessage.objects.get(task_name="accounts.tasks.gone")
    assert stuck.sent_at is None and "gone" in stuck.last_error


def test_an_invitation_email_whose_task_lost_the_database_is_sent_on_its_retry():
    invitation = CoachInvitationFactory(
        coach=None,
        coach_email="mentor@example.com",
        status=CoachInvitation.Status.PENDING,
        accepted_at=None,
    )
    mail.outbox.clear()

    with database_lost_once() as lost:
        send_invitation_email.apply(args=[invitation.pk], throw=False)

    assert lost == ["lost"]
    assert [message.to for message in mail.outbox] == [["mentor@example.com"]]
