from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("calendar_app/partials/_this_week.html", takes_context=True)
def this_week_panel(context) -> dict:
    """The dashboard panel: the signed-in creator's pieces planned this week."""
    user = context["request"].user
    return {"items": selectors.items_this_week(user) if user.is_authenticated else []}
