"""One bad row never blocks the rest of a batch: it is logged, recorded, and the run goes on."""

from datetime import timedelta
from smtplib import SMTPRecipientsRefused

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from accounts.models import Notification
from accounts.notifications import NotificationSpec, notify
from accounts.tasks import deliver_notification_emails
from analytics.reviews.tasks import scan_reminders
from tests.analytics.conftest import NOW
from tests.analytics.factories import UnplannedItemFactory

pytestmark = pytest.mark.django_db


class RefusingBackend(EmailBackend):
    """An SMTP server that refuses one mailbox."""

    def send_messages(self, messages):
        for message in messages:
            if any(address.startswith("bounce") for address in message.to):
                raise SMTPRecipientsRefused({message.to[0]: (550, b"no such mailbox")})
        return super().send_messages(messages)


def _comment_for(user, key="comment:1"):
    notify(
        spec=NotificationSpec(
            recipient_id=user.pk, kind="comment", key=key, title="Your coach commented"
        ),
        now=NOW,
    )


def test_a_title_with_a_newline_does_not_stop_anyone_elses_email(owner, other_creator):
    UnplannedItemFactory(
        creator=owner,
        status="draft",
        title="Launch\r\nBcc: everyone@example.com",
        planned_for=NOW + timedelta(hours=5),
    )
    scan_reminders(now=NOW.isoformat())
    _comment_for(other_creator)

    assert deliver_notification_emails(now=NOW.isoformat()) == 2

    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects[other_creator.email] == "Your coach commented"
    assert "\n" not in subjects[owner.email] and "\r" not in subjects[owner.email]
    assert subjects[owner.email].startswith("“Launch Bcc: everyone@example.com” is due")
    assert not Notification.objects.email_pending().exists()


def test_a_failing_send_is_recorded_and_the_others_still_go_out(
    owner, other_creator, settings, caplog
):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}
    owner.email = "bounce@example.com"
    owner.save()
    _comment_for(owner)
    _comment_for(other_creator)
    poisoned = Notification.objects.get(recipient=owner)

    assert deliver_notification_emails(now=NOW.isoformat()) == 1

    assert [message.to for message in mail.outbox] == [[other_creator.email]]
    poisoned.refresh_from_db()
    assert poisoned.emailed_at is None
    assert poisoned.email_attempts == 1
    assert "SMTPRecipientsRefused" in poisoned.email_last_error
    assert poisoned.email_due_at > NOW
    assert f"Emailing notification {poisoned.pk} failed" in caplog.text
    # Not retried before its delay is over, then retried.
    assert deliver_notification_emails(now=NOW.isoformat()) == 0
    owner.email = "owner@example.com"
    owner.save()
    assert deliver_notification_emails(now=(poisoned.email_due_at).isoformat()) == 1
