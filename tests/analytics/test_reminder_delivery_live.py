"""Reviews and reminders through the real Redis broker and a real Celery worker."""

import threading
import time as clock
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from accounts.tasks import deliver_notification_emails
from analytics.models import Review, ReviewItem
from analytics.reviews import services
from analytics.reviews.tasks import open_due_reviews, scan_reminders
from calendar_app.models import ContentItem
from tests.analytics.conftest import JOINED
from tests.conftest import broker_down
from tests.factories import CoachInvitationFactory, UserFactory

pytestmark = pytest.mark.integration

# Monday 2 March 2026, 01:00 in Shanghai: last week's and last month's reviews just opened.
MONDAY = datetime(2026, 3, 1, 17, 0, tzinfo=UTC)


def _wait_for(predicate, timeout: float = 20.0) -> bool:
    deadline = clock.monotonic() + timeout
    while clock.monotonic() < deadline:
        if predicate():
            return True
        clock.sleep(0.1)
    return False


def _creator(**kwargs):
    return UserFactory(date_joined=JOINED, **kwargs)


def test_running_the_beat_tasks_twice_yields_one_review_and_one_reminder(celery_worker_live):
    owner = _creator(email="creator@example.com")

    # Two ticks at once: one through the worker, one in this thread.
    first = open_due_reviews.delay(now=MONDAY.isoformat())
    services.reviews_open_and_prepare(now=MONDAY)
    first.get(timeout=20)
    open_due_reviews.delay(now=MONDAY.isoformat()).get(timeout=20)

    assert Review.objects.filter(creator=owner).count() == 3
    assert ReviewItem.objects.filter(review__creator=owner).count() == 15

    scans = [scan_reminders.delay(now=MONDAY.isoformat()) for _ in range(2)]
    for scan in scans:
        scan.get(timeout=20)
    weekly = Review.objects.get(creator=owner, kind="weekly")
    assert Notification.objects.filter(key=f"review-due:{weekly.pk}").count() == 1
    assert Notification.objects.filter(recipient=owner).count() == 2  # weekly and monthly
    deliver_notification_emails.delay().get(timeout=20)
    assert _wait_for(lambda: len(mail.outbox) == 2)
    deliver_notification_emails.delay().get(timeout=20)
    clock.sleep(0.5)
    assert len(mail.outbox) == 2
    assert sorted(message.to[0] for message in mail.outbox) == [owner.email] * 2


def test_a_retried_opening_still_yields_one_review_and_one_checklist(celery_worker_live):
    owner = _creator()
    real_fill = services._fill_summaries
    calls = {"n": 0}

    def flaky(reviews, *, now):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("connection reset during the first attempt")
        return real_fill(reviews, now=now)

    with mock.patch.object(services, "_fill_summaries", flaky):
        result = open_due_reviews.delay(now=MONDAY.isoformat())
        assert _wait_for(lambda: Review.objects.filter(prepared_at__isnull=False).count() == 3)
        result.get(timeout=20)

    assert calls["n"] >= 2
    assert Review.objects.filter(creator=owner).count() == 3
    assert ReviewItem.objects.filter(review__creator=owner).count() == 15


def test_a_retried_reminder_scan_sends_each_reminder_once(celery_worker_live):
    owner = _creator()
    item = ContentItem.objects.create(
        creator=owner, title="长文", status="draft", planned_for=MONDAY + timedelta(hours=3)
    )
    from analytics.reviews import reminders

    real_stale = reminders.stale_drafts
    calls = {"n": 0}

    def flaky(*, now):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("lost the database half-way")
        return real_stale(now=now)

    with mock.patch.object(reminders, "FINDERS", (*reminders.FINDERS[:-1], flaky)):
        scan_reminders.delay(now=MONDAY.isoformat()).get(timeout=30)

    assert calls["n"] == 2
    key = f"content-due:{item.pk}:{item.planned_for.isoformat()}"
    assert Notification.objects.filter(key=key).count() == 1
    assert _wait_for(lambda: len(mail.outbox) == 1)
    clock.sleep(0.5)
    assert len(mail.outbox) == 1


