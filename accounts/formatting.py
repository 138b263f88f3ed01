"""One way to show a date, a time, a percentage and a count per language, in the reader's
time zone (the active one: the user's, set by `accounts.middleware`).

Templates use them through `{% load fmt %}`; Python code (notifications, exports shown to a
person) calls them directly.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone
from django.utils.dateformat import format as dj_format
from django.utils.translation import get_language, ngettext

# Per language: a date, a time, a date with a time. Django's format syntax.
FORMATS = {
    "en": {"date": "j M Y", "time": "H:i", "datetime": "j M Y, H:i", "month": "F Y"},
    "zh": {"date": "Y年n月j日", "time": "H:i", "datetime": "Y年n月j日 H:i", "month": "Y年n月"},
}


def _formats() -> dict[str, str]:
    language = (get_language() or "en").lower()
    return FORMATS["zh" if language.startswith("zh") else "en"]


def local(moment: datetime) -> datetime:
    """An aware instant in the reader's time zone."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return timezone.localtime(moment)


def date_short(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local(value)
    return dj_format(value, _formats()["date"])


def time_short(value: time | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local(value)
    return dj_format(value, _formats()["time"])


def datetime_short(value: datetime | None) -> str:
    if value is None:
        return ""
    return dj_format(local(value), _formats()["datetime"])


def month_title(value: date | None) -> str:
    """A month as a heading ("June 2026", "2026年6月")."""
    if value is None:
        return ""
    return dj_format(value, _formats()["month"])


def percent(ratio: float | Decimal | None, digits: int = 1) -> str:
    """A ratio (0.168) as a percentage ("16.8%")."""
    if ratio is None:
        return "\u2013"
    return f"{float(ratio) * 100:.{digits}f}%"


def number(value: float | Decimal | int | None, digits: int = 1) -> str:
    if value is None:
        return "\u2013"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{float(value):,.{digits}f}"


UNITS = {
    # unit: its phrase in the right plural form; add a unit here to count it anywhere.
    "week": lambda n: ngettext("%(count)s week", "%(count)s weeks", n),
    "day": lambda n: ngettext("%(count)s day", "%(count)s days", n),
    "piece": lambda n: ngettext("%(count)s piece", "%(count)s pieces", n),
    "step": lambda n: ngettext("%(count)s step", "%(count)s steps", n),
}


def count(value: int | None, unit: str) -> str:
    """A count with its unit in the right plural form ("1 week", "2 weeks", "2 周")."""
    value = int(value or 0)
    return UNITS[unit](value) % {"count": f"{value:,}"}
