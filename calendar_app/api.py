"""REST API for channels, content items and series: ETags, incremental sync, import/export."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Min, Model, Q, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from accounts.apiutils import ScopedQuerysetMixin, raise_api_validation
from accounts.bounds import ASCII_INT_MAX, ascii_int
from accounts.conditional import (
    ConditionalObjectMixin,
    PreconditionFailed,
    check_version,
    conditional_schema,
)
from accounts.models import User
from accounts.selectors import get_mentee_for, readable_creator_ids

from . import services
from .filters import ChannelFilter, ContentItemFilter, SeriesFilter
from .models import Channel, ContentItem, Series
from .serializers import (
    ChannelSerializer,
    ContentItemSerializer,
    ImportResultSerializer,
    SeriesSerializer,
    SyncPageSerializer,
    UploadSerializer,
)
from .sync import changes, exports, imports

SYNC_PAGE_SIZE = 100
SYNC_MAX_PAGE_SIZE = 500


class VersionedModelViewSet(ConditionalObjectMixin, ScopedQuerysetMixin, viewsets.ModelViewSet):
    """CRUD with an ETag on every object and `If-Match` honoured by every write.

    Reads reach the creators the user may read (their own and active mentees'), lists show
    the user's own objects, and writes reach only the user's own objects: a coach's write to
    a mentee's object is a 404 like any outsider's."""

    def own_queryset(self, user: User) -> QuerySet:
        raise NotImplementedError

    def scoped_queryset(self, user: User) -> QuerySet:
        if self.action == "retrieve" and self.request.method in SAFE_METHODS:
            return self.model.objects.filter(creator_id__in=readable_creator_ids(user))
        return self.own_queryset(user)

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "creator": self.request.user}

    # The service calls, per model.
    def write_create(self, data: dict) -> Model:
        raise NotImplementedError

    def write_update(self, instance: Model, data: dict, if_match: set[int] | None) -> Model:
        raise NotImplementedError

    def write_delete(self, instance: Model, if_match: set[int] | None) -> None:
        raise NotImplementedError

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            instance = self.write_create(serializer.validated_data)
        except DjangoValidationError as error:
            raise_api_validation(error)
        self.etag_instance = instance
        return Response(self.get_serializer(instance).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args, partial: bool = False, **kwargs) -> Response:
        instance = self.get_object()
        if_match = self.if_match()
        # Invalid input is a 400 whatever the If-Match: it would fail against any version,
        # so the client learns that first. The version is then checked here and again under
        # the row lock in the service.
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        check_version(instance.version, if_match)
        try:
            instance = self.write_update(instance, serializer.validated_data, if_match)
        except DjangoValidationError as error:
            raise_api_validation(error)
        self.etag_instance = instance
        return Response(self.get_serializer(instance).data)

    def destroy(self, request: Request, *args, **kwargs) -> Response:
        try:
            self.write_delete(self.get_object(), self.if_match())
        except DjangoValidationError as error:
            raise_api_validation(error)
        return Response(status=status.HTTP_204_NO_CONTENT)


@conditional_schema(ChannelSerializer)
class ChannelViewSet(VersionedModelViewSet):
    serializer_class = ChannelSerializer
    filterset_class = ChannelFilter
    search_fields = ["name", "url"]
    ordering_fields = ["name", "platform", "role", "created_at", "id"]

    model = Channel

    def own_queryset(self, user: User) -> QuerySet[Channel]:
        return Channel.objects.for_creator(user).order_by("name", "id")

    def write_create(self, data: dict) -> Channel:
        return services.channel_create(creator=self.request.user, **data)

    def write_update(self, instance: Channel, data: dict, if_match: set[int] | None) -> Channel:
        return services.channel_update(channel=instance, if_match=if_match, **data)

    def write_delete(self, instance: Channel, if_match: set[int] | None) -> None:
        services.channel_delete(channel=instance, if_match=if_match)


def with_occurrence_summary(queryset: QuerySet[Series]) -> QuerySet[Series]:
    """Annotate the occurrence count and the next planned one: one query for any list."""
    live = Q(occurrences__skipped=False)
    return queryset.annotate(
        live_occurrences=Count("occurrences", filter=live),
        next_planned_for=Min(
            "occurrences__planned_for",
            filter=live & Q(occurrences__planned_for__gte=timezone.now()),
        ),
    )


@conditional_schema(SeriesSerializer)
class SeriesViewSet(VersionedModelViewSet):
    """Recurring series. Writes go through the planning services: creating or changing a
    series materialises its occurrences as content items; deleting one removes the future
    occurrences nobody has touched and keeps the rest as plain items."""

    serializer_class = SeriesSerializer
    filterset_class = SeriesFilter
    search_fields = ["title"]
    ordering_fields = ["title", "starts_on", "ends_on", "frequency", "created_at", "id"]

    model = Series

    def own_queryset(self, user: User) -> QuerySet[Series]:
        return Series.objects.for_creator(user).order_by("title", "id")

    def scoped_queryset(self, user: User) -> QuerySet[Series]:
        return with_occurrence_summary(super().scoped_queryset(user))

    def write_create(self, data: dict) -> Series:
        return services.series_create(creator=self.request.user, **data)

    def write_update(self, instance: Series, data: dict, if_match: set[int] | None) -> Series:
        try:
            return services.series_update(series=instance, if_match=if_match, **data)
        except services.SeriesChanged as error:  # written since this request read it
            raise PreconditionFailed(error.current_version) from error

    def write_delete(self, instance: Series, if_match: set[int] | None) -> None:
        services.series_delete(series=instance, if_match=if_match)


def _upload(request: Request) -> bytes:
    upload = request.FILES.get("file")
    if upload is None:
        raise ValidationError({"file": [_("Attach a file in the “file” field.")]})
    if upload.size > imports.MAX_UPLOAD_BYTES:
        raise ValidationError({"file": [_("The file is larger than 5 MB.")]})
    return upload.read()


def _import_response(result: imports.ImportResult) -> Response:
    return Response(ImportResultSerializer(result).data)


def _attachment(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


SYNC_PARAMETERS = [
    OpenApiParameter("cursor", str, description="The cursor of the previous sync; omit to start."),
    OpenApiParameter("page_token", str, description="Continue a paged answer (from `next`)."),
    OpenApiParameter(
        "page_size",
        {"type": "integer", "minimum": 1, "maximum": ASCII_INT_MAX},
        description=f"Up to {SYNC_MAX_PAGE_SIZE} (a larger size gives {SYNC_MAX_PAGE_SIZE}).",
    ),
]


@extend_schema_view(
    destroy=extend_schema(
        description="Delete a content item. A series occurrence is not deleted (the series "
        "would generate it again): the answer is 400 with a `series` field error, and the "
        "occurrence is skipped on the planning pages or left when its series ends."
    )
)
@conditional_schema(ContentItemSerializer)
class ContentItemViewSet(VersionedModelViewSet):
    serializer_class = ContentItemSerializer
    filterset_class = ContentItemFilter
    search_fields = ["title", "notes"]
    ordering_fields = [
        "planned_for",
        "published_at",
        "updated_at",
        "created_at",
        "title",
        "status",
        "id",
    ]

    model = ContentItem

    def own_queryset(self, user: User) -> QuerySet[ContentItem]:
        return ContentItem.objects.for_creator(user)

    def write_create(self, data: dict) -> ContentItem:
        return services.content_item_create(creator=self.request.user, **data)

    def write_update(
        self, instance: ContentItem, data: dict, if_match: set[int] | None
    ) -> ContentItem:
        return services.content_item_update(item=instance, if_match=if_match, **data)

    def write_delete(self, instance: ContentItem, if_match: set[int] | None) -> None:
        services.content_item_delete(item=instance, if_match=if_match)

    @extend_schema(
        parameters=SYNC_PARAMETERS,
        responses={
            200: SyncPageSerializer,
            410: OpenApiResponse(
                inline_serializer("SyncCursorGone", {"detail": serializers.CharField()}),
                description="The cursor or page token is invalid or expired: sync again "
                "from scratch, without a cursor.",
            ),
        },
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def sync(self, request: Request) -> Response:
        """Everything (no cursor) or what changed since `cursor`, with deleted ids."""
        creator_id = request.user.pk
        raw_size = request.query_params.get("page_size")
        page_size = SYNC_PAGE_SIZE if raw_size is None else ascii_int(raw_size, minimum=1)
        if page_size is None:
            raise ValidationError({"page_size": [_("A whole number is required.")]})
        page_size = min(page_size, SYNC_MAX_PAGE_SIZE)
        try:
            token = request.query_params.get("page_token")
            if token:
                state = changes.read_page_token(creator_id, token)
            else:
                state = changes.start(creator_id, request.query_params.get("cursor") or None)
        except changes.CursorInvalid:
            return Response(
                {"detail": _("This sync cursor is invalid or expired; sync again from scratch.")},
                status=status.HTTP_410_GONE,
            )
        items = list(changes.changed_items(creator_id, state)[: page_size + 1])
        more = len(items) > page_size
        items = items[:page_size]
        data = {"results": self.get_serializer(items, many=True).data}
        if more:
            following = changes.SyncState(state.since, state.position, after=items[-1].pk)
            url = request.build_absolute_uri(request.path)
            url = replace_query_param(
                url, "page_token", changes.make_page_token(creator_id, following)
            )
            data |= {
                "deleted": [],
                "cursor": None,
                "next": replace_query_param(url, "page_size", page_size),
            }
        else:
            data |= {
                "deleted": changes.deleted_ids(creator_id, state.since),
                "cursor": changes.make_cursor(creator_id, state.position),
                "next": None,
            }
        return Response(data)

    @extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={
            200: ImportResultSerializer,
            409: OpenApiResponse(
                inline_serializer("ImportConflict", {"detail": serializers.CharField()}),
                description="Another import created the same events at the same moment; "
                "nothing was imported: send the file again.",
            ),
        },
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import-ics",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_ics(self, request: Request) -> Response:
        """Create or update items from the VEVENTs of an .ics file, matched by UID."""
        try:
            result = imports.import_ics(creator=request.user, data=_upload(request))
        except DjangoValidationError as error:
            raise_api_validation(error)
        except imports.ImportConflict as conflict:
            return Response({"detail": conflict.message}, status=status.HTTP_409_CONFLICT)
        return _import_response(result)

    @extend_schema(
        request={"multipart/form-data": UploadSerializer}, responses=ImportResultSerializer
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import-csv",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_csv(self, request: Request) -> Response:
        """Rows without `id` are created, rows with one updated; one bad row and nothing is."""
        try:
            result = imports.import_csv(creator=request.user, data=_upload(request))
        except DjangoValidationError as error:
            raise_api_validation(error)
        return _import_response(result)

    @extend_schema(filters=True, responses={(200, "text/csv"): OpenApiTypes.BINARY})
    @action(detail=False, methods=["get"], url_path="export-csv", pagination_class=None)
    def export_csv(self, request: Request) -> HttpResponse:
        items = exports.export_queryset(self.filter_queryset(self.get_queryset()))
        body = exports.to_csv(items, creator=request.user)
        return _attachment(body, "text/csv; charset=utf-8", "sweetspot-calendar.csv")

    @extend_schema(filters=True, responses={(200, "application/json"): OpenApiTypes.OBJECT})
    @action(detail=False, methods=["get"], url_path="export-json", pagination_class=None)
    def export_json(self, request: Request) -> HttpResponse:
        items = exports.export_queryset(self.filter_queryset(self.get_queryset()))
        body = exports.to_json(items, creator=request.user)
        return _attachment(body, "application/json", "sweetspot-calendar.json")


class MenteeContentItemViewSet(
    ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """A coach's read-only view of a mentee's content items, while the invitation stands."""

    serializer_class = ContentItemSerializer
    filterset_class = ContentItemFilter
    search_fields = ["title", "notes"]
    ordering_fields = ["planned_for", "published_at", "updated_at", "title", "status", "id"]

    model = ContentItem

    def scoped_queryset(self, user: User) -> QuerySet[ContentItem]:
        return ContentItem.objects.for_creator(self.filter_creator())

    def filter_creator(self) -> User:
        return get_mentee_for(self.request.user, self.kwargs["mentee_id"])
