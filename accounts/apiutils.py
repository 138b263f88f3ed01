"""Small pieces every app's REST API shares."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from rest_framework.exceptions import ValidationError


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
