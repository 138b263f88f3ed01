"""What the MCP tools do, in plain synchronous Django: the same services, selectors,
serializers and filters as the pages and the REST API, never the ORM directly.

Each function takes the caller (`Principal`) first and returns JSON-ready data. A foreign or
unknown id raises `Http404` (reported as "not found"), bad input raises Django's or DRF's
`ValidationError` with translated messages, and a write with a read-scoped token or a coach's
write on a mentee raises `PermissionDenied`.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from accounts import comments, strict
from accounts import selectors as account_selectors
from accounts import services as account_services
from accounts.models import PersonalAccessToken, User
from accounts.serializers import CommentSerializer
from analytics.growth import dashboard as growth_dashboard
from analytics.growth import selectors as growth_selectors
from analytics.growth.serializers import GrowthSerializer, MenteeHealthSerializer
from analytics.reviews import selectors as review_selectors
from analytics.reviews import services as review_services
from analytics.reviews.serializers import ReviewSerializer
from calendar_app import selectors as plan_selectors
from calendar_app import services as plan_services
from calendar_app.filters import ContentItemFilter
from calendar_app.models import ContentItem
from calendar_app.serializers import ContentItemSerializer
from positioning import selectors as positioning_selectors
from positioning.serializers import (
    PositioningOptionSerializer,
    PositioningProfileSerializer,
    TopicSerializer,
)

MAX_PIECES = 500


@dataclass(frozen=True)
class Principal:
    """Who calls: the token's user and its scope (`read` or `write`)."""

    user: User
    scope: str

    @property
    def can_write(self) -> bool:
        return self.scope == PersonalAccessToken.Scope.WRITE


def _require_write(principal: Principal) -> None:
    if not principal.can_write:
        raise PermissionDenied(_("This token has read scope only."))


def _creator(principal: Principal, creator_id: int | None) -> User:
    """The caller, or an active mentee of theirs (a coach reads only): anyone else is 404."""
    if creator_id is None or creator_id == principal.user.pk:
        return principal.user
    return account_selectors.get_mentee_for(principal.user, creator_id)


class _Request:
    """The little of a request that the API's filter set reads."""

    def __init__(self, user: User):
        self.user = user


def _valid(serializer: strict.Serializer) -> dict[str, Any]:
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def get_positioning(principal: Principal, *, creator_id: int | None = None) -> dict:
    creator = _creator(principal, creator_id)
    overview = positioning_selectors.overview_for(creator)
    chosen = next((o for o in overview.options if o.is_chosen), None)
    return {
        "creator_id": creator.pk,
        "chosen": PositioningOptionSerializer(chosen).data if chosen else None,
        "options": PositioningOptionSerializer(overview.options, many=True).data,
        "topics": TopicSerializer(overview.topics, many=True).data,
        "topics_by_intersection": overview.topics_by_class,
        "profile": PositioningProfileSerializer(overview.profile).data,
        "missing_steps": [str(step.label) for step in overview.missing],
    }


def list_pieces(
    principal: Principal,
    *,
    start: str | None = None,
    end: str | None = None,
    status: list[str] | None = None,
    channel: int | None = None,
    topic: int | None = None,
    creator_id: int | None = None,
) -> dict:
    creator = _creator(principal, creator_id)
    params = QueryDict(mutable=True)
    for name, value in (("start", start), ("end", end), ("channel", channel), ("topic", topic)):
        if value is not None:
            params[name] = str(value)
    params.setlist("status", list(status or []))
    queryset = plan_selectors.items_for(creator).order_by("planned_for", "id")
    filters = ContentItemFilter(
        params, queryset=queryset, request=_Request(principal.user), creator=creator
    )
    if not filters.is_valid():
        raise ValidationError(filters.errors)
    items = list(filters.qs[: MAX_PIECES + 1])
    return {
        "creator_id": creator.pk,
        "pieces": ContentItemSerializer(items[:MAX_PIECES], many=True).data,
        "truncated": len(items) > MAX_PIECES,
    }


def create_idea(principal: Principal, **fields: Any) -> dict:
    _require_write(principal)
    data = {key: value for key, value in fields.items() if value is not None}
    data.setdefault("status", ContentItem.Status.IDEA)
    serializer = ContentItemSerializer(data=data, context={"creator": principal.user})
    item = plan_services.content_item_create(creator=principal.user, **_valid(serializer))
    return ContentItemSerializer(item).data


class _ScheduleInput(strict.Serializer):
    planned_for = strict.DateTimeField()


def schedule_piece(principal: Principal, *, id: int, planned_for: str) -> dict:
    _require_write(principal)
    item = plan_selectors.get_item_for_owner(principal.user, id)
    moment = _valid(_ScheduleInput(data={"planned_for": planned_for}))["planned_for"]
    item = plan_services.content_item_reschedule(item=item, planned_for=moment)
    return ContentItemSerializer(item).data


def move_piece(principal: Principal, *, id: int, status: str) -> dict:
    _require_write(principal)
    item = plan_selectors.get_item_for_owner(principal.user, id)
    item = plan_services.content_item_move_status(item=item, status=status)
    return ContentItemSerializer(item).data


def list_reviews(
    principal: Principal, *, kind: str | None = None, creator_id: int | None = None
) -> dict:
    creator = _creator(principal, creator_id)
    if kind is not None and kind not in {"weekly", "monthly", "quarterly"}:
        raise ValidationError({"kind": [_("Choose weekly, monthly or quarterly.")]})
    reviews = review_selectors.search_reviews(creator, kind=kind or "").prefetch_related("items")
    return {"creator_id": creator.pk, "reviews": ReviewSerializer(reviews, many=True).data}


def complete_review_item(principal: Principal, *, review_id: int, item_id: int, done: bool) -> dict:
    _require_write(principal)
    review = review_selectors.get_review_for(principal.user, review_id)
    review_services.review_item_set_done(
        review=review, item_id=item_id, done=done, now=timezone.now()
    )
    review = review_selectors.get_review_for(principal.user, review.pk)
    return ReviewSerializer(review).data


def get_growth(principal: Principal, *, creator_id: int | None = None) -> dict:
    creator = _creator(principal, creator_id)
    return GrowthSerializer(growth_dashboard.growth_for(creator)).data


def list_mentees(principal: Principal) -> dict:
    mentees = growth_selectors.mentees_with_health(principal.user)
    return {"mentees": MenteeHealthSerializer(mentees, many=True).data}


def comment(principal: Principal, *, target_type: str, target_id: int, body: str) -> dict:
    """The one write a coach makes on a mentee's objects; a comment is a write, so it needs
    the `write` scope like every other write."""
    _require_write(principal)
    data = _valid(
        CommentSerializer(data={"target_type": target_type, "target_id": target_id, "body": body})
    )
    target = comments.readable_target(principal.user, data["target_type"], data["target_id"])
    if target is None:
        raise Http404
    created = account_services.comment_create(
        author=principal.user, target=target, body=data["body"]
    )
    return CommentSerializer(created).data
