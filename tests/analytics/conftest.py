from datetime import UTC, datetime

import pytest

from analytics.models import Review
from analytics.reviews import services
from tests.calendar_app.sync_fixtures import receiver  # noqa: F401  (the webhook receiver)

# Wednesday 4 March 2026, noon UTC: 20:00 in Shanghai, 04:00 in Los Angeles.
NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
JOINED = datetime(2025, 12, 1, tzinfo=UTC)


def open_reviews(*users, now: datetime = NOW) -> None:
    for user in users:
        if user.date_joined > JOINED:
            type(user).objects.filter(pk=user.pk).update(date_joined=JOINED)
            user.date_joined = JOINED
    services.reviews_open_and_prepare(now=now)


@pytest.fixture
def review(owner) -> Review:
    """The owner's weekly review of 23 February - 1 March 2026 (Shanghai), open."""
    open_reviews(owner)
    return Review.objects.get(creator=owner, kind="weekly")


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks
