"""The calendar tile, the month grid's day cells and "+N more", rendered with Jinja2.

A month page shows up to a hundred and more tiles in 42 day cells; Django's template engine
costs too much per node for them, so they are Jinja2 macros
(`calendar_app/jinja2/calendar_app/tiles.html`, autoescaped like every Django template).
"""

from functools import lru_cache

from django.template import engines
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from markupsafe import Markup

from .item_urls import item_url
from .models import ContentItem
from .selectors import Entry, Week


@lru_cache(maxsize=1)
def _macros():
    return engines["jinja2"].env.get_template("calendar_app/tiles.html").module


@lru_cache(maxsize=8)
def _words(language: str) -> dict[str, str]:
    """The tiles' words in `language` (the active one), looked up once rather than per tile."""
    return {
        "no_channel": _("no channel"),
        "series": _("Part of a series"),
        "status": _("Status"),
        "move_to": _("Move to"),
        "move": _("Move"),
        "add_title": _("Add a piece on this day"),
        "add_on": _("Add a piece on"),
        **{value: str(label) for value, label in ContentItem.Status.choices},
    }


def _around_id(name: str) -> tuple[str, str]:
    """An item URL as the text before and after the item's id."""
    prefix, _id, suffix = item_url(name, 0).rpartition("/0/")
    return f"{prefix}/", f"/{suffix}"


_DAY = "2000-01-01"


def day_pattern(mentee_id: int | None = None) -> str:
    """The day page's URL with a placeholder date (`tile_options` fills each day in)."""
    if mentee_id is None:
        return reverse("calendar_app:day", args=[_DAY])
    return reverse("calendar_app:mentee_day", args=[mentee_id, _DAY])


def tile_options(
    *, readonly: bool, self_url: str, csrf_token: str, day_pattern: str = "", statuses=None
) -> dict:
    """What every tile on a page shares."""
    return {
        "readonly": readonly,
        "self_url": self_url,
        "csrf_token": csrf_token,
        "statuses": statuses,
        "words": _words(get_language()),
        "detail": _around_id("calendar_app:item_detail"),
        "reschedule": _around_id("calendar_app:item_reschedule"),
        "status": _around_id("calendar_app:item_status"),
        "add_url": reverse("calendar_app:item_create"),
        "day_url": lambda day: day_pattern.replace(_DAY, day.isoformat()),
    }


def render_tile(item: Entry, options: dict, *, show_date=False, move_status=False) -> Markup:
    return _macros().tile(item, options, show_date, move_status)


def render_tiles(items: list[Entry], options: dict) -> Markup:
    return _macros().tiles(items, options)


def render_more(day, options: dict) -> Markup:
    return _macros().more(day, options)


def render_week_cells(week: Week, options: dict) -> Markup:
    """One month-grid row's seven day cells: number, add link, first tiles, "+N more"."""
    return _macros().week_cells(week, options)
