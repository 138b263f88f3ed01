# ruff: noqa: RUF001  (Chinese text uses full-width punctuation)
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from calendar_app import services
from calendar_app.models import ContentItem, Series
from calendar_app.tasks import extend_series_horizons
from tests.calendar_app.factories import ChannelFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _next_monday() -> date:
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


def _weekly(owner, **extra):
    fields = {
        "title": "周报 #{n}",
        "frequency": "weekly",
        "weekdays": [0],
        "time_of_day": time(23, 30),
        "starts_on": _next_monday(),
    }
    fields.update(extra)
    return services.series_create(creator=owner, **fields)


def _dates(series):
    return list(
        series.occurrences.order_by("occurrence_date").values_list("occurrence_date", flat=True)
    )


def test_a_series_materialises_its_occurrences_until_its_count(owner):
    series = _weekly(owner, count=3)

    items = list(series.occurrences.order_by("occurrence_date"))
    assert [i.title for i in items] == ["周报 #1", "周报 #2", "周报 #3"]
    first = timezone.localtime(items[0].planned_for, SHANGHAI)
    assert (first.date(), first.time()) == (series.starts_on, time(23, 30))
    assert services.series_materialise(series=series) == 0


def test_an_open_series_stops_at_the_half_year_horizon_and_the_beat_task_rolls_it(owner):
    series = _weekly(owner)
    last = max(_dates(series))
    assert last <= timezone.localdate() + timedelta(days=services.SERIES_HORIZON_DAYS)

    Series.objects.filter(pk=series.pk).update(starts_on=series.starts_on)
    services.series_materialise(series=series, until=last + timedelta(weeks=2))
    assert max(_dates(series)) == last + timedelta(weeks=2)
    assert extend_series_horizons.delay().get() == 0  # idempotent: nothing new today


def test_skip_one_occurrence_hides_it_and_it_is_not_regenerated(owner):
    series = _weekly(owner, count=3)
    second = series.occurrences.order_by("occurrence_date")[1]

    services.content_item_skip(item=second)
    services.series_materialise(series=series)

    assert series.occurrences.count() == 3
    assert list(ContentItem.objects.visible().filter(series=series)) == list(
        series.occurrences.exclude(pk=second.pk)
    )


def test_move_one_occurrence_leaves_the_others(owner):
    series = _weekly(owner, count=3)
    first, second, third = series.occurrences.order_by("occurrence_date")
    others = {first.pk: first.planned_for, third.pk: third.planned_for}

    services.content_item_reschedule(item=second, day=second.occurrence_date + timedelta(days=2))
    services.series_materialise(series=series)

    assert series.occurrences.count() == 3
    second.refresh_from_db()
    assert timezone.localtime(second.planned_for, SHANGHAI).date() == (
        second.occurrence_date + timedelta(days=2)
    )
    for pk, planned in others.items():
        assert ContentItem.objects.get(pk=pk).planned_for == planned


def test_edit_one_occurrence_and_change_the_rule(owner):
    series = _weekly(owner, count=3)
    second = series.occurrences.order_by("occurrence_date")[1]
    services.content_item_update(item=second, title="特别版：年度回顾")

    services.series_update(series=series, weekdays=[2], title="Weekly #{n}")

    titles = list(series.occurrences.order_by("planned_for").values_list("title", flat=True))
    assert "特别版：年度回顾" in titles
    assert series.occurrences.count() == 3
    untouched = series.occurrences.exclude(pk=second.pk)
    assert all(i.planned_for.astimezone(SHANGHAI).weekday() == 2 for i in untouched)
    assert all(i.title.startswith("Weekly #") for i in untouched)


def test_a_monthly_series_ending_on_a_date(owner):
    start = timezone.localdate().replace(day=1) + timedelta(days=40)
    series = services.series_create(
        creator=owner,
        title="月度复盘 {date}",
        frequency="monthly",
        month_day=31,
        time_of_day=time(10, 0),
        starts_on=start.replace(day=1),
        ends_on=start.replace(day=1) + timedelta(days=75),
    )

    assert len(_dates(series)) == 2
    assert all(d.day >= 28 for d in _dates(series))


def test_ending_a_series_keeps_what_was_started(owner):
    series = _weekly(owner, count=4)
    started = series.occurrences.order_by("occurrence_date").first()
    services.content_item_move_status(item=started, status="draft")

    services.series_delete(series=series)

    assert list(ContentItem.objects.values_list("pk", flat=True)) == [started.pk]


@pytest.mark.parametrize(
    "bad",
    [
        {"weekdays": []},
        {"weekdays": [9]},
        {"frequency": "monthly", "month_day": None},
        {"ends_on": date(2000, 1, 1)},
        {"interval": 0},
    ],
)
def test_invalid_rules_are_refused(owner, bad):
    with pytest.raises(ValidationError):
        _weekly(owner, **bad)
    assert not Series.objects.exists()


def test_a_foreign_channel_is_refused(owner):
    with pytest.raises(ValidationError) as error:
        _weekly(owner, channel=ChannelFactory(creator=UserFactory()))
    assert "channel" in error.value.message_dict


def test_series_pages_create_and_edit(owner_client, owner):
    start = (timezone.localdate() + timedelta(days=1)).isoformat()
    data = {
        "title": "Bilibili 直播 #{n}",
        "format": "video",
        "frequency": "weekly",
        "interval": "2",
        "weekdays": ["1", "3"],
        "time_of_day": "20:00",
        "starts_on": start,
        "count": "6",
    }

    response = owner_client.post(reverse("calendar_app:series"), data)

    series = Series.objects.get()
    assert response.status_code == 302 and series.occurrences.count() == 6
    data["count"] = "2"
    owner_client.post(reverse("calendar_app:series_edit", args=[series.pk]), data)
    assert series.occurrences.count() == 2
    page = owner_client.get(reverse("calendar_app:series_edit", args=[series.pk])).content.decode()
    assert "Bilibili 直播 #1" in page


def test_series_form_reports_a_missing_weekday(owner_client):
    response = owner_client.post(
        reverse("calendar_app:series"),
        {
            "title": "x",
            "format": "video",
            "frequency": "weekly",
            "interval": "1",
            "time_of_day": "20:00",
            "starts_on": "2026-03-01",
        },
    )

    assert (
        response.status_code == 200 and "Choose at least one weekday" in response.content.decode()
    )


def test_only_occurrences_can_be_skipped_and_occurrences_are_not_deleted(owner, item, series):
    with pytest.raises(ValidationError):
        services.content_item_skip(item=item)
    with pytest.raises(ValidationError):
        services.content_item_delete(item=series.occurrences.first())


@time_machine.travel(datetime(2026, 3, 2, 12, 0, tzinfo=SHANGHAI), tick=False)
def test_occurrence_at_23_30_lands_on_its_local_day(owner):
    # A series starts at most a year ago, so "now" is pinned a week before the start.
    series = _weekly(owner, count=1, starts_on=date(2026, 3, 9))

    item = series.occurrences.get()
    assert item.planned_for == datetime(2026, 3, 9, 23, 30, tzinfo=SHANGHAI)
    assert item.planned_for.astimezone(ZoneInfo("UTC")).day == 9
