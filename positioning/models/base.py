"""Shared pieces of the positioning models: owner scoping and score ranges."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


def score(low: int, high: int) -> list:
    return [MinValueValidator(low), MaxValueValidator(high)]


def between(field: str, low, high, prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": low, f"{field}__lte": high}),
        name=f"{prefix}_{field}_{low}_{high}".replace(".", "_"),
    )


class CreatorQuerySet(models.QuerySet):
    def for_creator(self, user) -> "CreatorQuerySet":
        return self.filter(creator=user)

    def for_creators(self, creator_ids) -> "CreatorQuerySet":
        return self.filter(creator_id__in=creator_ids)


def creator_fk(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name=related_name
    )
