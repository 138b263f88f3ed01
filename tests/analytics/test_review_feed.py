"""Reviews due appear in the creator's iCalendar feed."""

from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tokens import calendar_feed_token
from analytics.models import Review
from tests.analytics.conftest import open_reviews

pytestmark = pytest.mark.django_db


def _review_events(client, user) -> dict[str, icalendar.Event]:
    response = client.get(reverse("calendar_feed", kwargs={"token": calendar_feed_token(user)}))
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    return {
        str(e["uid"]): e for e in calendar.walk("VEVENT") if str(e["uid"]).startswith("review-")
    }


def test_reviews_due_are_events_in_the_feed_and_a_change_raises_the_sequence(client, owner):
    open_reviews(owner)
    soon = timezone.now() + timedelta(days=2)
    Review.objects.filter(creator=owner).update(due_at=soon)
    review = Review.objects.get(creator=owner, kind="weekly")
    uid = f"review-{review.pk}@127.0.0.1"

    event = _review_events(client, owner)[uid]

    assert event.decoded("dtstart") == soon.replace(microsecond=0)
    assert str(event["summary"]).startswith("Review due")
    assert str(event["url"]).endswith(review.get_absolute_url())
    Review.objects.filter(pk=review.pk).update(
        completed_at=timezone.now(), updated_at=review.updated_at + timedelta(minutes=1)
    )
    changed = _review_events(client, owner)[uid]
    assert int(changed["sequence"]) > int(event["sequence"])
    assert "completed" in str(changed["description"])


def test_other_creators_reviews_stay_out_of_the_feed(client, owner, other_creator):
    open_reviews(owner, other_creator)
    Review.objects.update(due_at=timezone.now() + timedelta(days=1))
    theirs = {f"review-{pk}@127.0.0.1" for pk in other_creator.reviews.values_list("pk", flat=True)}

    assert theirs and not theirs & set(_review_events(client, owner))
