from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from calendar_app.models import ContentItem
from tests.calendar_app.factories import ChannelFactory, ContentItemFactory, TopicFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _tiles(html: str) -> int:
    return html.count('class="tile ')


def test_an_item_at_23_30_shanghai_shows_on_its_local_day(owner_client, owner):
    owner.timezone = "Asia/Shanghai"
    owner.save()
    # 23:30 on 10 March in Shanghai is 15:30 UTC the same day; 00:30 on 11 March is the
    # evening of the 10th in UTC: the calendar must use the creator's day for both.
    ContentItemFactory(
        creator=owner, title="深夜发布", planned_for=datetime(2026, 3, 10, 23, 30, tzinfo=SHANGHAI)
    )
    ContentItemFactory(
        creator=owner, title="凌晨发布", planned_for=datetime(2026, 3, 11, 0, 30, tzinfo=SHANGHAI)
    )

    html = owner_client.get(reverse("calendar_app:week") + "?week=2026-03-09").content.decode()

    tenth = html.index('data-drop-date="2026-03-10"')
    eleventh = html.index('data-drop-date="2026-03-11"')
    twelfth = html.index('data-drop-date="2026-03-12"')
    assert tenth < html.index("深夜发布") < eleventh
    assert eleventh < html.index("凌晨发布") < twelfth
    assert ">23:30</time>" in html


def test_month_view_shows_items_with_channel_status_and_time(owner_client, owner, item):
    item.planned_for = datetime(2026, 3, 5, 20, 0, tzinfo=SHANGHAI)
    item.save()

    html = owner_client.get(reverse("calendar_app:month") + "?month=2026-03").content.decode()

    assert "KV Cache 原理图解" in html
    assert "ch-blog" in html and "st-draft" in html and ">20:00</time>" in html
    assert 'draggable="true"' in html
    assert 'name="day"' in html  # the keyboard way to move it


