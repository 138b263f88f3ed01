"""The calendar tile, rendered in Python: a month page shows hundreds of them.

The markup is that of a small template, but the template engine's per-node cost made
tiles most of the month page's time; this keeps the page fast whatever it holds.
"""

from functools import lru_cache

from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import ContentItem
from .templatetags.calendar_tags import item_url


@lru_cache(maxsize=8)
def _labels(language: str) -> dict[str, str]:
    """The tile's words in `language`, looked up once rather than once per tile."""
    return {
        "no_channel": _("no channel"),
        "series": _("Part of a series"),
        "status": _("Status"),
        "move_to": _("Move to"),
        "move": _("Move"),
        **{f"st:{value}": str(label) for value, label in ContentItem.Status.choices},
    }


def render_tile(
    item: ContentItem,
    *,
    readonly: bool,
    show_date: bool = False,
    move_status: bool = False,
    self_url: str = "",
    csrf_token: str = "",
    statuses: list[tuple[str, str]] | None = None,
) -> SafeString:
    words = _labels(get_language())
    local = timezone.localtime(item.planned_for) if item.planned_for else None
    reschedule = item_url("calendar_app:item_reschedule", item.pk)
    status_url = item_url("calendar_app:item_status", item.pk)
    drag = (
        format_html(
            ' draggable="true" data-item="{}" data-reschedule-url="{}" data-status-url="{}"',
            item.pk,
            reschedule,
            status_url,
        )
        if not readonly
        else ""
    )
    when = ""
    if local is not None:
        when = format_html(
            '<time datetime="{}">{}{}</time> ·',
            local.isoformat(),
            local.strftime("%m-%d ") if show_date else "",
            local.strftime("%H:%M"),
        )
    channel = item.channel.name if item.channel_id else words["no_channel"]
    series = (
        format_html(' · <span class="muted" title="{}">↻</span>', words["series"])
        if item.series_id
        else ""
    )
    meta = format_html(
        '<span class="tile-meta">{} <span class="tile-channel">{}</span> · '
        '<span class="status status-{}">{}</span>{}</span>',
        when,
        channel,
        item.status,
        words[f"st:{item.status}"],
        series,
    )
    actions = "" if readonly else _actions(item, words, move_status, self_url, csrf_token, statuses)
    return format_html(
        '<article class="tile ch-{} st-{}"{}><a class="tile-title" href="{}">{}</a>{}{}</article>',
        item.channel.platform if item.channel_id else "none",
        item.status,
        drag,
        item_url("calendar_app:item_detail", item.pk),
        item.title,
        meta,
        actions,
    )


def _actions(item, words, move_status, self_url, csrf_token, statuses) -> SafeString:
    csrf = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token)
    hidden = format_html('<input type="hidden" name="next" value="{}">', self_url)
    if move_status:
        url = item_url("calendar_app:item_status", item.pk)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, mark_safe(" selected") if value == item.status else "", label)
                for value, label in statuses or []
            ),
        )
        field = format_html(
            '<label for="status-{0}">{1}</label><select id="status-{0}" name="status">{2}</select>',
            item.pk,
            words["status"],
            options,
        )
    else:
        url = item_url("calendar_app:item_reschedule", item.pk)
        local = timezone.localtime(item.planned_for) if item.planned_for else None
        field = format_html(
            '<label for="move-{0}">{1}</label>'
            '<input id="move-{0}" type="date" name="day" value="{2}" required>',
            item.pk,
            words["move_to"],
            local.strftime("%Y-%m-%d") if local else "",
        )
    return format_html(
        '<details class="tile-actions"><summary>{0}<span class="visually-hidden"> {1}</span>'
        '</summary><form method="post" action="{2}" hx-post="{2}" hx-swap="none">{3}{4}{5}'
        '<button type="submit" class="small">{0}</button></form></details>',
        words["move"],
        item.title,
        url,
        csrf,
        hidden,
        field,
    )
