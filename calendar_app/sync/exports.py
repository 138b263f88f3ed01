"""The calendar as CSV (spreadsheets) or JSON (scripts), honouring the API's filters."""

import csv
import io
import json
from collections.abc import Iterable
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.spreadsheets import text_cell

from ..models import ContentItem
from ..serializers import ContentItemSerializer

CSV_COLUMNS = [
    "id",
    "title",
    "status",
    "format",
    "planned_for",
    "published_at",
    "channel",
    "channel_name",
    "topic",
    "topic_name",
    "url",
    "word_count",
    "effort_hours",
    "notes",
    "repurposed_from",
    "updated_at",
]


def export_queryset(items: QuerySet[ContentItem]) -> QuerySet[ContentItem]:
    return items.select_related("channel", "topic").order_by("planned_for", "pk")


def _moment(value: datetime | None, creator: User) -> str:
    return timezone.localtime(value, creator.tzinfo).isoformat() if value else ""


def _blank(value) -> str:
    return "" if value is None else str(value)


def to_csv(items: Iterable[ContentItem], *, creator: User) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet apps read Chinese titles correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for item in items:
        writer.writerow(
            [
                item.pk,
                text_cell(item.title),
                item.status,
                item.format,
                _moment(item.planned_for, creator),
                _moment(item.published_at, creator),
                _blank(item.channel_id),
                text_cell(item.channel.name) if item.channel else "",
                _blank(item.topic_id),
                text_cell(item.topic.name) if item.topic else "",
                text_cell(item.url),
                _blank(item.word_count),
                _blank(item.effort_hours),
                text_cell(item.notes),
                _blank(item.repurposed_from_id),
                _moment(item.updated_at, creator),
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode()


def to_json(items: Iterable[ContentItem], *, creator: User) -> bytes:
    payload = {
        "creator": creator.pk,
        "exported_at": timezone.now(),
        "items": ContentItemSerializer(list(items), many=True).data,
    }
    return json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
