"""The private iCalendar (RFC 5545) feed of a creator's plan, and reading .ics files back in.

Other apps add their own events to the feed (the reviews app: reviews falling due) with
`register_feed_source(source)` from their `AppConfig.ready()`: a source takes the creator and
returns `icalendar.Event`s, best built with `make_event()` so that they follow the same rules
(stable UID, DTSTAMP = LAST-MODIFIED = the object's last change, SEQUENCE = its version).
"""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.bounds import MAX_YEAR, MIN_YEAR, ascii_int, in_range
from accounts.models import User

from ..models import ContentItem, ContentItemTombstone

FeedSource = Callable[[User], Iterable[icalendar.Event]]

_feed_sources: list[FeedSource] = []

EVENT_LENGTH = timedelta(hours=1)
UID_PREFIX = "content-item-"


def register_feed_source(source: FeedSource) -> None:
    """Add events of another kind (e.g. reviews due) to every creator's feed."""
    if source not in _feed_sources:
        _feed_sources.append(source)


def uid_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "sweetspot.local"


def item_uid(item: ContentItem) -> str:
    # An imported event keeps the UID its calendar gave it, so the round trip is lossless.
    return item.ical_uid or f"{UID_PREFIX}{item.pk}@{uid_domain()}"


def item_id_from_uid(uid: str) -> int | None:
    """The id of one of our own items from a UID this feed issued, else None."""
    name, _sep, domain = uid.partition("@")
    number = name.removeprefix(UID_PREFIX)
    if domain == uid_domain() and name.startswith(UID_PREFIX):
        return ascii_int(number)
    return None


def make_event(
    *,
    uid: str,
    summary: str,
    start: datetime | date,
    modified: datetime,
    sequence: int,
    end: datetime | date | None = None,
    description: str = "",
    url: str = "",
    categories: Iterable[str] = (),
    status: str = "CONFIRMED",
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    # DTSTAMP is the last revision, not the fetch time, so an unchanged feed is byte-identical
    # and its ETag holds (RFC 5545 3.8.7.2: without METHOD, DTSTAMP is the last revision time).
    event.add("dtstamp", modified)
    event.add("last-modified", modified)
    event.add("sequence", sequence)
    event.add("summary", summary)
    event.add("dtstart", start)
    if end is not None:
        event.add("dtend", end)
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    categories = [category for category in categories if category]
    if categories:
        event.add("categories", categories)
    event.add("status", status)
    return event


def feed_items(creator: User) -> QuerySet[ContentItem]:
    return (
        ContentItem.objects.for_creator(creator)
        .filter(Q(planned_for__isnull=False) | Q(published_at__isnull=False))
        .select_related("channel", "topic")
        .order_by("pk")
    )


def _ical_status(item: ContentItem) -> str:
    if item.status == ContentItem.Status.ARCHIVED:
        return "CANCELLED"
    if item.status in (ContentItem.Status.SCHEDULED, ContentItem.Status.PUBLISHED):
        return "CONFIRMED"
    return "TENTATIVE"


def _description(item: ContentItem) -> str:
    lines = [
        f"{_('Status')}: {item.get_status_display()}",
        f"{_('Format')}: {item.get_format_display()}",
    ]
    if item.topic:
        lines.append(f"{_('Topic')}: {item.topic.name}")
    if item.channel:
        lines.append(f"{_('Channel')}: {item.channel.name}")
    if item.notes:
        lines += ["", item.notes]
    return "\n".join(lines)


def item_page_url(item: ContentItem) -> str:
    """Where the feed's URL property points: the published piece, else the planning page."""
    return item.url or f"{settings.SITE_URL}/plan/"


def item_event(item: ContentItem) -> icalendar.Event:
    start = item.planned_for or item.published_at
    return make_event(
        uid=item_uid(item),
        summary=item.title,
        start=start,
        end=start + EVENT_LENGTH,
        modified=item.updated_at,
        sequence=item.version,
        description=_description(item),
        url=item_page_url(item),
        categories=[item.channel.name if item.channel else "", item.get_status_display()],
        status=_ical_status(item),
    )


@dataclass(frozen=True)
class Feed:
    body: bytes
    etag: str
    last_modified: datetime | None


def build_feed(creator: User) -> Feed:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Sweetspot//Content plan//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Sweetspot plan of %(name)s") % {"name": creator})
    calendar.add("x-wr-timezone", creator.timezone)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    items = list(feed_items(creator))
    for item in items:
        calendar.add_component(item_event(item))
    for source in _feed_sources:
        for event in source(creator):
            calendar.add_component(event)
    body = calendar.to_ical()
    deleted = ContentItemTombstone.objects.filter(creator_id=creator.pk).aggregate(
        last=Max("deleted_at")
    )["last"]
    moments = [item.updated_at for item in items] + ([deleted] if deleted else [])
    return Feed(
        body=body,
        etag='"' + hashlib.sha256(body).hexdigest()[:40] + '"',
        last_modified=max(moments) if moments else None,
    )


# --- reading .ics files --------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedEvent:
    uid: str
    summary: str
    start: datetime | None
    description: str
    url: str
    cancelled: bool
    categories: tuple[str, ...]


class IcsError(ValueError):
    pass


def _as_moment(value: date | datetime | None, tz) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(9, 0))
    if timezone.is_naive(value):
        value = value.replace(tzinfo=tz)
    return value


def _text(component, name: str) -> str:
    value = component.get(name)
    return str(value).strip() if value is not None else ""


def _categories(component) -> tuple[str, ...]:
    values = component.get("categories")
    if values is None:
        return ()
    values = values if isinstance(values, list) else [values]
    return tuple(str(cat).strip() for value in values for cat in value.cats if str(cat).strip())


def parse_ics(data: bytes, *, tz) -> list[ParsedEvent]:
    """The VEVENTs of an .ics file; naive and all-day times are read in the creator's zone."""
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except (ValueError, IndexError, KeyError, TypeError) as error:
        raise IcsError(_("This is not a valid iCalendar file.")) from error
    events = []
    for calendar in calendars:
        for component in calendar.walk("VEVENT"):
            uid = _text(component, "uid")
            if not uid:
                raise IcsError(
                    _("Every event needs a UID (event %(n)d has none).") % {"n": len(events) + 1}
                )
            dtstart = component.get("dtstart")
            try:
                start = _as_moment(dtstart.dt if dtstart is not None else None, tz)
            except (AttributeError, ValueError) as error:
                raise IcsError(
                    _("Event %(uid)s has an unreadable start.") % {"uid": uid}
                ) from error
            if not in_range(start):
                raise IcsError(
                    _("Event %(uid)s starts outside the years %(min)d to %(max)d.")
                    % {"uid": uid, "min": MIN_YEAR, "max": MAX_YEAR}
                )
            event = ParsedEvent(
                uid=uid[:255],
                summary=_text(component, "summary"),
                start=start,
                description=_text(component, "description"),
                url=_text(component, "url"),
                cancelled=_text(component, "status").upper() == "CANCELLED",
                categories=_categories(component),
            )
            texts = (event.uid, event.summary, event.description, event.url, *event.categories)
            if any("\x00" in text for text in texts):
                raise IcsError(
                    _("Event %(uid)s contains a NUL character, which no text may hold.")
                    % {"uid": uid.replace("\x00", "")}
                )
            events.append(event)
    return events