def test_writes_made_while_redis_is_down_still_get_their_reminders(celery_worker_live):
    owner = _creator(email="mentee@example.com")
    coach = UserFactory(email="coach@example.com", display_name="Coach")
    CoachInvitationFactory(creator=owner, coach=coach)
    services.reviews_open_and_prepare(now=MONDAY)
    review = Review.objects.get(creator=owner, kind="weekly")
    client = Client()
    client.force_login(coach)
    soon = timezone.now() + timedelta(hours=2)

    with broker_down():
        response = client.post(
            reverse("analytics:review_comment", args=[review.pk]), {"body": "好好干"}
        )
        item = ContentItem.objects.create(
            creator=owner, title="Planned while Redis was down", status="draft", planned_for=soon
        )

    assert response.status_code == 302
    clock.sleep(1)
    comment_note = Notification.objects.get(recipient=owner, kind="comment")
    assert comment_note.emailed_at is None
    assert mail.outbox == []

    # Redis is back: the next beat runs find both.
    scan_reminders.delay().get(timeout=20)
    deliver_notification_emails.delay().get(timeout=20)

    # Other reminders may be due too depending on the real clock (after Thursday noon the
    # weekly target is "at risk"), so wait for these two by subject, each exactly once.
    def subjects() -> list[str]:
        return [message.subject for message in mail.outbox]

    def sent(text: str) -> int:
        return sum(text in subject for subject in subjects())

    assert _wait_for(lambda: sent("Planned while Redis was down") and sent("Coach commented"))
    assert sent("Planned while Redis was down") == 1
    assert sent("Coach commented") == 1
    assert Notification.objects.get(key__startswith=f"content-due:{item.pk}:").emailed_at


def test_the_worker_opens_the_week_by_each_creators_time_zone(celery_worker_live):
    shanghai = _creator(timezone="Asia/Shanghai")
    los_angeles = _creator(timezone="America/Los_Angeles")
    monday_in_shanghai = datetime(2026, 3, 1, 16, 30, tzinfo=UTC)  # Sunday 08:30 in LA

    open_due_reviews.delay(now=monday_in_shanghai.isoformat()).get(timeout=20)

    weekly = Review.objects.filter(kind="weekly")
    assert weekly.get(creator=shanghai).period_start.isoformat() == "2026-02-23"
    assert weekly.get(creator=los_angeles).period_start.isoformat() == "2026-02-16"


def test_quiet_hours_delay_the_email_rather_than_drop_it(celery_worker_live):
    now = timezone.now()
    creator = _creator(timezone="Asia/Shanghai")
    local = now.astimezone(creator.tzinfo)
    creator.quiet_hours_start = (local - timedelta(hours=1)).time().replace(microsecond=0)
    creator.quiet_hours_end = (local + timedelta(hours=1)).time().replace(second=0, microsecond=0)
    creator.save()
    ContentItem.objects.create(
        creator=creator, title="安静时段", status="draft", planned_for=now + timedelta(hours=3)
    )

    scan_reminders.delay().get(timeout=20)
    deliver_notification_emails.delay().get(timeout=20)

    notification = Notification.objects.get(recipient=creator)
    assert _wait_for(
        lambda: (
            Notification.objects.get(pk=notification.pk).email_due_at > now + timedelta(minutes=30)
        )
    )
    assert mail.outbox == []
    assert notification.emailed_at is None

    later = Notification.objects.get(pk=notification.pk).email_due_at + timedelta(minutes=1)
    deliver_notification_emails.delay(now=later.isoformat()).get(timeout=20)

    assert _wait_for(lambda: len(mail.outbox) == 1)
    assert "安静时段" in mail.outbox[0].subject


def test_two_deliveries_at_once_send_one_email(celery_worker_live):
    owner = _creator()
    ContentItem.objects.create(
        creator=owner, title="Once", status="draft", planned_for=timezone.now() + timedelta(hours=1)
    )
    from accounts.notifications import notification_emails_deliver
    from analytics.reviews.reminders import reminders_scan

    reminders_scan(now=timezone.now())
    results = []
    threads = [
        threading.Thread(
            target=lambda: (
                results.append(notification_emails_deliver(now=timezone.now())),
                connection.close(),
            )
        )
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    deliver_notification_emails.delay().get(timeout=20)
    for thread in threads:
        thread.join()

    assert _wait_for(lambda: len(mail.outbox) >= 1)
    clock.sleep(0.5)
    assert len(mail.outbox) == 1
