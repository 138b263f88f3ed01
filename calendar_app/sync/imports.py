"""Bringing plans in: .ics files (idempotent by UID) and CSV (all or nothing)."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.bounds import ascii_int
from accounts.models import User
from accounts.spreadsheets import read_text_cell

from .. import services
from ..models import Channel, ContentItem
from ..serializers import ContentItemSerializer
from .ical import IcsError, ParsedEvent, item_id_from_uid, parse_ics

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_CSV_ROWS = 5000
NULLABLE_COLUMNS = {
    "planned_for",
    "published_at",
    "channel",
    "topic",
    "word_count",
    "effort_hours",
    "repurposed_from",
}
WRITABLE_COLUMNS = {
    "title",
    "status",
    "format",
    "url",
    "notes",
    *NULLABLE_COLUMNS,
}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    items: list[int] = field(default_factory=list)

    def count(self, kind: str, item: ContentItem) -> None:
        setattr(self, kind, getattr(self, kind) + 1)
        self.items.append(item.pk)


def _file_error(message: str) -> ValidationError:
    return ValidationError({"file": [message]})


def _read_upload(data: bytes) -> bytes:
    if len(data) > MAX_UPLOAD_BYTES:
        raise _file_error(_("The file is larger than 5 MB."))
    return data


# --- iCalendar ------------------------------------------------------------------------------


def _status_from(event: ParsedEvent) -> str | None:
    if event.cancelled:
        return ContentItem.Status.ARCHIVED
    by_name = {str(label).lower(): value for value, label in ContentItem.Status.choices}
    by_name.update({value: value for value in ContentItem.Status.values})
    for category in event.categories:
        status = by_name.get(category.lower())
        if status:
            return status
    return None


def _valid_url(url: str) -> str:
    try:
        URLValidator()(url)
    except ValidationError:
        return ""
    return url[:500]


def _existing_for(creator: User, uid: str) -> ContentItem | None:
    items = ContentItem.objects.for_creator(creator)
    own_id = item_id_from_uid(uid)
    found = items.filter(pk=own_id).first() if own_id else None
    return found or items.filter(ical_uid=uid).first()


def _changes(item: ContentItem, data: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in data.items() if getattr(item, name) != value}


def _same_second(a: datetime, b: datetime) -> bool:
    return abs((a - b).total_seconds()) < 1


class ImportConflict(Exception):
    """Another import created the same events at the same moment; nothing was written."""

    message = gettext_lazy(
        "Another import of the same events ran at the same moment; nothing was imported "
        "from this file. Import it again to update those events."
    )


def import_ics(*, creator: User, data: bytes) -> ImportResult:
    try:
        events = parse_ics(_read_upload(data), tz=creator.tzinfo)
    except IcsError as error:
        raise _file_error(str(error)) from error
    try:
        return _import_events(creator, events)
    except IntegrityError as error:  # the UID unique constraint: a concurrent import won
        raise ImportConflict from error


@transaction.atomic
def _import_events(creator: User, events: list[ParsedEvent]) -> ImportResult:
    result = ImportResult()
    for event in events:
        item = _existing_for(creator, event.uid)
        fields: dict[str, Any] = {"title": (event.summary or _("(untitled)"))[:300]}
        if event.start is not None:
            fields["planned_for"] = event.start
        status = _status_from(event)
        if status:
            fields["status"] = status
        if item is None:
            # Only events from elsewhere bring their notes and link; our own events carry a
            # generated description that must not overwrite the item's notes.
            fields |= {
                "notes": event.description,
                "url": _valid_url(event.url),
                "ical_uid": event.uid,
            }
            result.count("created", services.content_item_create(creator=creator, **fields))
            continue
        if item.planned_for and event.start and _same_second(item.planned_for, event.start):
            del fields["planned_for"]  # iCalendar times have no fractions of a second
        changes = _changes(item, fields)
        if changes:
            item = services.content_item_update(item=item, **changes)
            result.count("updated", item)
        else:
            result.count("unchanged", item)
    return result


# --- CSV ------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    try:
        return _read_upload(data).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _file_error(_("The file must be UTF-8 encoded CSV.")) from error


def _row_data(
    row: dict[str, str], channels: dict[str, int], topics: dict[str, int]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The row as API input; a channel or topic may be given by id or by name."""
    data: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for column in WRITABLE_COLUMNS & row.keys():
        value = (row[column] or "").strip() if column != "notes" else row[column] or ""
        value = read_text_cell(value)
        data[column] = None if value == "" and column in NULLABLE_COLUMNS else value
    unknown = {
        "channel": _("No channel named “%(name)s” in your plan."),
        "topic": _("No topic named “%(name)s” in your plan."),
    }
    for column, names in (("channel", channels), ("topic", topics)):
        name = read_text_cell((row.get(f"{column}_name") or "").strip())
        if data.get(column) is None and name:
            if name in names:
                data[column] = names[name]
            else:
                errors[f"{column}_name"] = [unknown[column] % {"name": name}]
    return data, errors


