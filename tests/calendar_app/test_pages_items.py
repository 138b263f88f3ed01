# ruff: noqa: RUF001  (Chinese text uses full-width punctuation)
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Comment, Notification
from calendar_app.models import ContentItem
from tests.calendar_app.factories import ChannelFactory, ContentItemFactory, TopicFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
HTMX = {"HX-Request": "true"}


def test_dragging_to_another_day_persists_and_keeps_the_time(owner_client, item):
    item.planned_for = datetime(2026, 3, 10, 23, 30, tzinfo=SHANGHAI)
    item.save()
    url = reverse("calendar_app:item_reschedule", args=[item.pk])

    response = owner_client.post(url, {"day": "2026-03-14"}, headers=HTMX)

    assert response.status_code == 204
    assert "calendar-changed" in response["HX-Trigger"]
    item.refresh_from_db()
    assert item.planned_for == datetime(2026, 3, 14, 23, 30, tzinfo=SHANGHAI)


def test_rescheduling_a_foreign_item_is_404_and_changes_nothing(owner_client):
    foreign = ContentItemFactory(creator=UserFactory())
    before = foreign.planned_for

    response = owner_client.post(
        reverse("calendar_app:item_reschedule", args=[foreign.pk]),
        {"day": "2026-03-14"},
        headers=HTMX,
    )

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.planned_for == before


def test_a_coach_cannot_reschedule(client, coach, item):
    client.force_login(coach)

    response = client.post(
        reverse("calendar_app:item_reschedule", args=[item.pk]), {"day": "2026-03-14"}
    )

    assert response.status_code == 404


@pytest.mark.parametrize("data", [{}, {"day": "not-a-date"}, {"day": "2026-02-30"}])
def test_a_bad_day_is_a_400_not_a_500(owner_client, item, data):
    response = owner_client.post(
        reverse("calendar_app:item_reschedule", args=[item.pk]), data, headers=HTMX
    )

    assert response.status_code == 400


def test_moving_a_published_item_keeps_its_published_date(owner_client, item):
    published = datetime(2026, 3, 1, 8, 0, tzinfo=SHANGHAI)
    item.status, item.published_at = "published", published
    item.save()

    owner_client.post(
        reverse("calendar_app:item_reschedule", args=[item.pk]), {"day": "2026-04-02"}
    )

    item.refresh_from_db()
    assert item.published_at == published
    assert timezone.localtime(item.planned_for, SHANGHAI).date() == date(2026, 4, 2)


def test_the_keyboard_form_without_javascript_redirects_back(owner_client, item):
    response = owner_client.post(
        reverse("calendar_app:item_reschedule", args=[item.pk]),
        {"day": "2026-03-14", "next": "/plan/?month=2026-03"},
    )

    assert response.status_code == 302 and response["Location"] == "/plan/?month=2026-03"


def test_moving_between_board_columns_and_publishing_stamps_the_date_once(owner_client, item):
    url = reverse("calendar_app:item_status", args=[item.pk])

    assert owner_client.post(url, {"status": "published"}, headers=HTMX).status_code == 204
    item.refresh_from_db()
    first = item.published_at
    assert item.status == "published" and first is not None
    owner_client.post(url, {"status": "review"}, headers=HTMX)
    owner_client.post(url, {"status": "published"}, headers=HTMX)
    item.refresh_from_db()
    assert item.published_at == first
    assert owner_client.post(url, {"status": "nonsense"}, headers=HTMX).status_code == 400


def test_item_page_shows_notes_comments_and_the_repurposing_tree(owner_client, owner, item):
    item.notes = "要点：分页注意力"
    item.save()
    zhihu = ChannelFactory(creator=owner, platform="zhihu", name="知乎")
    answer = ContentItemFactory(
        creator=owner, title="知乎回答版", repurposed_from=item, channel=zhihu
    )
    ContentItemFactory(creator=owner, title="Slides", repurposed_from=answer)

    page = owner_client.get(reverse("calendar_app:item_detail", args=[answer.pk])).content.decode()

    html = page[page.index('class="tree"') :]
    assert html.index("KV Cache 原理图解") < html.index("知乎回答版") < html.index("Slides")
    assert "Create derivative" in html
    notes = owner_client.get(reverse("calendar_app:item_detail", args=[item.pk])).content.decode()
    assert "要点：分页注意力" in notes


