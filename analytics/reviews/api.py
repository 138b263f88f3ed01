"""REST: a creator's reviews (read, and PATCH the checklist and reflection), and an
active coach's read-only view of a mentee's reviews."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.apiutils import ScopedQuerysetMixin, raise_api_validation
from accounts.conditional import ConditionalObjectMixin, conditional_schema
from accounts.models import User
from accounts.selectors import get_mentee_for
from analytics.models import Review

from . import services
from .serializers import ReviewSerializer

SEARCH_FIELDS = ["went_well", "went_badly", "next_focus", "items__text"]


def _reviews(creator_filter) -> QuerySet[Review]:
    return (
        Review.objects.filter(creator_filter, prepared_at__isnull=False)
        .prefetch_related("items")
        .order_by("-period_start", "kind", "-id")
    )


@conditional_schema(ReviewSerializer, delete=False)
class ReviewViewSet(
    ConditionalObjectMixin,
    ScopedQuerysetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The signed-in creator's weekly, monthly and quarterly reviews."""

    serializer_class = ReviewSerializer
    http_method_names = ["get", "patch", "head", "options"]
    filterset_fields = ["kind"]
    search_fields = SEARCH_FIELDS
    ordering_fields = ["period_start", "due_at", "completed_at"]

    model = Review

    def scoped_queryset(self, user: User) -> QuerySet[Review]:
        return _reviews(Q(creator=user))

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        review = self.get_object()
        serializer = self.get_serializer(review, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            review = services.review_update(
                review=review,
                now=timezone.now(),
                went_well=data.get("went_well"),
                went_badly=data.get("went_badly"),
                next_focus=data.get("next_focus"),
                items_done={item["id"]: item["done"] for item in data.get("items", [])},
                completed=data.get("completed"),
                if_match=self.if_match(),
            )
        except DjangoValidationError as error:
            raise_api_validation(error)
        self.etag_instance = review = self.get_queryset().get(pk=review.pk)
        return Response(self.get_serializer(review).data)

    def update(self, request: Request, *args, **kwargs) -> Response:
        return self.partial_update(request, *args, **kwargs)


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("mentee_id", OpenApiTypes.INT, OpenApiParameter.PATH)]
    ),
    retrieve=extend_schema(
        parameters=[OpenApiParameter("mentee_id", OpenApiTypes.INT, OpenApiParameter.PATH)]
    ),
)
class MenteeReviewViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """A mentee's reviews, read-only, for a coach whose invitation stands."""

    serializer_class = ReviewSerializer
    filterset_fields = ["kind"]
    search_fields = SEARCH_FIELDS
    ordering_fields = ["period_start", "due_at", "completed_at"]

    model = Review

    def scoped_queryset(self, user: User) -> QuerySet[Review]:
        mentee = get_mentee_for(user, self.kwargs["mentee_id"])
        return _reviews(Q(creator=mentee))
