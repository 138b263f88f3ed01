from django import template
from django.utils.formats import number_format

from accounts import formatting

register = template.Library()
EMPTY = "\u2013"  # an en dash for a missing number


@register.filter
def percent(value, digits: int = 1) -> str:
    """0.078 -> "7.8%"; empty stays empty."""
    if value is None or value == "":
        return EMPTY
    return formatting.percent(value, int(digits))


@register.filter
def signed(value) -> str:
    """+24 / -3 / 0; empty stays empty."""
    if value is None or value == "":
        return EMPTY
    return f"+{number_format(value)}" if value > 0 else number_format(value)


@register.filter
def decimals(value, digits: int = 3) -> str:
    if value is None or value == "":
        return EMPTY
    return number_format(float(value), int(digits))
