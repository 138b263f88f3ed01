"""Reminders: found by scanning the database, each delivered at most once."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.core import mail

from accounts.models import Notification
from accounts.notifications import notification_emails_deliver, quiet_until
from analytics.models import Review
from analytics.reviews.reminders import reminders_scan
from calendar_app.models import ContentItem
from tests.analytics.conftest import NOW, open_reviews
from tests.analytics.factories import UnplannedItemFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Thursday 5 March 2026, 16:00 in Shanghai: past the middle of the owner's week.
THURSDAY = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)


def _keys(user=None):
    notifications = Notification.objects.all()
    if user is not None:
        notifications = notifications.filter(recipient=user)
    return sorted(notifications.values_list("key", flat=True))


def test_content_due_within_the_lead_time_is_reminded_once(owner):
    soon = UnplannedItemFactory(creator=owner, status="draft", planned_for=NOW + timedelta(hours=5))
    UnplannedItemFactory(creator=owner, status="draft", planned_for=NOW + timedelta(hours=30))
    UnplannedItemFactory(creator=owner, status="idea", planned_for=NOW + timedelta(hours=5))
    UnplannedItemFactory(creator=owner, status="published", planned_for=NOW + timedelta(hours=5))

    assert reminders_scan(now=NOW) >= 1
    assert reminders_scan(now=NOW + timedelta(minutes=15)) == 0

    notification = Notification.objects.get(kind="content_due")
    assert notification.key == f"content-due:{soon.pk}:{soon.planned_for.isoformat()}"
    assert notification.title == f"“{soon.title}” is due 5 Mar 2026, 01:00"  # in her zone


def test_the_lead_time_is_the_creators_own(owner):
    owner.content_due_lead_hours = 48
    owner.save()
    UnplannedItemFactory(creator=owner, status="scheduled", planned_for=NOW + timedelta(hours=30))

    reminders_scan(now=NOW)

    assert Notification.objects.filter(kind="content_due").count() == 1


def test_rescheduled_content_is_reminded_again_for_its_new_date(owner):
    item = UnplannedItemFactory(creator=owner, status="draft", planned_for=NOW + timedelta(hours=5))
    reminders_scan(now=NOW)
    item.planned_for = NOW + timedelta(hours=50)
    item.save()

    reminders_scan(now=NOW + timedelta(hours=40))

    assert Notification.objects.filter(kind="content_due").count() == 2


def test_a_review_is_announced_when_it_opens_and_again_when_overdue(owner):
    open_reviews(owner, now=datetime(2026, 3, 1, 16, 30, tzinfo=UTC))
    weekly = Review.objects.get(creator=owner, kind="weekly")

    reminders_scan(now=datetime(2026, 3, 1, 16, 30, tzinfo=UTC))
    reminders_scan(now=datetime(2026, 3, 1, 16, 45, tzinfo=UTC))
    assert f"review-due:{weekly.pk}" in _keys()
    assert not any(key.startswith("review-overdue") for key in _keys())

    reminders_scan(now=weekly.due_at + timedelta(minutes=1))
    reminders_scan(now=weekly.due_at + timedelta(minutes=16))
    assert _keys().count(f"review-overdue:{weekly.pk}") == 1


def test_a_completed_review_is_never_overdue(review):
    Review.objects.update(completed_at=NOW)

    reminders_scan(now=review.due_at + timedelta(hours=1))

    assert not Notification.objects.filter(kind="review_overdue").exists()


def test_no_target_reminder_before_mid_week(owner):
    reminders_scan(now=NOW)

    assert not Notification.objects.filter(kind="target_at_risk").exists()


def test_the_weekly_target_is_at_risk_past_mid_week_with_nothing_published(owner):
    reminders_scan(now=THURSDAY)
    reminders_scan(now=THURSDAY + timedelta(hours=3))

    notification = Notification.objects.get(kind="target_at_risk")
    assert notification.key == "target-at-risk:2026-03-02"
    assert "0 of 1" in notification.title


def test_the_target_is_not_at_risk_when_published_or_still_planned(owner):
    other = UserFactory(weekly_target=1)
    UnplannedItemFactory(
        creator=owner, status="published", published_at=THURSDAY - timedelta(days=2)
    )
    UnplannedItemFactory(
        creator=other, status="scheduled", planned_for=THURSDAY + timedelta(days=2)
    )

    reminders_scan(now=THURSDAY)

    assert not Notification.objects.filter(kind="target_at_risk").exists()


def test_a_piece_planned_after_the_week_ends_does_not_save_the_target(owner):
    UnplannedItemFactory(creator=owner, status="draft", planned_for=THURSDAY + timedelta(days=5))

    reminders_scan(now=THURSDAY)

    assert Notification.objects.filter(kind="target_at_risk", recipient=owner).exists()


def test_mid_week_is_local_for_a_los_angeles_creator():
    los_angeles = UserFactory(timezone="America/Los_Angeles")
    # Thursday 16:00 in Shanghai is Thursday 00:00 in Los Angeles: not yet mid-week.
    reminders_scan(now=THURSDAY)
    assert not Notification.objects.filter(recipient=los_angeles).exists()

    reminders_scan(now=datetime(2026, 3, 5, 20, 0, tzinfo=UTC))  # Thursday 12:00 there
    assert Notification.objects.filter(recipient=los_angeles, kind="target_at_risk").exists()


def test_a_draft_unchanged_for_the_creators_days_is_stale_once(owner):
    owner.stale_draft_days = 7
    owner.save()
    stale = UnplannedItemFactory(creator=owner, status="draft")
    fresh = UnplannedItemFactory(creator=owner, status="draft")
    ContentItem.objects.filter(pk=stale.pk).update(updated_at=NOW - timedelta(days=8))
    ContentItem.objects.filter(pk=fresh.pk).update(updated_at=NOW - timedelta(days=6))

    reminders_scan(now=NOW)
    reminders_scan(now=NOW + timedelta(hours=1))

    notification = Notification.objects.get(kind="stale_draft")
    assert notification.key.startswith(f"stale-draft:{stale.pk}:")
    assert "7 days" in notification.title


def test_reminders_are_emailed_once_when_the_user_wants_them(owner):
    UnplannedItemFactory(creator=owner, status="draft", planned_for=NOW + timedelta(hours=5))
    reminders_scan(now=NOW)

    assert notification_emails_deliver(now=NOW) == 1
    assert notification_emails_deliver(now=NOW + timedelta(minutes=5)) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [owner.email]
    assert "is due" in mail.outbox[0].subject
    assert "http://" in mail.outbox[0].body


def test_a_reminder_kind_switched_off_stays_in_the_app_only(owner):
    owner.email_content_due = False
    owner.save()
    UnplannedItemFactory(creator=owner, status="draft", planned_for=NOW + timedelta(hours=5))

    reminders_scan(now=NOW)
    notification_emails_deliver(now=NOW)

    assert Notification.objects.filter(kind="content_due").exists()
    assert mail.outbox == []


def test_quiet_hours_delay_an_email_until_they_end(owner):
    # 20:00 in Shanghai is inside quiet hours of 19:00 to 08:00.
    owner.quiet_hours_start, owner.quiet_hours_end = time(19, 0), time(8, 0)
    owner.save()
    UnplannedItemFactory(creator=owner, status="draft", planned_for=NOW + timedelta(hours=5))
    reminders_scan(now=NOW)

    assert notification_emails_deliver(now=NOW) == 0
    notification = Notification.objects.get()
    morning = datetime(2026, 3, 5, 0, 0, tzinfo=UTC)  # 08:00 in Shanghai
    assert notification.email_due_at == morning
    assert notification_emails_deliver(now=morning - timedelta(minutes=1)) == 0
    assert mail.outbox == []

    assert notification_emails_deliver(now=morning) == 1
    assert len(mail.outbox) == 1


def test_quiet_hours_are_worked_out_in_the_users_time_zone():
    from zoneinfo import ZoneInfo

    shanghai = ZoneInfo("Asia/Shanghai")
    quiet = {"start": time(22, 0), "end": time(7, 0)}

    assert quiet_until(now=datetime(2026, 3, 4, 15, tzinfo=UTC), tz=shanghai, **quiet) == (
        datetime(2026, 3, 5, 7, 0, tzinfo=shanghai)
    )
    assert quiet_until(now=datetime(2026, 3, 4, 20, tzinfo=UTC), tz=shanghai, **quiet) == (
        datetime(2026, 3, 5, 7, 0, tzinfo=shanghai)
    )
    assert quiet_until(now=datetime(2026, 3, 4, 12, tzinfo=UTC), tz=shanghai, **quiet) is None
    daytime = {"start": time(9, 0), "end": time(12, 0)}
    assert quiet_until(now=datetime(2026, 3, 4, 2, tzinfo=UTC), tz=shanghai, **daytime) == (
        datetime(2026, 3, 4, 12, 0, tzinfo=shanghai)
    )
    assert quiet_until(now=NOW, tz=shanghai, start=None, end=None) is None


def test_reminders_speak_the_creators_language():
    chinese = UserFactory(language="zh-hans")
    UnplannedItemFactory(creator=chinese, status="draft", planned_for=NOW + timedelta(hours=2))

    reminders_scan(now=NOW)

    assert "截止" in Notification.objects.get(recipient=chinese).title


def test_an_inactive_user_gets_no_reminders():
    gone = UserFactory(is_active=False)
    UnplannedItemFactory(creator=gone, status="draft", planned_for=NOW + timedelta(hours=2))

    reminders_scan(now=NOW)

    assert not Notification.objects.exists()


def test_the_reminder_scan_takes_the_same_queries_for_many_creators(
    django_assert_max_num_queries,
):
    def add(count):
        for _ in range(count):
            user = UserFactory()
            UnplannedItemFactory(creator=user, status="draft", planned_for=NOW + timedelta(hours=2))

    add(2)
    with django_assert_max_num_queries(20):
        reminders_scan(now=THURSDAY - timedelta(hours=20))
    add(20)
    with django_assert_max_num_queries(20):
        reminders_scan(now=THURSDAY - timedelta(hours=20))
