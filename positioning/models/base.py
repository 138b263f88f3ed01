"""Shared pieces of the positioning models: score ranges (owner scoping is in accounts)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


def score(low: int, high: int) -> list:
    return [MinValueValidator(low), MaxValueValidator(high)]


def between(field: str, low, high, prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": low, f"{field}__lte": high}),
        name=f"{prefix}_{field}_{low}_{high}".replace(".", "_"),
    )