def test_month_navigation_returns_the_fragment_for_htmx(owner_client):
    response = owner_client.get(
        reverse("calendar_app:month") + "?month=2026-04", headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="calendar"')
    assert "<html" not in html
    assert "month=2026-05" in html and "month=2026-03" in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("value", ["garbage", "2026-13", "99999-01", "0001-01"])
def test_bad_month_or_week_falls_back_to_today(owner_client, value):
    assert owner_client.get(reverse("calendar_app:month"), {"month": value}).status_code == 200
    assert owner_client.get(reverse("calendar_app:week"), {"week": value}).status_code == 200


def test_empty_calendar_says_so(owner_client):
    html = owner_client.get(reverse("calendar_app:month")).content.decode()

    assert "Nothing planned this month yet" in html


def test_skipped_occurrences_are_hidden(owner_client, owner, series):
    occurrence = series.occurrences.order_by("occurrence_date").first()
    occurrence.skipped = True
    occurrence.save()
    month = occurrence.planned_for.astimezone(SHANGHAI).strftime("%Y-%m")

    html = owner_client.get(reverse("calendar_app:month"), {"month": month}).content.decode()

    assert f'href="/plan/items/{occurrence.pk}/"' not in html


def test_board_groups_items_by_status(owner_client, owner):
    ContentItemFactory(creator=owner, title="草稿一篇", status="draft")
    ContentItemFactory(creator=owner, title="Old one", status="archived")

    html = owner_client.get(reverse("calendar_app:board")).content.decode()

    assert html.index('data-drop-status="draft"') < html.index("草稿一篇")
    assert html.index("草稿一篇") < html.index('data-drop-status="review"')
    assert "Old one" not in html
    assert (
        "Old one"
        in owner_client.get(reverse("calendar_app:board") + "?archived=1").content.decode()
    )


def test_backlog_lists_ideas_only(owner_client, owner):
    ContentItemFactory(creator=owner, title="一个想法", status="idea", planned_for=None)
    ContentItemFactory(creator=owner, title="A draft", status="draft")

    html = owner_client.get(reverse("calendar_app:backlog")).content.decode()

    assert "一个想法" in html and "A draft" not in html


def test_list_searches_chinese_and_english_and_filters(owner_client, owner, channel):
    ContentItemFactory(creator=owner, title="大模型推理优化实战", channel=channel)
    ContentItemFactory(creator=owner, title="Rust async deep dive", status="published")
    ContentItemFactory(creator=owner, title="Notes", notes="讨论推理延迟")
    ContentItemFactory(creator=UserFactory(), title="别人的推理文章")
    url = reverse("calendar_app:item_list")

    html = owner_client.get(url, {"q": "推理"}).content.decode()
    assert "大模型推理优化实战" in html and "Notes" in html
    assert "Rust async" not in html and "别人的" not in html
    assert "Rust async" in owner_client.get(url, {"q": "ASYNC"}).content.decode()
    by_status = owner_client.get(url, {"status": "published"}).content.decode()
    assert "Rust async" in by_status and "大模型" not in by_status
    by_channel = owner_client.get(url, {"channel": channel.pk}).content.decode()
    assert "大模型" in by_channel and "Rust async" not in by_channel


def test_list_ignores_bad_filters_and_paginates(owner_client, owner):
    ContentItemFactory.create_batch(55, creator=owner)
    url = reverse("calendar_app:item_list")

    assert owner_client.get(url, {"channel": "abc", "start": "nope"}).status_code == 200
    second = owner_client.get(url, {"page": "2"}).content.decode()
    assert "Page 2 of 2" in second
    assert owner_client.get(url, {"page": "999"}).status_code == 200


def test_dashboard_panel_lists_this_weeks_items(owner_client, owner):
    ContentItemFactory(creator=owner, title="本周要发的", planned_for=timezone.now())

    html = owner_client.get("/").content.decode()

    assert "本周要发的" in html


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 6, 20, 12, 0, tzinfo=SHANGHAI),  # the recent pieces are in this month
        datetime(2026, 7, 1, 0, 30, tzinfo=SHANGHAI),  # ... all in the month before
        datetime(2027, 1, 4, 9, 0, tzinfo=SHANGHAI),  # ... split across the year's turn
    ],
    ids=["mid-month", "first-of-month", "after-new-year"],
)
def test_balance_panel_covers_the_month_shown_and_depth_the_last_eight_weeks(
    owner_client, owner, now
):
    """The layer mix and the effort split describe the month on the page (the plan being
    looked at); the depth warning is a rolling window of the last eight weeks, whatever
    month is shown."""
    owner.weekly_target = 1
    owner.save()
    market = TopicFactory(creator=owner, market_demand=5, layer="technique")
    interest = TopicFactory(creator=owner, market_demand=2, layer="frontier")
    with time_machine.travel(now, tick=False):
        owner_client.force_login(owner)  # a session opened at the pinned day
        for weeks_ago in (5, 6):
            moment = now - timedelta(weeks=weeks_ago)
            ContentItemFactory(
                creator=owner,
                status="published",
                topic=market,
                word_count=5000,
                published_at=moment,
                planned_for=moment,
            )
        recent_months = set()
        for days_ago in (1, 3, 8, 10):
            moment = now - timedelta(days=days_ago)
            recent_months.add(f"{moment:%Y-%m}")
            ContentItemFactory(
                creator=owner,
                status="published",
                topic=interest,
                word_count=800,
                effort_hours=2,
                published_at=moment,
                planned_for=moment,
            )

        current = owner_client.get(reverse("calendar_app:month")).content.decode()
        pages = {
            month: owner_client.get(
                reverse("calendar_app:month"), {"month": month}
            ).content.decode()
            for month in recent_months
        }

    assert "Output is rising" in current
    assert ("layer-frontier" in current) == (f"{now:%Y-%m}" in recent_months)
    if f"{now:%Y-%m}" not in recent_months:
        assert "No pieces with a topic in this period yet." in current
    for html in pages.values():
        assert "Layer mix" in html and "layer-frontier" in html
        assert "below 80%" in html
        assert "Output is rising" in html


