"""The calendar tile and the month grid's day cells, rendered in Python.

A month page shows hundreds of tiles in 42 day cells. The markup is that of a small
template, but the template engine's per-node cost made them most of the page's time.
Every value is escaped with `html.escape`.
"""

from functools import lru_cache
from html import escape

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import ContentItem
from .selectors import Entry, Week
from .templatetags.calendar_tags import item_url


@lru_cache(maxsize=8)
def _labels(language: str) -> dict[str, str]:
    """The tile's words in `language`, escaped, looked up once rather than once per tile."""
    words = {
        "no_channel": _("no channel"),
        "series": _("Part of a series"),
        "status": _("Status"),
        "move_to": _("Move to"),
        "move": _("Move"),
        "add_title": _("Add a piece on this day"),
        "add_on": _("Add a piece on"),
        **{f"st:{value}": str(label) for value, label in ContentItem.Status.choices},
    }
    return {key: escape(str(value)) for key, value in words.items()}


def render_tile(
    item: Entry,
    *,
    readonly: bool,
    show_date: bool = False,
    move_status: bool = False,
    self_url: str = "",
    csrf_token: str = "",
    statuses: list[tuple[str, str]] | None = None,
) -> SafeString:
    words = _labels(get_language())
    pk = item.pk
    local = timezone.localtime(item.planned_for) if item.planned_for else None
    status = escape(item.status)
    platform = escape(item.channel_platform) if item.channel_id else "none"
    title = escape(item.title)
    drag = ""
    if not readonly:
        drag = (
            f' draggable="true" data-item="{pk}"'
            f' data-reschedule-url="{item_url("calendar_app:item_reschedule", pk)}"'
            f' data-status-url="{item_url("calendar_app:item_status", pk)}"'
        )
    when = ""
    if local is not None:
        day = local.strftime("%m-%d ") if show_date else ""
        when = f'<time datetime="{local.isoformat()}">{day}{local:%H:%M}</time> ·'
    channel = escape(item.channel_name) if item.channel_id else words["no_channel"]
    series = f' · <span class="muted" title="{words["series"]}">↻</span>' if item.series_id else ""
    actions = ""
    if not readonly:
        actions = _actions(item, local, words, move_status, self_url, csrf_token, statuses)
    return mark_safe(  # noqa: S308  (every value above is escaped)
        f'<article class="tile ch-{platform} st-{status}"{drag}>'
        f'<a class="tile-title" href="{item_url("calendar_app:item_detail", pk)}">{title}</a>'
        f'<span class="tile-meta">{when} <span class="tile-channel">{channel}</span> · '
        f'<span class="status status-{status}">{words[f"st:{item.status}"]}</span>{series}</span>'
        f"{actions}</article>"
    )


def _actions(item, local, words, move_status, self_url, csrf_token, statuses) -> str:
    pk = item.pk
    if move_status:
        url = item_url("calendar_app:item_status", pk)
        options = "".join(
            f'<option value="{escape(value)}"{" selected" if value == item.status else ""}>'
            f"{escape(str(label))}</option>"
            for value, label in statuses or []
        )
        field = (
            f'<label for="status-{pk}">{words["status"]}</label>'
            f'<select id="status-{pk}" name="status">{options}</select>'
        )
    else:
        url = item_url("calendar_app:item_reschedule", pk)
        value = local.strftime("%Y-%m-%d") if local else ""
        field = (
            f'<label for="move-{pk}">{words["move_to"]}</label>'
            f'<input id="move-{pk}" type="date" name="day" value="{value}" required>'
        )
    return (
        f'<details class="tile-actions"><summary>{words["move"]}'
        f'<span class="visually-hidden"> {escape(item.title)}</span></summary>'
        f'<form method="post" action="{url}" hx-post="{url}" hx-swap="none">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
        f'<input type="hidden" name="next" value="{escape(self_url)}">{field}'
        f'<button type="submit" class="small">{words["move"]}</button></form></details>'
    )


def render_week_cells(week: Week, *, readonly: bool, self_url: str, csrf_token: str) -> SafeString:
    """One month-grid row's seven day cells: the day's number, its add link and its tiles."""
    words = _labels(get_language())
    add_url = reverse("calendar_app:item_create")
    cells = []
    for day in week.days:
        iso = day.date.isoformat()
        classes = "day"
        if not day.in_month:
            classes += " day-outside"
        if day.is_today:
            classes += " day-today"
        add = ""
        if not readonly:
            add = (
                f'<a class="day-add" href="{add_url}?date={iso}" title="{words["add_title"]}">+'
                f'<span class="visually-hidden"> {words["add_on"]} {iso}</span></a>'
            )
        tiles = "".join(
            render_tile(item, readonly=readonly, self_url=self_url, csrf_token=csrf_token)
            for item in day.items
        )
        cells.append(
            f'<td class="{classes}" data-drop-date="{iso}"><div class="day-head">'
            f'<span class="day-number">{day.date.day}</span>{add}</div>{tiles}</td>'
        )
    return mark_safe("".join(cells))  # noqa: S308  (render_tile escapes; the rest is ours)
