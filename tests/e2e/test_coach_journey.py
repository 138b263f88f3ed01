"""A creator invites a coach; the coach joins through the emailed link and comments; the
creator sees the notification. Two people, two browser contexts, one live server."""

import re
from datetime import datetime

import pytest
from django.utils import timezone

from accounts.models import CoachInvitation, Notification, User
from calendar_app import services as calendar_services
from tests.e2e.conftest import login
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Why my tests run in a real browser"
COACH_EMAIL = "grace@example.com"
COACH_PASSWORD = "another-long-passphrase-31"
COMMENT = "Lead with the flaky test you fixed: it is the hook."


@pytest.fixture
def creator(settings, live_server):
    # The emailed link points at the site; here the site is the live server.
    settings.SITE_URL = live_server.url
    creator = UserFactory(email="ada@example.com", display_name="Ada", timezone="UTC")
    day = timezone.now().date().replace(day=12)
    calendar_services.content_item_create(
        creator=creator,
        title=TITLE,
        planned_for=datetime.combine(day, calendar_services.DEFAULT_TIME, tzinfo=creator.tzinfo),
    )
    return creator


def unread_badge(page):
    return page.locator("#notification-count .badge")


def test_a_coach_joins_by_the_emailed_link_and_the_creator_sees_the_comment(
    page, another_page, creator, mailoutbox
):
    coach_page = another_page

    # The creator invites a coach by email.
    login(page, creator.email, PASSWORD)
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Coaching"
    ).click()
    page.get_by_label("Coach's email").fill(COACH_EMAIL)
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("Invitation sent.").wait_for()
    assert "pending" in page.locator("li", has_text=COACH_EMAIL).inner_text().lower()
    assert not unread_badge(page).count()

    # The coach, who has no account yet, follows the link in the email.
    assert [message.to for message in mailoutbox] == [[COACH_EMAIL]]
    link = re.search(r"https?://\S+/coaching/join/\S+/", mailoutbox[0].body).group(0)
    coach_page.goto(link)
    assert "Ada invites you to be their coach" in coach_page.locator("h1").inner_text()
    coach_page.get_by_role("link", name="Create an account to accept").click()
    assert coach_page.input_value("#id_email") == COACH_EMAIL
    coach_page.fill("#id_display_name", "Grace")
    coach_page.fill("#id_password1", COACH_PASSWORD)
    coach_page.fill("#id_password2", COACH_PASSWORD)
    coach_page.get_by_role("button", name="Sign up").click()
    coach_page.get_by_role("button", name="Accept the invitation").click()

    # Accepting opens the mentee.
    coach_page.get_by_role("heading", name="Coaching Ada").wait_for()
    coach = User.objects.get(email=COACH_EMAIL)
    invitation = CoachInvitation.objects.get(creator=creator)
    assert invitation.status == CoachInvitation.Status.ACTIVE
    assert invitation.coach == coach

    # The coach opens the mentee's calendar, then the piece, and comments on it.
    coach_page.locator("#main").get_by_role("link", name="Calendar", exact=True).click()
    coach_page.get_by_role("heading", name="Ada\u2019s calendar").wait_for()
    coach_page.locator("article.tile").get_by_role("link", name=TITLE).click()
    coach_page.get_by_role("heading", name=TITLE, level=1).wait_for()
    coach_page.get_by_label("Comment").fill(COMMENT)
    coach_page.get_by_role("button", name="Comment").click()
    coach_page.get_by_text("Comment added.").wait_for()
    assert COMMENT in coach_page.locator("#comments").inner_text()

    # The creator sees the unread count in the navigation...
    page.reload()
    unread_badge(page).wait_for()
    assert unread_badge(page).inner_text() == "1"
    assert unread_badge(page).get_attribute("aria-label") == "1 unread notification"

    # ...opens the notification centre, and follows the notification to the comment.
    page.locator("#notification-count").click()
    page.get_by_role("heading", name="Notifications").wait_for()
    entry = page.locator("li.notification-unread")
    assert COMMENT in entry.inner_text()
    entry.get_by_role("button", name=f"Grace commented on “{TITLE}”").click()
    page.get_by_role("heading", name=TITLE, level=1).wait_for()
    comments = page.locator("#comments")
    assert COMMENT in comments.inner_text()
    assert "coach" in comments.locator(".badge").inner_text()

    assert Notification.objects.get(recipient=creator).read_at is not None
    page.reload()
    assert not unread_badge(page).count()
