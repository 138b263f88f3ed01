from functools import lru_cache

from django import template
from django.urls import reverse

from .. import selectors

register = template.Library()


@register.inclusion_tag("calendar_app/partials/_this_week.html", takes_context=True)
def this_week_panel(context) -> dict:
    """The dashboard panel: the signed-in creator's pieces planned this week."""
    user = context["request"].user
    return {"items": selectors.items_this_week(user) if user.is_authenticated else []}


_PLACEHOLDER = "2147483647"


@lru_cache(maxsize=64)
def _url_pattern(name: str) -> str:
    return reverse(name, args=[int(_PLACEHOLDER)])


@register.simple_tag
def item_url(name: str, pk: int) -> str:
    """`{% url name pk %}` for pages that list hundreds of items: reversed once per name."""
    return _url_pattern(name).replace(_PLACEHOLDER, str(pk))


def _tile_options(context, **extra) -> dict:
    """What every tile on a page shares: read-only or not, where to come back, the token."""
    from ..tiles import tile_options

    return tile_options(
        readonly=bool(context.get("readonly")),
        self_url=context.get("self_url", ""),
        csrf_token=str(context.get("csrf_token", "")),
        day_pattern=context.get("day_pattern", ""),
        **extra,
    )


@register.simple_tag(takes_context=True)
def tile(context, item, show_date: bool = False, move_status: bool = False):
    from ..tiles import render_tile

    options = _tile_options(context, statuses=context.get("statuses"))
    return render_tile(item, options, show_date=show_date, move_status=move_status)


@register.simple_tag(takes_context=True)
def day_more(context, day):
    """A day's "+N more" link when it has pieces its cell does not show."""
    from ..tiles import render_more

    return render_more(day, _tile_options(context))


@register.simple_tag(takes_context=True)
def week_cells(context, week):
    """A month-grid row's day cells with their tiles (see `calendar_app.tiles`)."""
    from ..tiles import render_week_cells

    return render_week_cells(week, _tile_options(context))
