from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _

from positioning import method, selectors

register = template.Library()


@register.simple_tag
def stars(value: int | None, total: int = 5) -> str:
    """Filled and empty stars, with the number for screen readers."""
    if value is None:
        return format_html('<span class="muted">-</span>')
    label = _("%(value)s of %(total)s") % {"value": value, "total": total}
    return format_html(
        '<span class="stars" role="img" aria-label="{}">{}</span>',
        label,
        "★" * value + "☆" * (total - value),
    )


@register.filter
def thousands(value: int | None) -> str:
    """A whole number with thousands separators, whatever the language: 1,000,000."""
    return "" if value is None else f"{int(value):,}"


@register.filter
def intersection_label(value: str) -> str:
    return method.INTERSECTION_LABELS.get(value, value)


@register.filter
def decision_label(value: str) -> str:
    return method.DECISION_LABELS.get(value, value)


@register.filter
def verdict_label(value: str) -> str:
    return method.AUTHENTICITY_VERDICT_LABELS.get(value, value)


@register.simple_tag(takes_context=True)
def row_table(context, table: dict) -> str:
    """Render one kind's inline-editable table (see `positioning.rows.table_context`)."""
    return render_to_string(
        "positioning/partials/_rows.html#table", table, request=context.get("request")
    )


@register.simple_tag(takes_context=True)
def positioning_plan(context) -> dict:
    """The signed-in creator's first-month plan, for the dashboard panel."""
    return selectors.action_plan_for(context["request"].user)
