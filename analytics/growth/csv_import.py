"""Parse a snapshots CSV into rows ready for `services.snapshots_upsert`, or report every error.

Nothing here writes. Every bad cell is reported with its CSV line and column, so the
creator can fix the whole file at once; a file with any error is never saved.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.bounds import OUT_OF_RANGE, in_range
from accounts.models import User
from accounts.spreadsheets import read_text_cell
from analytics.models import COUNTERS
from calendar_app.models import Channel, ContentItem

from .services import MAX_FUTURE

HEADER = ["channel", "content_item", "captured_at", *COUNTERS]
REQUIRED = {"channel", "captured_at"}
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COUNT = 2**63 - 1


@dataclass
class ParsedImport:
    rows: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    def error(self, line: int, column: str, message: str) -> None:
        self.errors.append({"line": line, "column": column, "message": message})


def template_csv(today: date) -> str:
    """A header and two example rows dated `today` (the reader's day), in the reader's
    language: one for a channel, one for a piece on it."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    channel, piece, day = _("My blog"), _("CUDA performance in practice"), today.isoformat()
    writer.writerow([channel, "", day, "1200", "", "", "", "", ""])
    writer.writerow([channel, piece, day, "", "3400", "120", "18", "9", "64"])
    return out.getvalue()


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


class _Lookup:
    """Find a creator's object by id or by its exact (case-insensitive) name."""

    def __init__(self, pairs):
        self.by_id: dict[str, int] = {}
        self.by_name: dict[str, list[int]] = {}
        for pk, name in pairs:
            self.by_id[str(pk)] = pk
            self.by_name.setdefault(name.strip().casefold(), []).append(pk)

    def find(self, value: str) -> tuple[int | None, str | None]:
        matches = self.by_name.get(value.casefold(), [])
        if len(matches) == 1:
            return matches[0], None
        if len(matches) > 1:
            return None, "ambiguous"
        if value in self.by_id:
            return self.by_id[value], None
        return None, "unknown"


def _parse_moment(value: str, tz) -> datetime | None:
    text = value.strip().replace("/", "-")
    try:
        if len(text) <= 10:
            return datetime.combine(date.fromisoformat(text), time(0, 0), tzinfo=tz)
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.replace(tzinfo=tz) if timezone.is_naive(moment) else moment


def _parse_count(value: str) -> tuple[int | None, str | None]:
    text = value.strip().replace(",", "").replace(" ", "")
    if text == "":
        return None, None
    try:
        number = int(text)
    except ValueError:
        return None, _("“%(value)s” is not a whole number.") % {"value": value}
    if number < 0:
        return None, _("A count cannot be negative.")
    if number > MAX_COUNT:
        return None, _("This number is too large.")
    return number, None


def parse_snapshots_csv(data: bytes, *, creator: User) -> ParsedImport:
    result = ParsedImport()
    if len(data) > MAX_BYTES:
        result.error(1, "", _("The file is larger than 5 MB; split it into smaller files."))
        return result
    text = _decode(data)
    if text is None:
        result.error(1, "", _("The file is not UTF-8 or GB18030 text."))
        return result
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        result.error(1, "", _("The file is empty."))
        return result
    except csv.Error as error:
        result.error(1, "", str(error))
        return result
    for name in header:
        if name not in HEADER:
            result.error(1, name, _("Unknown column “%(name)s”.") % {"name": name})
        elif header.count(name) > 1:
            result.error(1, name, _("Column “%(name)s” appears twice.") % {"name": name})
    for name in HEADER:
        if name in REQUIRED and name not in header:
            result.error(1, name, _("Missing column “%(name)s”.") % {"name": name})
    if result.errors:
        return result

    channels = _Lookup(Channel.objects.for_creator(creator).values_list("pk", "name"))
    items = _Lookup(ContentItem.objects.for_creator(creator).values_list("pk", "title"))
    tz = creator.tzinfo
    latest = timezone.now() + MAX_FUTURE
    first_line: dict[tuple, int] = {}
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(result.rows) + len(result.errors) >= MAX_ROWS:
                result.error(line, "", _("At most 20,000 rows per file."))
                break
            row, ok = _parse_row(result, line, header, cells, channels, items, tz, latest)
            if not ok:
                continue
            key = (row["channel_id"], row["content_item_id"], row["captured_at"])
            if key in first_line:
                result.error(
                    line,
                    "captured_at",
                    _("Same channel, item and time as line %(line)s.") % {"line": first_line[key]},
                )
                continue
            first_line[key] = line
            result.rows.append(row)
    except csv.Error as error:
        result.error(reader.line_num, "", str(error))
    if not result.rows and not result.errors:
        result.error(2, "", _("The file has a header but no rows."))
    return result


def _parse_row(result, line, header, cells, channels, items, tz, latest) -> tuple[dict, bool]:
    errors_before = len(result.errors)
    if len(cells) != len(header):
        result.error(
            line,
            "",
            _("Expected %(expected)s fields, found %(found)s.")
            % {"expected": len(header), "found": len(cells)},
        )
        return {}, False
    values = dict(zip(header, cells, strict=True))
    row: dict = {"content_item_id": None}

    channel = read_text_cell(values.get("channel", "").strip())
    if not channel:
        result.error(line, "channel", _("A channel is required."))
    else:
        row["channel_id"], problem = channels.find(channel)
        if problem == "unknown":
            result.error(line, "channel", _("Unknown channel “%(value)s”.") % {"value": channel})
        elif problem == "ambiguous":
            result.error(
                line,
                "channel",
                _("Several channels are called “%(value)s”; use the id.") % {"value": channel},
            )

    item = read_text_cell(values.get("content_item", "").strip())
    if item:
        row["content_item_id"], problem = items.find(item)
        if problem == "unknown":
            result.error(
                line, "content_item", _("Unknown content item “%(value)s”.") % {"value": item}
            )
        elif problem == "ambiguous":
            result.error(
                line,
                "content_item",
                _("Several items are called “%(value)s”; use the id.") % {"value": item},
            )

    raw_moment = values.get("captured_at", "")
    moment = _parse_moment(raw_moment, tz)
    if moment is None:
        result.error(
            line,
            "captured_at",
            _("“%(value)s” is not a date (use YYYY-MM-DD).") % {"value": raw_moment},
        )
    elif not in_range(moment):
        result.error(line, "captured_at", str(OUT_OF_RANGE))
    elif moment > latest:
        result.error(line, "captured_at", _("Numbers cannot be captured in the future."))
    else:
        row["captured_at"] = moment

    recorded = False
    for name in COUNTERS:
        number, problem = _parse_count(values.get(name, ""))
        if problem:
            result.error(line, name, problem)
        row[name] = number
        recorded = recorded or number is not None
    if not recorded and len(result.errors) == errors_before:
        result.error(line, COUNTERS[0], _("Enter at least one number."))
    return row, len(result.errors) == errors_before


def rows_to_session(rows: list[dict]) -> list[dict]:
    return [{**row, "captured_at": row["captured_at"].isoformat()} for row in rows]


def rows_from_session(rows: list[dict]) -> list[dict]:
    return [{**row, "captured_at": datetime.fromisoformat(row["captured_at"])} for row in rows]
