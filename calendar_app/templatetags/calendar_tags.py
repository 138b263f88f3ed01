from django import template

from .. import selectors
from ..item_urls import item_url
from ..tiles import render_more, render_tile, render_week_cells, tile_options

register = template.Library()


@register.inclusion_tag("calendar_app/partials/_this_week.html", takes_context=True)
def this_week_panel(context) -> dict:
    """The dashboard panel: the signed-in creator's pieces planned this week."""
    user = context["request"].user
    return {"items": selectors.items_this_week(user) if user.is_authenticated else []}


register.simple_tag(item_url, name="item_url")


def _tile_options(context, **extra) -> dict:
    """What every tile on a page shares: read-only or not, where to come back, the token."""
    return tile_options(
        readonly=bool(context.get("readonly")),
        self_url=context.get("self_url", ""),
        csrf_token=str(context.get("csrf_token", "")),
        day_pattern=context.get("day_pattern", ""),
        **extra,
    )


@register.simple_tag(takes_context=True)
def tile(context, item, show_date: bool = False, move_status: bool = False):
    options = _tile_options(context, statuses=context.get("statuses"))
    return render_tile(item, options, show_date=show_date, move_status=move_status)


@register.simple_tag(takes_context=True)
def day_more(context, day):
    """A day's "+N more" link when it has pieces its cell does not show."""
    return render_more(day, _tile_options(context))


@register.simple_tag(takes_context=True)
def week_cells(context, week):
    """A month-grid row's day cells with their tiles (see `calendar_app.tiles`)."""
    return render_week_cells(week, _tile_options(context))
