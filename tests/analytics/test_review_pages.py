# ruff: noqa: RUF001  (Chinese punctuation is intended)
"""Review pages: the owner works on a review; an active coach reads and comments."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Comment, Notification
from analytics.models import Review, ReviewItem, ReviewTemplate
from calendar_app.models import ContentItem, WebhookEvent
from calendar_app.sync import webhooks
from tests.analytics.conftest import open_reviews
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_owner_sees_the_checklist_summary_and_reflection(owner_client, review):
    html = owner_client.get(review.get_absolute_url()).content.decode()

    assert "Publish one deep piece" in html
    assert "Published 0 of a target of 1" in html
    assert "Follower numbers are not available yet." in html
    assert 'name="went_well"' in html


def test_an_item_toggles_with_htmx(owner_client, review):
    item = review.items.first()
    url = reverse("analytics:review_item_toggle", args=[review.pk, item.pk])

    response = owner_client.post(url, {"done": "1"}, **HTMX)

    assert response.status_code == 200
    assert 'id="review-item-' in response.content.decode()
    assert "<html" not in response.content.decode()
    item.refresh_from_db()
    assert item.done
    owner_client.post(url, {}, **HTMX)
    item.refresh_from_db()
    assert not item.done


def test_an_item_of_another_review_is_not_toggled(owner_client, review):
    other = UserFactory()
    open_reviews(other)
    foreign = ReviewItem.objects.filter(review__creator=other).first()

    response = owner_client.post(
        reverse("analytics:review_item_toggle", args=[review.pk, foreign.pk]), {"done": "1"}
    )

    assert response.status_code == 302
    foreign.refresh_from_db()
    assert not foreign.done


def test_the_reflection_is_saved_and_the_review_completed(owner_client, review):
    url = reverse("analytics:review_reflection", args=[review.pk])
    data = {
        "went_well": "写了一篇长文",
        "went_badly": "No video",
        "next_focus": "GPU 推理\nKV cache",
    }

    response = owner_client.post(url, {**data, "complete": "1"})

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.went_well == "写了一篇长文"
    assert review.completed_at is not None
    html = owner_client.get(review.get_absolute_url()).content.decode()
    assert "Reopen the review" in html


def test_too_long_a_reflection_is_refused_without_a_500(owner_client, review):
    url = reverse("analytics:review_reflection", args=[review.pk])

    response = owner_client.post(url, {"went_well": "x" * 6000})

    assert response.status_code == 400


def test_the_next_focus_becomes_content_ideas_for_the_next_period(owner_client, owner, review):
    review.next_focus = "- GPU 推理优化\n- KV cache\n\n- GPU 推理优化"
    review.save()
    url = reverse("analytics:review_ideas", args=[review.pk])

    owner_client.post(url)
    owner_client.post(url)

    ideas = ContentItem.objects.filter(creator=owner, status="idea").order_by("title")
    assert [idea.title for idea in ideas] == ["GPU 推理优化", "KV cache"]
    next_week_start = review.ends_at
    assert all(idea.planned_for == next_week_start for idea in ideas)


def test_ideas_from_a_review_are_announced_to_webhooks(
    owner_client, owner, review, receiver, django_capture_on_commit_callbacks
):
    webhooks.endpoint_create(creator=owner, url=receiver.url, events=[WebhookEvent.CREATED])
    review.next_focus = "- GPU 推理优化\n- KV cache\n- 量化"
    review.save()

    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(reverse("analytics:review_ideas", args=[review.pk]))

    events = [request["headers"]["X-Sweetspot-Event"] for request in receiver.requests]
    assert events == ["content_item.created"] * 3
    announced = {receiver.json(n)["data"]["id"] for n in range(3)}
    assert announced == set(ContentItem.objects.filter(creator=owner).values_list("pk", flat=True))
    titles = {receiver.json(n)["data"]["title"] for n in range(3)}
    assert titles == {"GPU 推理优化", "KV cache", "量化"}


def test_ideas_from_a_review_take_as_many_queries_for_six_as_for_one(owner_client, review):
    url = reverse("analytics:review_ideas", args=[review.pk])
    counts = []
    for focus in ("- 一", "- A\n- B\n- C\n- D\n- E\n- F"):
        Review.objects.filter(pk=review.pk).update(next_focus=focus)
        with CaptureQueriesContext(connection) as queries:
            owner_client.post(url)
        counts.append(len(queries))

    assert ContentItem.objects.count() == 7
    assert counts[0] == counts[1]


def test_ideas_need_a_next_focus(owner_client, review):
    response = owner_client.post(reverse("analytics:review_ideas", args=[review.pk]), follow=True)

    assert "Write your next focus first" in response.content.decode()
    assert not ContentItem.objects.exists()


def test_past_reviews_are_searchable_in_chinese(owner_client, owner):
    open_reviews(owner)
    Review.objects.filter(kind="weekly").update(went_well="坚持写作 consistency")
    url = reverse("analytics:reviews")

    found = owner_client.get(url, {"q": "坚持"}, **HTMX).content.decode()
    missing = owner_client.get(url, {"q": "视频"}, **HTMX).content.decode()

    assert "Weekly review" in found and "Monthly review" not in found
    assert "<html" not in found
    assert "No review mentions" in missing


def test_the_review_list_is_paginated(owner_client, owner):
    open_reviews(owner)
    base = Review.objects.get(kind="weekly")
    for week in range(1, 25):
        Review.objects.create(
            creator=owner,
            kind="weekly",
            period_start=base.period_start - timedelta(weeks=week),
            period_end=base.period_end - timedelta(weeks=week),
            starts_at=base.starts_at,
            ends_at=base.ends_at,
            due_at=base.due_at,
            prepared_at=base.prepared_at,
        )

    first = owner_client.get(reverse("analytics:reviews")).content.decode()
    second = owner_client.get(reverse("analytics:reviews"), {"page": 2}).content.decode()

    assert "Page 1 of 2" in first and "Page 2 of 2" in second


def test_the_review_list_takes_the_same_queries_for_more_reviews(
    owner_client, owner, django_assert_max_num_queries
):
    open_reviews(owner)
    with django_assert_max_num_queries(12):
        owner_client.get(reverse("analytics:reviews"))
    base = Review.objects.get(kind="weekly")
    for week in range(1, 15):
        Review.objects.create(
            creator=owner,
            kind="weekly",
            period_start=base.period_start - timedelta(weeks=week),
            period_end=base.period_end - timedelta(weeks=week),
            starts_at=base.starts_at,
            ends_at=base.ends_at,
            due_at=base.due_at,
            prepared_at=base.prepared_at,
        )
    with django_assert_max_num_queries(12):
        owner_client.get(reverse("analytics:reviews"))


def test_a_creator_edits_their_checklist_templates(owner_client, owner):
    url = reverse("analytics:review_templates_kind", args=["monthly"])

    owner_client.post(url, {"text": "复盘 B 站视频"}, **HTMX)
    item_url = reverse("analytics:review_template_item", args=["monthly", 5])
    owner_client.post(item_url, {"action": "up"}, **HTMX)
    owner_client.post(
        reverse("analytics:review_template_item", args=["monthly", 0]), {"action": "remove"}
    )

    template = ReviewTemplate.objects.get(creator=owner, kind="monthly")
    texts = list(template.items.values_list("text", flat=True))
    assert texts[0] == "Analyse why the best and worst pieces performed as they did"
    assert texts[3] == "复盘 B 站视频"
    assert texts[4] == "Update the skill tree and learning plan"
    assert len(texts) == 5

    owner_client.post(
        reverse("analytics:review_template_item", args=["monthly", 0]), {"action": "reset"}
    )
    assert not ReviewTemplate.objects.filter(creator=owner, kind="monthly").exists()


def test_template_editing_rejects_bad_input_without_a_500(owner_client):
    add = reverse("analytics:review_templates_kind", args=["weekly"])

    assert owner_client.post(add, {"text": ""}).status_code == 400
    assert owner_client.post(add, {"text": "x" * 400}).status_code == 400
    bad = reverse("analytics:review_template_item", args=["weekly", 99])
    assert owner_client.post(bad, {"action": "remove"}).status_code == 302
    assert (
        owner_client.get(reverse("analytics:review_templates_kind", args=["yearly"])).status_code
        == 200
    )


def test_the_coach_reads_a_review_read_only_and_comments(page_actors, review, owner, coach):
    html = page_actors["coach"].get(review.get_absolute_url()).content.decode()
    assert 'name="went_well"' not in html
    assert 'type="checkbox"' not in html
    assert "read-only" in html

    response = page_actors["coach"].post(
        reverse("analytics:review_comment", args=[review.pk]), {"body": "这周写得不错！"}
    )

    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.author, comment.creator) == (coach, owner)
    notification = Notification.objects.get(recipient=owner)
    assert notification.kind == "comment"
    assert notification.url == review.get_absolute_url()
    assert "Coach commented on" in notification.title


def test_the_owners_own_comment_notifies_nobody(owner_client, review):
    owner_client.post(reverse("analytics:review_comment", args=[review.pk]), {"body": "note"})

    assert Comment.objects.count() == 1
    assert not Notification.objects.exists()


def test_an_empty_comment_is_refused(owner_client, review):
    response = owner_client.post(
        reverse("analytics:review_comment", args=[review.pk]), {"body": " "}
    )

    assert response.status_code == 400


def test_the_mentee_page_lists_reviews_for_the_coach(page_actors, review, owner):
    url = reverse("analytics:mentee_reviews", args=[owner.pk])

    html = page_actors["coach"].get(url, **HTMX).content.decode()

    assert "Weekly review" in html
    assert "/coaching/mentees/" not in html  # the fragment only
    mentee_page = page_actors["coach"].get(reverse("accounts:mentee", args=[owner.pk]))
    assert url in mentee_page.content.decode()


def test_the_dashboard_loads_the_open_reviews_panel(owner_client, review):
    dashboard = owner_client.get("/").content.decode()
    panel = owner_client.get(reverse("analytics:review_panel")).content.decode()

    assert reverse("analytics:review_panel") in dashboard
    assert str(review) in panel


def test_review_pages_satisfy_the_content_security_policy(owner_client, review):
    for url in (
        reverse("analytics:reviews"),
        review.get_absolute_url(),
        reverse("analytics:review_templates"),
        reverse("accounts:notifications"),
    ):
        html = owner_client.get(url).content.decode()
        assert " style=" not in html
        assert "<script>" not in html
        assert " hx-on" not in html


def test_the_demo_seed_creates_reviews_once():
    from django.core.management import call_command

    call_command("seed_demo")
    notifications = Notification.objects.filter(kind="comment").count()
    call_command("seed_demo")

    assert Review.objects.count() == 2
    assert Review.objects.filter(completed_at__isnull=False).count() == 1
    review_type = ContentType.objects.get_for_model(Review)
    assert Comment.objects.filter(target_type=review_type).count() == 1
    assert notifications >= 1
    assert Notification.objects.filter(kind="comment").count() == notifications
