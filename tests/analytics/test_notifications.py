"""The notification centre, the unread count in the navigation, and reminder preferences."""

from datetime import time

import pytest
from django.urls import reverse

from accounts.models import Notification
from accounts.notifications import NotificationSpec, notify, notify_many
from tests.analytics.conftest import NOW
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _notify(user, key="review-due:1", title="Your weekly review is open", url="/growth/reviews/"):
    notify(
        spec=NotificationSpec(
            recipient_id=user.pk, kind="review_due", key=key, title=title, url=url
        ),
        now=NOW,
    )
    return Notification.objects.get(recipient=user, key=key)


def test_a_key_is_notified_only_once(owner):
    spec = NotificationSpec(recipient_id=owner.pk, kind="review_due", key="review-due:7", title="t")

    assert notify_many(specs=[spec, spec], now=NOW) == 1
    assert notify_many(specs=[spec], now=NOW) == 0
    assert Notification.objects.count() == 1


def test_the_same_key_for_two_users_is_two_notifications(owner, other_creator):
    _notify(owner)
    _notify(other_creator)

    assert Notification.objects.count() == 2


def test_the_navigation_shows_the_unread_count(owner_client, owner):
    _notify(owner, key="a")
    _notify(owner, key="b")

    page = owner_client.get("/").content.decode()
    count = owner_client.get(reverse("accounts:notification_count"), **HTMX).content.decode()

    assert reverse("accounts:notification_count") in page
    assert 'hx-trigger="load"' in page
    assert ">2</span>" in count
    assert 'hx-trigger="every 60s"' in count


def test_the_centre_lists_the_users_notifications_only(owner_client, owner, other_creator):
    _notify(owner, title="我的提醒")
    _notify(other_creator, title="Someone else's")

    html = owner_client.get(reverse("accounts:notifications")).content.decode()

    assert "我的提醒" in html
    assert "Someone else" not in html


def test_opening_a_notification_marks_it_read_and_follows_its_link(owner_client, owner):
    notification = _notify(owner)

    response = owner_client.post(reverse("accounts:notification_open", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/growth/reviews/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_an_offsite_link_is_not_followed(owner_client, owner):
    notification = _notify(owner, url="https://evil.example/")

    response = owner_client.post(reverse("accounts:notification_open", args=[notification.pk]))

    assert response["Location"] == reverse("accounts:notifications")


def test_mark_all_read_with_htmx_returns_the_list(owner_client, owner):
    _notify(owner, key="a")
    _notify(owner, key="b")

    response = owner_client.post(reverse("accounts:notifications_read_all"), **HTMX)

    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert not Notification.objects.unread().exists()


def test_reminder_preferences_are_saved_on_the_profile(owner_client, owner):
    page = owner_client.get(reverse("accounts:profile")).content.decode()
    assert 'name="quiet_hours_start"' in page

    response = owner_client.post(
        reverse("accounts:reminder_preferences"),
        {
            "reviews_enabled": "on",
            "review_weekday": "6",
            "content_due_lead_hours": "48",
            "stale_draft_days": "10",
            "quiet_hours_start": "22:00",
            "quiet_hours_end": "07:30",
            "email_review_due": "on",
        },
    )

    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.review_weekday == 6
    assert owner.content_due_lead_hours == 48
    assert (owner.quiet_hours_start, owner.quiet_hours_end) == (time(22), time(7, 30))
    assert owner.email_review_due and not owner.email_content_due


@pytest.mark.parametrize(
    "bad",
    [
        {"quiet_hours_start": "22:00"},
        {"content_due_lead_hours": "0"},
        {"review_weekday": "9"},
        {"stale_draft_days": "abc"},
    ],
)
def test_bad_reminder_preferences_are_refused(owner_client, owner, bad):
    data = {"review_weekday": "0", "content_due_lead_hours": "24", "stale_draft_days": "14"}

    response = owner_client.post(reverse("accounts:reminder_preferences"), {**data, **bad})

    assert response.status_code == 400


def test_an_api_comment_by_the_coach_notifies_the_creator(api_actors, owner, coach):
    from tests.analytics.conftest import open_reviews

    open_reviews(owner)
    from analytics.models import Review

    review = Review.objects.get(creator=owner, kind="weekly")

    response = api_actors["coach"].post(
        "/api/v1/comments/",
        {"target_type": "review", "target_id": review.pk, "body": "下周试试视频"},
        format="json",
    )

    assert response.status_code == 201
    notification = Notification.objects.get(recipient=owner)
    assert notification.kind == "comment"
    assert notification.body == "下周试试视频"


def test_an_inactive_recipient_is_skipped():
    gone = UserFactory(is_active=False)

    _count = notify_many(
        specs=[NotificationSpec(recipient_id=gone.pk, kind="comment", key="c:1", title="t")],
        now=NOW,
    )

    assert not Notification.objects.exists()


def test_a_comment_while_redis_is_down_is_saved_and_emailed_by_the_next_delivery_run(
    page_actors, owner, coach, caplog, commits
):
    from django.core import mail
    from django.utils import timezone

    from accounts.models import OutboxMessage
    from accounts.notifications import notification_emails_deliver
    from analytics.models import Review
    from tests.analytics.conftest import open_reviews
    from tests.conftest import broker_down

    open_reviews(owner)
    review = Review.objects.get(creator=owner, kind="weekly")
    with broker_down(), commits(execute=True):
        response = page_actors["coach"].post(
            reverse("analytics:review_comment", args=[review.pk]), {"body": "加油"}
        )

    assert response.status_code == 302
    assert "accounts.tasks.deliver_notification_emails stays in the outbox" in caplog.text
    assert OutboxMessage.objects.filter(
        task_name="accounts.tasks.deliver_notification_emails", sent_at__isnull=True
    ).exists()
    assert mail.outbox == []
    assert notification_emails_deliver(now=timezone.now()) == 1
    assert mail.outbox[0].to == [owner.email]
