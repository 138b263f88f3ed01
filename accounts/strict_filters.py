"""Query-string filters as strict as the OpenAPI schema they publish.

django-filter is forgiving: an empty value, `null` for a boolean, `0.5` or a non-ASCII digit for
an integer, or a parameter given twice quietly means "no filter" (or the last value wins).
The schema promises a boolean, an integer, an enum, so the API answers anything else with
a 400 naming the parameter, the way it treats JSON bodies (`accounts.strict`).
"""

import re

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as drf_filters

# At most 18 digits: every integer column is a bigint, and int() refuses 4,300 digits.
INTEGER = re.compile(r"-?[0-9]{1,18}")
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
BOOLEANS = {"true", "false"}

MESSAGES = {
    "blank": _("This value may not be blank."),
    "repeated": _("Give this parameter once."),
    "boolean": _("Must be true or false."),
    "integer": _("A valid integer is required."),
    "number": _("A valid number is required."),
}

INTEGER_FIELDS = (models.IntegerField, models.AutoField, models.ForeignKey)


def strict_integer(value: str) -> int | None:
    """The integer a query value spells in ASCII digits, or None."""
    return int(value) if INTEGER.fullmatch(value) else None


def _kind(filter_, model) -> str | None:
    """How a filter's raw query value is checked beyond its form field."""
    if isinstance(filter_, django_filters.BooleanFilter):
        return "boolean"
    if isinstance(filter_, django_filters.ModelChoiceFilter | django_filters.NumberFilter):
        try:
            field = model._meta.get_field(filter_.field_name.split("__")[0]) if model else None
        except FieldDoesNotExist:  # a computed name: check it as a number
            field = None
        if isinstance(filter_, django_filters.ModelChoiceFilter) or isinstance(
            field, INTEGER_FIELDS
        ):
            return "integer"
        return "number"
    return None


class StrictQueryForm(forms.Form):
    strict_kinds: dict[str, str | None] = {}
    multi_valued: frozenset[str] = frozenset()

    def clean(self):
        cleaned = super().clean()
        getlist = getattr(self.data, "getlist", None)
        for name, field in self.fields.items():
            if name not in self.data:
                continue
            values = getlist(name) if getlist else [self.data[name]]
            if len(values) > 1 and name not in self.multi_valued:
                self.add_error(name, MESSAGES["repeated"])
                continue
            kind = self.strict_kinds.get(name)
            for value in values:
                problem = None
                if value == "" and type(field) is not forms.CharField:
                    problem = "blank"
                elif kind == "boolean" and value not in BOOLEANS:
                    problem = "boolean"
                elif kind == "integer" and not INTEGER.fullmatch(value):
                    problem = "integer"
                elif kind == "number" and not NUMBER.fullmatch(value):
                    problem = "number"
                if problem:
                    if name in self.errors:
                        self.errors.pop(name)
                    self.add_error(name, MESSAGES[problem])
                    break
        return cleaned


class StrictFilterSetMixin:
    def get_form_class(self):
        form_class = super().get_form_class()
        attrs = {
            "strict_kinds": {name: _kind(f, self._meta.model) for name, f in self.filters.items()},
            "multi_valued": frozenset(
                name
                for name, f in self.filters.items()
                if isinstance(
                    f,
                    django_filters.MultipleChoiceFilter
                    | django_filters.ModelMultipleChoiceFilter
                    | django_filters.BaseInFilter,
                )
            ),
        }
        return type(form_class.__name__, (StrictQueryForm, form_class), attrs)


class StrictFilterSet(StrictFilterSetMixin, drf_filters.FilterSet):
    """The base of the FilterSets that `filterset_fields` generate."""


class StrictDjangoFilterBackend(drf_filters.DjangoFilterBackend):
    filterset_base = StrictFilterSet

    def get_filterset_kwargs(self, request, queryset, view):
        """A view listing someone else's rows names them (`filter_creator()`), for the
        filters that count days in the creator's time zone."""
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        if hasattr(view, "filter_creator"):
            kwargs["creator"] = view.filter_creator()
        return kwargs