def test_week_shows_target_met_or_missed(owner_client, owner):
    owner.weekly_target = 1
    owner.save()
    last_week = timezone.localdate() - timedelta(days=7)
    monday = last_week - timedelta(days=last_week.weekday())
    html = owner_client.get(reverse("calendar_app:week"), {"week": monday.isoformat()})
    assert "missed" in html.content.decode()

    ContentItemFactory(
        creator=owner,
        status="published",
        published_at=datetime.combine(monday, datetime.min.time(), tzinfo=SHANGHAI)
        + timedelta(hours=12),
    )
    html = owner_client.get(reverse("calendar_app:week"), {"week": monday.isoformat()})
    assert ">met<" in html.content.decode()


def test_coach_sees_the_mentees_calendar_and_board_read_only(client, coach, owner, item):
    client.force_login(coach)
    month = timezone.localtime(item.planned_for, owner.tzinfo).strftime("%Y-%m")

    calendar = client.get(
        reverse("calendar_app:mentee_month", args=[owner.pk]), {"month": month}
    ).content.decode()
    board = client.get(reverse("calendar_app:mentee_board", args=[owner.pk])).content.decode()

    for html in (calendar, board):
        assert "KV Cache 原理图解" in html
        assert 'draggable="true"' not in html
        assert "item_reschedule" not in html and "/reschedule/" not in html
    mentee_page = client.get(reverse("accounts:mentee", args=[owner.pk])).content.decode()
    assert reverse("calendar_app:mentee_month", args=[owner.pk]) in mentee_page


def test_mentee_calendar_uses_the_mentees_time_zone(client, coach, owner):
    coach.timezone = "America/Los_Angeles"
    coach.save()
    ContentItemFactory(
        creator=owner, title="深夜发布", planned_for=datetime(2026, 3, 10, 23, 30, tzinfo=SHANGHAI)
    )
    client.force_login(coach)

    html = client.get(
        reverse("calendar_app:mentee_week", args=[owner.pk]), {"week": "2026-03-09"}
    ).content.decode()

    assert html.index('data-drop-date="2026-03-10"') < html.index("深夜发布")
    assert html.index("深夜发布") < html.index('data-drop-date="2026-03-11"')


