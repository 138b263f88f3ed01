"""The browser's date, date-and-time and time inputs take ISO 8601 values only (2026-12-01,
2026-12-01T09:30, 09:30), whatever the page's language: a localised value ("2026/12/01")
leaves the input blank. Every form uses these, never Django's localised defaults."""

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, **kwargs):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None, **kwargs):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None, **kwargs):
        super().__init__(attrs=attrs, format="%H:%M")
