"""The positioning checklist counts "every quarter" from the creator's local today, whoever
looks: a coach in another zone sees what the creator sees."""

from datetime import date, datetime

import pytest
from django.test import Client

from tests.clock import LOS_ANGELES, SHANGHAI, pinned, use_zone
from tests.positioning.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

# 00:30 on 1 April 2027 in Shanghai is still 31 March in Los Angeles. 90 days before 1 April
# is 1 January, so an assessment of 31 December is due again for the creator.
NOW = datetime(2027, 4, 1, 0, 30, tzinfo=SHANGHAI)
DUE = "Take the opinion-leader self-assessment (again every quarter)"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_coach_in_another_zone_sees_the_assessment_due_on_the_creators_day(owner, coach):
    with pinned("month-first-shanghai", NOW) as moment:
        use_zone(owner, moment)
        coach.timezone = LOS_ANGELES.key
        coach.save(update_fields=["timezone"])
        AssessmentFactory(creator=owner, assessed_on=date(2026, 12, 31))

        own = _client(owner).get("/positioning/")
        seen_by_coach = _client(coach).get(f"/positioning/mentees/{owner.pk}/")

    assert own.status_code == seen_by_coach.status_code == 200
    assert DUE in own.text
    assert DUE in seen_by_coach.text
