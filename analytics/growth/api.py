from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.apiutils import (
    CREATOR_PARAM,
    CreatorScopedMixin,
    ScopedQuerysetMixin,
    raise_api_validation,
)
from accounts.conditional import ConditionalObjectMixin, conditional_schema
from accounts.models import User
from accounts.selectors import get_mentee_for
from analytics.models import IncomeEntry, MetricSnapshot, TimeEntry

from . import csv_import, dashboard, selectors, services
from .serializers import (
    GrowthSerializer,
    ImportRequestSerializer,
    IncomeEntrySerializer,
    MenteeHealthSerializer,
    MetricSnapshotSerializer,
    TimeEntrySerializer,
    UpsertResultSerializer,
    snapshot_row,
)

# A 400 from the import: the CSV's errors, or DRF's field errors for the upload itself.
IMPORT_FAILURE = {
    "anyOf": [
        {
            "type": "object",
            "properties": {
                "errors": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "line": {"type": "integer"},
                            "column": {"type": "string"},
                            "message": {"type": "string"},
                        },
                        "required": ["line", "column", "message"],
                    },
                }
            },
            "required": ["errors"],
        },
        {"$ref": "#/components/schemas/FieldErrors"},
    ]
}


@extend_schema_view(list=extend_schema(parameters=[CREATOR_PARAM]))
@conditional_schema(MetricSnapshotSerializer)
class MetricSnapshotViewSet(ConditionalObjectMixin, CreatorScopedMixin, viewsets.ModelViewSet):
    """Channel and piece numbers. Posting a moment that exists updates it (200, not 201).

    Lists show your own numbers, or a mentee's with `?creator=<id>`.
    """

    serializer_class = MetricSnapshotSerializer
    filterset_fields = ["channel", "content_item"]
    ordering_fields = ["captured_at"]
    model = MetricSnapshot

    def get_base_queryset(self) -> QuerySet[MetricSnapshot]:
        return MetricSnapshot.objects.order_by("-captured_at", "id")

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            snapshot, created = services.snapshot_record(
                creator=request.user,
                channel=data["channel"],
                content_item=data.get("content_item"),
                captured_at=data["captured_at"],
                **{name: data.get(name) for name in csv_import.COUNTERS},
            )
        except DjangoValidationError as error:
            raise_api_validation(error)
        self.etag_instance = snapshot
        return Response(
            self.get_serializer(snapshot).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    def perform_update(self, serializer: MetricSnapshotSerializer) -> None:
        try:
            serializer.instance = services.snapshot_update(
                snapshot=serializer.instance, if_match=self.if_match(), **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise_api_validation(error)
        self.etag_instance = serializer.instance

    def perform_destroy(self, instance: MetricSnapshot) -> None:
        services.snapshot_delete(snapshot=instance, if_match=self.if_match())

    @extend_schema(request=MetricSnapshotSerializer(many=True), responses=UpsertResultSerializer)
    @action(detail=False, methods=["post"])
    def bulk(self, request: Request) -> Response:
        """Save up to 1,000 snapshots at once, all or nothing."""
        serializer = self.get_serializer(data=request.data, many=True)
        serializer.is_valid(raise_exception=True)
        rows = [snapshot_row(item) for item in serializer.validated_data]
        try:
            result = services.snapshots_upsert(creator=request.user, rows=rows)
        except DjangoValidationError as error:
            raise_api_validation(error)
        return Response(
            UpsertResultSerializer(result).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )

    @extend_schema(
        request={"multipart/form-data": ImportRequestSerializer},
        responses={
            200: OpenApiResponse(UpsertResultSerializer, description="The dry run's counts."),
            201: UpsertResultSerializer,
            400: OpenApiResponse(
                IMPORT_FAILURE,
                description="The file's errors by line and column (`errors`), or a missing "
                "or unreadable upload (messages per field, e.g. `file`).",
            ),
        },
        parameters=[OpenApiParameter("dry_run", bool, description="Check and count only.")],
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_csv(self, request: Request) -> Response:
        """Import a CSV file, all or nothing; every error names its line and column."""
        upload = ImportRequestSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        parsed = csv_import.parse_snapshots_csv(
            upload.validated_data["file"].read(), creator=request.user
        )
        if parsed.errors:
            return Response({"errors": parsed.errors}, status=status.HTTP_400_BAD_REQUEST)
        if request.query_params.get("dry_run") in ("1", "true", "yes"):
            existing = services.existing_keys(creator=request.user, rows=parsed.rows)
            updated = sum(
                (r["channel_id"], r["content_item_id"], r["captured_at"]) in existing
                for r in parsed.rows
            )
            return Response({"created": len(parsed.rows) - updated, "updated": updated})
        try:
            result = services.snapshots_upsert(creator=request.user, rows=parsed.rows)
        except DjangoValidationError as error:
            raise_api_validation(error)
        return Response(UpsertResultSerializer(result).data, status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(parameters=[CREATOR_PARAM]))
class _EntryViewSet(
    CreatorScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    def perform_destroy(self, instance) -> None:
        services.entry_delete(entry=instance)


class TimeEntryViewSet(_EntryViewSet):
    """Hours spent on creation, promotion, monetisation and other work."""

    serializer_class = TimeEntrySerializer
    model = TimeEntry

    def perform_create(self, serializer: TimeEntrySerializer) -> None:
        try:
            serializer.instance = services.time_entry_create(
                creator=self.request.user, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise_api_validation(error)


class IncomeEntryViewSet(_EntryViewSet):
    """Income by monetisation route."""

    serializer_class = IncomeEntrySerializer
    model = IncomeEntry

    def perform_create(self, serializer: IncomeEntrySerializer) -> None:
        try:
            serializer.instance = services.income_entry_create(
                creator=self.request.user, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise_api_validation(error)


def _growth_response(creator: User) -> Response:
    return Response(GrowthSerializer(dashboard.growth_for(creator)).data)


class GrowthView(APIView):
    """The signed-in creator's latest computed growth metrics."""

    @extend_schema(responses=GrowthSerializer)
    def get(self, request: Request) -> Response:
        return _growth_response(request.user)


class MenteeViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """The creators who invited the signed-in user as their coach, with health signals."""

    serializer_class = MenteeHealthSerializer
    ordering_fields = ["display_name", "email"]
    search_fields = ["display_name", "email"]
    lookup_value_regex = r"\d+"
    model = User

    def scoped_queryset(self, user: User) -> QuerySet[User]:
        return selectors.mentees_with_health(user)

    @extend_schema(responses=GrowthSerializer)
    @action(detail=True, methods=["get"])
    def growth(self, request: Request, pk: str) -> Response:
        """A mentee's growth metrics, read-only, while the coaching link is active."""
        return _growth_response(get_mentee_for(request.user, int(pk)))
