"""Regressions found while writing the URL authorization matrix for the planning pages."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.calendar_app.factories import ContentItemFactory

pytestmark = pytest.mark.django_db


def test_the_item_list_refuses_a_bound_past_the_sane_range_without_a_500(owner_client, owner):
    """`end=9999-12-31` used to overflow (the day after it) into a 500; dates are now bounded
    to the years 1900-9000, so the filter says so and filters nothing."""
    ContentItemFactory(
        creator=owner,
        title="有日期",
        planned_for=datetime(2026, 3, 10, 20, 0, tzinfo=ZoneInfo("UTC")),
    )
    ContentItemFactory(creator=owner, title="没有日期", planned_for=None)

    response = owner_client.get(reverse("calendar_app:item_list") + "?end=9999-12-31")

    assert response.status_code == 200
    assert response.context["form"].errors["end"] == [
        "Give a date between the years 1900 and 9000."
    ]
    html = response.content.decode()
    assert "有日期" in html


def test_calendar_pages_only_answer_get(owner_client):
    for url in ("/plan/", "/plan/week/", "/plan/board/"):
        assert owner_client.post(url).status_code == 405
