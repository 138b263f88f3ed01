"""Small pieces every app's REST API shares."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS

from .selectors import readable_creator_ids
from .strict_filters import MESSAGES, strict_integer

CREATOR_PARAM = OpenApiParameter(
    "creator",
    OpenApiTypes.INT,
    description="List a mentee's rows (read-only, for their active coach). Default: your own.",
)


class KeyedDictField(serializers.DictField):
    """A JSON object whose keys are a fixed set, which the schema lists (`accounts.schema`);
    the service that writes it refuses any other key."""

    def __init__(self, *, keys, **kwargs):
        self.keys = tuple(keys)
        super().__init__(**kwargs)


def raise_api_validation(error: DjangoValidationError) -> None:
    """Turn a service's ValidationError into DRF's 400 with field errors."""
    if hasattr(error, "error_dict"):
        raise ValidationError(error.message_dict) from error
    raise ValidationError({"detail": error.messages}) from error


class ScopedQuerysetMixin:
    """`get_queryset()` is `scoped_queryset(user)`; schema generation gets an empty queryset."""

    model: type[Model]

    def scoped_queryset(self, user) -> QuerySet:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.scoped_queryset(self.request.user)


class CreatorScopedMixin(ScopedQuerysetMixin):
    """A creator's rows: they write their own; an active coach reads a mentee's.

    Lists show the caller's own rows, or a mentee's with `?creator=<id>` (an id the caller
    may not read lists nothing). Objects are found among every creator the caller may
    read, so a coach opens a mentee's row by its URL; writes reach the caller's own only.
    Document the parameter with `extend_schema(parameters=[CREATOR_PARAM])` on `list`.
    """

    def get_base_queryset(self) -> QuerySet:
        return self.model.objects.all()

    def scoped_queryset(self, user) -> QuerySet:
        queryset = self.get_base_queryset()
        if self.request.method not in SAFE_METHODS:
            return queryset.filter(creator_id=user.pk)
        if self.action != "list":
            return queryset.filter(creator_id__in=readable_creator_ids(user))
        values = self.request.query_params.getlist("creator")
        if not values:
            return queryset.filter(creator_id=user.pk)
        creator = strict_integer(values[0]) if len(values) == 1 else None
        if creator is None:
            message = MESSAGES["repeated" if len(values) > 1 else "integer"]
            raise ValidationError({"creator": [message]})
        if creator in readable_creator_ids(user):
            return queryset.filter(creator_id=creator)
        return queryset.none()