def test_quick_add_on_a_day_refreshes_the_calendar(owner_client, owner, channel):
    response = owner_client.post(
        reverse("calendar_app:quick_add"),
        {"title": "周五的短文", "day": "2026-03-13", "channel": channel.pk},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 204
    assert "calendar-changed" in response["HX-Trigger"]
    item = ContentItem.objects.get(title="周五的短文")
    assert timezone.localtime(item.planned_for, SHANGHAI).date() == date(2026, 3, 13)
    assert item.channel == channel and item.status == "idea"


def test_quick_add_refuses_a_foreign_channel_and_a_missing_title(owner_client):
    foreign = ChannelFactory(creator=UserFactory())
    url = reverse("calendar_app:quick_add")

    bad_channel = owner_client.post(
        url,
        {"title": "x", "day": "2026-03-13", "channel": foreign.pk},
        headers={"HX-Request": "true"},
    )
    no_title = owner_client.post(url, {"day": "2026-03-13"}, headers={"HX-Request": "true"})

    assert bad_channel.status_code == no_title.status_code == 400
    assert not ContentItem.objects.exists()


def test_quick_add_points_at_today_on_the_current_month(owner_client, owner):
    from django.utils import timezone

    page = owner_client.get("/plan/").content.decode()

    today = timezone.localtime(timezone.now(), owner.tzinfo).date()
    assert f'id="qa-day" type="date" name="day" required value="{today:%Y-%m-%d}"' in page


def test_tiles_escape_what_creators_type(owner_client, owner):
    from django.utils import timezone

    from tests.calendar_app.factories import ChannelFactory, ContentItemFactory

    channel = ChannelFactory(creator=owner, name='<b>"博客"</b>')
    ContentItemFactory(
        creator=owner,
        channel=channel,
        title='<script>alert("x")</script> & 标题',
        planned_for=timezone.now(),
    )

    day = timezone.localtime(timezone.now(), owner.tzinfo).date()
    for url in ("/plan/", "/plan/week/", "/plan/board/", f"/plan/day/{day}/"):
        # Tiles are Jinja2 (markupsafe writes a quote as &#34;), the rest Django (&quot;).
        html = owner_client.get(url).content.decode().replace("&#34;", "&quot;")
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 标题" in html
        assert "&lt;b&gt;&quot;博客&quot;&lt;/b&gt;" in html


def test_month_grid_cells_mark_other_months_today_and_offer_an_add_link(
    owner_client, owner, client, coach
):
    today = timezone.localtime(timezone.now(), owner.tzinfo).date()
    html = owner_client.get("/plan/").content.decode()

    # March 2026 starts on a Sunday: the grid opens on Monday 23 February, outside the month.
    march = owner_client.get("/plan/", {"month": "2026-03"}).content.decode()
    assert '<td class="day day-outside" data-drop-date="2026-02-23">' in march
    assert '<td class="day" data-drop-date="2026-03-02">' in march
    assert '<span class="day-number">2</span>' in march
    assert f'href="{reverse("calendar_app:item_create")}?date=2026-03-02"' in march
    assert "Add a piece on 2026-03-02" in march
    assert f'day-today" data-drop-date="{today:%Y-%m-%d}"' in html
    assert "day-today" not in march  # today (2026-11-26 or later) is not in its grid

    owner.language = "zh-hans"
    owner.save()
    chinese = owner_client.get("/plan/", {"month": "2026-03"}).content.decode()
    assert 'title="在这一天添加内容"' in chinese and "添加内容于 2026-03-02" in chinese

    client.force_login(coach)
    readonly = client.get(
        reverse("calendar_app:mentee_month", args=[owner.pk]), {"month": "2026-03"}
    ).content.decode()
    assert 'data-drop-date="2026-03-02"' in readonly
    assert "day-add" not in readonly


def test_board_columns_show_their_first_cards_and_count_the_rest(
    owner_client, owner, monkeypatch, client, coach
):
    from calendar_app.selectors import lists

    monkeypatch.setattr(lists, "BOARD_COLUMN_LIMIT", 2)
    for day in (12, 10, 11):
        when = datetime(2026, 3, day, 9, 0, tzinfo=SHANGHAI)
        ContentItemFactory(creator=owner, title=f"草稿 {day}", status="draft", planned_for=when)
        ContentItemFactory(creator=owner, title=f"已发 {day}", status="published", planned_for=when)

    html = owner_client.get(reverse("calendar_app:board")).content.decode()

    # In progress: soonest first; published: latest first; the third card is counted, not shown.
    assert html.index("草稿 10") < html.index("草稿 11") and "草稿 12" not in html
    assert html.index("已发 12") < html.index("已发 11") and "已发 10" not in html
    assert '<span class="status status-draft">draft</span> <span class="muted">3</span>' in html
    assert html.count("1 more piece") == 2
    assert f'href="{reverse("calendar_app:item_list")}?status=draft"' in html
    listed = owner_client.get(reverse("calendar_app:item_list"), {"status": "draft"})
    assert "草稿 12" in listed.content.decode()

    client.force_login(coach)
    readonly = client.get(reverse("calendar_app:mentee_board", args=[owner.pk])).content.decode()
    assert "1 more piece" in readonly and "?status=draft" not in readonly
