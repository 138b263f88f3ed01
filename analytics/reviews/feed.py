"""Reviews due, as events in the creator's iCalendar feed."""

from collections.abc import Iterator
from datetime import timedelta

import icalendar
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from analytics.models import Review
from calendar_app.sync.ical import make_event, uid_domain

# Past reviews stay in the feed for a quarter; older ones only clutter calendars.
HISTORY = timedelta(days=92)


def review_events(creator: User) -> Iterator[icalendar.Event]:
    reviews = Review.objects.filter(creator=creator, due_at__gte=timezone.now() - HISTORY).order_by(
        "due_at", "pk"
    )
    with translation.override(creator.language):
        for review in reviews:
            state = _("completed") if review.completed_at else _("to do")
            yield make_event(
                uid=f"review-{review.pk}@{uid_domain()}",
                summary=_("Review due: %(review)s") % {"review": review},
                start=review.due_at,
                end=review.due_at + timedelta(minutes=30),
                modified=review.updated_at,
                # Grows with every change, as RFC 5545 asks of SEQUENCE.
                sequence=int(review.updated_at.timestamp()),
                description=_("Status: %(state)s") % {"state": state},
                url=settings.SITE_URL + review.get_absolute_url(),
                categories=[_("review")],
            )
