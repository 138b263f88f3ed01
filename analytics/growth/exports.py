"""Exports: the snapshots as CSV (the import format, so it round-trips) and everything a
creator owns as one portable JSON document."""

import csv
import json
from collections.abc import Iterator

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from accounts.models import User
from accounts.spreadsheets import text_cell
from analytics.models import COUNTERS, MetricSnapshot

from .csv_import import HEADER

# Computed by the growth job from the rest; the job rebuilds them after an import.
DERIVED = {
    "analytics.channelgrowth",
    "analytics.itemperformance",
    "analytics.engagementbreakdown",
    "analytics.publishingday",
    "analytics.monthlyallocation",
    "analytics.goalprogress",
    "analytics.growthsummary",
}
# Credentials (even encrypted) and HTTP caching state never leave in an export.
SECRET_FIELDS = {
    "calendar_app.channel": {"source_secret", "source_secret_hint", "source_validators"},
}
PROFILE_FIELDS = ["email", "display_name", "timezone", "language", "weekly_target", "date_joined"]


class _Echo:
    def write(self, value: str) -> str:
        return value


def snapshots_csv(creator: User) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADER)
    rows = (
        MetricSnapshot.objects.for_creator(creator)
        .order_by("captured_at", "channel_id", "content_item_id")
        .values_list("channel__name", "content_item__title", "captured_at", *COUNTERS)
    )
    tz = creator.tzinfo
    for channel, item, captured_at, *counts in rows.iterator(chunk_size=2000):
        yield writer.writerow(
            [
                text_cell(channel),
                text_cell(item or ""),
                captured_at.astimezone(tz).isoformat(),
                *("" if value is None else value for value in counts),
            ]
        )


def owned_models() -> list[type[models.Model]]:
    """Every model with a `creator` foreign key to the user, except derived tables."""
    found = []
    for model in apps.get_models():
        try:
            creator = model._meta.get_field("creator")
        except FieldDoesNotExist:
            continue
        if (
            creator.is_relation
            and creator.related_model is not None
            and creator.related_model._meta.label == settings.AUTH_USER_MODEL
            and model._meta.label_lower not in DERIVED
        ):
            found.append(model)
    return sorted(found, key=lambda m: m._meta.label_lower)


def everything(creator: User) -> dict:
    data = {}
    for model in owned_models():
        queryset = model._default_manager.filter(creator=creator).order_by("pk")
        hidden = SECRET_FIELDS.get(model._meta.label_lower, set())
        fields = [f.name for f in model._meta.local_fields if not f.primary_key]
        data[model._meta.label_lower] = serializers.serialize(
            "python", queryset, fields=[name for name in fields if name not in hidden]
        )
    return {
        "format": "sweetspot-export",
        "version": 1,
        "exported_at": timezone.now(),
        "profile": {name: getattr(creator, name) for name in PROFILE_FIELDS},
        "data": data,
    }


def everything_json(creator: User) -> str:
    return json.dumps(everything(creator), cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
