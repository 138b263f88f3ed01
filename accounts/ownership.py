"""Ownership on the ground floor: every creator-owned model is scoped through these.

A creator-owned row has a `creator` foreign key (`creator_fk`) and a manager built on
`CreatorQuerySet`, so a query names its owner (`for_creator`) or the creators a reader may
see (`for_creators(readable_creator_ids(user))`, in `accounts.selectors`)."""

from django.conf import settings
from django.db import models


class CreatorQuerySet(models.QuerySet):
    def for_creator(self, user) -> "CreatorQuerySet":
        return self.filter(creator=user)

    def for_creators(self, creator_ids) -> "CreatorQuerySet":
        return self.filter(creator_id__in=creator_ids)


def creator_fk(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name=related_name
    )
