"""Reads for reviews, scoped to the owner (or, read-only, to an active coach)."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from accounts.models import Comment, User
from accounts.selectors import readable_creator_ids
from analytics.models import Review, ReviewKind

PAGE_SIZE = 20


def reviews_for(creator: User) -> QuerySet[Review]:
    return Review.objects.for_creator(creator)


def with_progress(queryset: QuerySet[Review]) -> QuerySet[Review]:
    return queryset.annotate(
        item_count=Count("items", distinct=True),
        done_count=Count("items", filter=Q(items__done=True), distinct=True),
    )


def search_reviews(creator: User, *, query: str = "", kind: str = "") -> QuerySet[Review]:
    reviews = reviews_for(creator).filter(prepared_at__isnull=False).search(query)
    if kind in ReviewKind.values:
        reviews = reviews.filter(kind=kind)
    return with_progress(reviews).order_by("-period_start", "kind", "-id")


def reviews_page(
    creator: User, *, query: str = "", kind: str = "", page: str | int | None = None
) -> Page:
    return Paginator(search_reviews(creator, query=query, kind=kind), PAGE_SIZE).get_page(page)


def open_reviews(creator: User) -> QuerySet[Review]:
    return with_progress(reviews_for(creator).open().filter(prepared_at__isnull=False)).order_by(
        "due_at", "id"
    )


def get_review_for(user: User, pk: int) -> Review:
    """The user's own review, or 404."""
    review = reviews_for(user).select_related("creator").filter(pk=pk).first()
    if review is None:
        raise Http404
    return review


def get_readable_review(user: User, pk: int) -> Review:
    """A review of the user or of a creator who invited them as an active coach, or 404."""
    review = (
        Review.objects.filter(creator_id__in=readable_creator_ids(user), pk=pk)
        .select_related("creator")
        .first()
    )
    if review is None:
        raise Http404
    return review


def review_comments(review: Review) -> QuerySet[Comment]:
    return Comment.objects.on(review)
