"""Bounds on what people and clients send: dates in a sane range, integers in ASCII digits.

A date the database cannot read back breaks every page that lists it: 9999-12-31 typed in a
zone west of UTC is stored as the year 10000. So every date and date-time that enters (forms,
the API, CSV, iCalendar and JSON imports) must fall in the years `MIN_YEAR`..`MAX_YEAR`, the
range the calendar pages already navigate, which stays far from both ends of what Python and
PostgreSQL can hold in any time zone. `install()` puts the check into Django's date form
fields and `accounts.strict` has it in the API's, so every form and serializer refuses such a
date with a field error; services check the dates they are handed with `check_dates()`.
Rows stored before the check existed are read back clamped (`accounts.db_dates`), so one
bad row never breaks a list.

Integers typed by people (`page_size`, ids in query strings, CSV cells, iCalendar UIDs) are
read with `ascii_int()`: `str.isdigit()` accepts a superscript two, which `int()` refuses, and
`int()` refuses more than 4,300 digits with a ValueError.
"""

import re
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MIN_YEAR = 1900
MAX_YEAR = 9000
OUT_OF_RANGE = _("Give a date between the years 1900 and 9000.")  # MIN_YEAR, MAX_YEAR

# Eighteen digits always fit a PostgreSQL bigint; the schema states the largest as a maximum.
_ASCII_INT = re.compile(r"[0-9]{1,18}")
ASCII_INT_MAX = 10**18 - 1


def ascii_int(value: object, *, minimum: int = 0, maximum: int = 2**63 - 1) -> int | None:
    """The integer `value` spells in 1-18 ASCII digits, if within the bounds; else None."""
    if not isinstance(value, str) or not _ASCII_INT.fullmatch(value):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def in_range(value: date | datetime | None) -> bool:
    """Is this date (or date-time, in whatever zone it carries) inside the sane range?"""
    return value is None or MIN_YEAR <= value.year <= MAX_YEAR


def check_dates(**values: date | datetime | None) -> None:
    """Refuse, naming the field, any of these dates outside the sane range."""
    errors = {name: OUT_OF_RANGE for name, value in values.items() if not in_range(value)}
    if errors:
        raise ValidationError(errors)


def _bounded_form(field_class) -> None:
    original = field_class.to_python

    def to_python(self, value):
        try:
            result = original(self, value)
        except OverflowError:
            raise ValidationError(OUT_OF_RANGE, code="out_of_range") from None
        if not in_range(result):
            raise ValidationError(OUT_OF_RANGE, code="out_of_range")
        return result

    field_class.to_python = to_python


def install() -> None:
    """Bound every Django form date field (called from `ready()`); the API's are
    `accounts.strict.DateField` and `DateTimeField`."""
    _bounded_form(forms.DateField)
    _bounded_form(forms.DateTimeField)