def _messages(errors: dict, line: int) -> list[str]:
    return [
        _("Line %(line)d: %(field)s: %(message)s")
        % {"line": line, "field": field, "message": message}
        for field, messages in errors.items()
        for message in (messages if isinstance(messages, list) else [messages])
    ]


def _unreadable(line: int, error: csv.Error) -> str:
    return _("Line %(line)d cannot be read (%(problem)s).") % {"line": line, "problem": error}


def _rows(reader: csv.DictReader, errors: list[str]) -> Iterator[dict[str, str]]:
    """The rows; a line the csv module cannot read (a field over its size limit, a stray
    quote) ends the file with an error naming that line."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            errors.append(_unreadable(reader.reader.line_num, error))
            return


def import_csv(*, creator: User, data: bytes) -> ImportResult:
    """Create rows without an `id`, update rows with one; any error and nothing is written."""
    reader = csv.DictReader(io.StringIO(_decode(data), newline=""))
    try:
        columns = reader.fieldnames
    except csv.Error as error:
        raise _file_error(_unreadable(reader.reader.line_num or 1, error)) from error
    if not columns or "title" not in columns:
        raise _file_error(_("The first line must name the columns, including “title”."))
    items = {item.pk: item for item in ContentItem.objects.for_creator(creator)}
    channels = dict(Channel.objects.for_creator(creator).values_list("name", "pk"))
    topics = dict(creator.topics.values_list("name", "pk"))
    context = {"creator": creator}
    planned: list[tuple[ContentItem | None, dict]] = []
    errors: list[str] = []
    line = 1
    for row in _rows(reader, errors):
        first_line, line = line + 1, reader.line_num
        if len(planned) >= MAX_CSV_ROWS:
            raise _file_error(_("At most %(n)d rows per file.") % {"n": MAX_CSV_ROWS})
        raw_id = (row.get("id") or "").strip()
        item = None
        if raw_id:
            item = items.get(ascii_int(raw_id))
            if item is None:
                errors += _messages({"id": [_("No such content item in your plan.")]}, first_line)
                continue
        data, name_errors = _row_data(row, channels, topics)
        serializer = ContentItemSerializer(
            item, data=data, partial=item is not None, context=context
        )
        if not serializer.is_valid() or name_errors:
            errors += _messages({**name_errors, **serializer.errors}, first_line)
            continue
        planned.append((item, serializer.validated_data))
    if errors:
        raise ValidationError({"file": errors})
    return _write_rows(creator, planned)


@transaction.atomic
def _write_rows(creator: User, planned: list[tuple[ContentItem | None, dict]]) -> ImportResult:
    result = ImportResult()
    for item, data in planned:
        if item is None:
            result.count("created", services.content_item_create(creator=creator, **data))
            continue
        changes = _changes(item, data)
        if changes:
            result.count("updated", services.content_item_update(item=item, **changes))
        else:
            result.count("unchanged", item)
    return result