def test_one_action_creates_a_derivative(owner_client, owner, item):
    zhihu = ChannelFactory(creator=owner, platform="zhihu")

    response = owner_client.post(
        reverse("calendar_app:item_derive", args=[item.pk]),
        {"channel": zhihu.pk, "format": "answer"},
    )

    derivative = ContentItem.objects.get(repurposed_from=item)
    assert response["Location"] == reverse("calendar_app:item_detail", args=[derivative.pk])
    assert (derivative.title, derivative.channel, derivative.format, derivative.status) == (
        item.title,
        zhihu,
        "answer",
        "idea",
    )
    assert derivative.topic == item.topic


def test_a_derivative_on_the_same_channel_and_format_is_refused(owner_client, item):
    owner_client.post(
        reverse("calendar_app:item_derive", args=[item.pk]),
        {"channel": item.channel.pk, "format": item.format},
    )

    assert not ContentItem.objects.filter(repurposed_from=item).exists()


def test_coach_comments_and_the_mentee_sees_it(client, coach, owner_client, item):
    client.force_login(coach)

    page = client.get(reverse("calendar_app:item_detail", args=[item.pk])).content.decode()
    client.post(reverse("calendar_app:item_comment", args=[item.pk]), {"body": "加一张对比图"})

    assert "Create derivative" not in page and "/edit/" not in page
    comment = Comment.objects.get()
    assert (comment.author, comment.creator_id, comment.target) == (coach, item.creator_id, item)
    mentee_view = owner_client.get(
        reverse("calendar_app:item_detail", args=[item.pk])
    ).content.decode()
    assert "加一张对比图" in mentee_view and "Coach" in mentee_view
    # The mentee's notification leads to the piece (it had no link before).
    notification = Notification.objects.get(recipient=item.creator)
    assert notification.url == reverse("calendar_app:item_detail", args=[item.pk])


def test_an_empty_comment_is_refused(owner_client, item):
    owner_client.post(reverse("calendar_app:item_comment", args=[item.pk]), {"body": "  "})

    assert not Comment.objects.exists()


def test_create_and_edit_an_item_through_the_form(owner_client, owner, channel, topic):
    data = {
        "title": "Rust 异步运行时剖析",
        "topic": topic.pk,
        "channel": channel.pk,
        "format": "principles",
        "status": "draft",
        "planned_for": "2026-03-10T23:30",
        "word_count": "4000",
        "effort_hours": "6.5",
        "notes": "",
        "url": "",
    }

    response = owner_client.post(reverse("calendar_app:item_create"), data)

    item = ContentItem.objects.get()
    assert response.status_code == 302
    assert item.planned_for == datetime(2026, 3, 10, 23, 30, tzinfo=SHANGHAI)
    data.update(title="Rust 异步运行时剖析（修订）", status="published")
    owner_client.post(reverse("calendar_app:item_edit", args=[item.pk]), data)
    item.refresh_from_db()
    assert item.title.endswith("（修订）") and item.published_at is not None


def test_the_form_offers_and_accepts_only_own_topics(owner_client):
    foreign = TopicFactory(creator=UserFactory(), name="别人的话题")

    page = owner_client.get(reverse("calendar_app:item_create")).content.decode()
    response = owner_client.post(
        reverse("calendar_app:item_create"),
        {"title": "x", "topic": foreign.pk, "format": "principles", "status": "idea"},
    )

    assert "别人的话题" not in page
    assert response.status_code == 200 and not ContentItem.objects.exists()


def test_new_item_form_takes_the_day_from_the_calendar(owner_client):
    html = owner_client.get(
        reverse("calendar_app:item_create"), {"date": "2026-03-13"}
    ).content.decode()

    assert 'value="2026-03-13T09:00"' in html
    assert owner_client.get(reverse("calendar_app:item_create"), {"date": "x"}).status_code == 200


def test_delete_an_item(owner_client, item):
    owner_client.post(reverse("calendar_app:item_delete", args=[item.pk]))

    assert not ContentItem.objects.filter(pk=item.pk).exists()
