"""REST: reviews/ (GET, PATCH) and mentees/{id}/reviews/ for active coaches."""

import pytest

from analytics.models import Review, ReviewItem
from tests.analytics.conftest import open_reviews
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/reviews/"


def _detail(review) -> str:
    return f"/api/v1/reviews/{review.pk}/"


def test_a_creator_lists_only_their_own_reviews(owner_api, owner):
    other = UserFactory()
    open_reviews(owner, other)

    data = owner_api.get(LIST).json()

    assert data["count"] == 3
    review = data["results"][0]
    assert set(review) >= {
        "id",
        "kind",
        "period_start",
        "period_end",
        "due_at",
        "items",
        "reflection",
        "completed_at",
        "summary",
    }
    assert review["items"][0].keys() == {"id", "text", "done"}
    assert review["reflection"] == {"went_well": "", "went_badly": "", "next_focus": ""}
    assert review["summary"]["published"]["target"] >= 1


def test_reviews_filter_by_kind_and_search(owner_api, owner):
    open_reviews(owner)
    Review.objects.filter(kind="monthly").update(next_focus="写 CUDA 系列")

    assert owner_api.get(LIST, {"kind": "weekly"}).json()["count"] == 1
    assert [r["kind"] for r in owner_api.get(LIST, {"search": "CUDA"}).json()["results"]] == [
        "monthly"
    ]


def test_patch_ticks_items_writes_the_reflection_and_completes(owner_api, review):
    item = review.items.first()

    response = owner_api.patch(
        _detail(review),
        {
            "items": [{"id": item.pk, "done": True}],
            "reflection": {"went_well": "两篇文章", "next_focus": "视频"},
            "completed": True,
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["items"][0]["done"] is True
    assert body["reflection"]["went_well"] == "两篇文章"
    assert body["completed_at"] is not None
    assert response["ETag"]


def test_patch_refuses_an_item_of_another_review(owner_api, review):
    other = UserFactory()
    open_reviews(other)
    foreign = ReviewItem.objects.filter(review__creator=other).first()

    response = owner_api.patch(
        _detail(review), {"items": [{"id": foreign.pk, "done": True}]}, format="json"
    )

    assert response.status_code == 400
    assert "items" in response.json()
    foreign.refresh_from_db()
    assert not foreign.done


@pytest.mark.parametrize(
    "payload",
    [
        {"items": "nope"},
        {"items": [{"id": "x", "done": True}]},
        {"reflection": {"went_well": "x" * 6000}},
        {"completed": "maybe"},
        {"reflection": "text"},
    ],
)
def test_bad_input_is_a_400_not_a_500(owner_api, review, payload):
    assert owner_api.patch(_detail(review), payload, format="json").status_code == 400


def test_read_only_fields_are_ignored(owner_api, review):
    owner_api.patch(
        _detail(review), {"kind": "quarterly", "period_start": "2020-01-01"}, format="json"
    )

    review.refresh_from_db()
    assert review.kind == "weekly"


def test_a_stale_if_match_answers_412_and_changes_nothing(owner_api, review):
    etag = owner_api.get(_detail(review))["ETag"]
    owner_api.patch(_detail(review), {"reflection": {"went_well": "first"}}, format="json")

    response = owner_api.patch(
        _detail(review),
        {"reflection": {"went_well": "second"}},
        format="json",
        HTTP_IF_MATCH=etag,
    )

    assert response.status_code == 412
    review.refresh_from_db()
    assert review.went_well == "first"


def test_a_matching_if_match_is_accepted(owner_api, review):
    etag = owner_api.get(_detail(review))["ETag"]

    response = owner_api.patch(
        _detail(review), {"reflection": {"went_well": "ok"}}, format="json", HTTP_IF_MATCH=etag
    )

    assert response.status_code == 200
    assert response["ETag"] != etag


def test_a_write_token_may_patch(token_api, write_token, review):
    client = token_api(write_token)

    response = client.patch(_detail(review), {"completed": True}, format="json")

    assert response.status_code == 200


def test_the_coach_lists_a_mentees_reviews_read_only(api_actors, review, owner):
    data = api_actors["coach"].get(f"/api/v1/mentees/{owner.pk}/reviews/").json()

    assert data["count"] == 3
    assert {r["kind"] for r in data["results"]} == {"weekly", "monthly", "quarterly"}


def test_the_review_list_api_takes_the_same_queries_for_more_reviews(
    owner_api, owner, django_assert_max_num_queries
):
    open_reviews(owner)
    with django_assert_max_num_queries(12):
        owner_api.get(LIST)
    base = Review.objects.get(kind="weekly")
    from datetime import timedelta

    for week in range(1, 10):
        created = Review.objects.create(
            creator=owner,
            kind="weekly",
            period_start=base.period_start - timedelta(weeks=week),
            period_end=base.period_end - timedelta(weeks=week),
            starts_at=base.starts_at,
            ends_at=base.ends_at,
            due_at=base.due_at,
            prepared_at=base.prepared_at,
        )
        ReviewItem.objects.create(review=created, text="x")
    with django_assert_max_num_queries(12):
        owner_api.get(LIST)
