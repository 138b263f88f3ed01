import re
from datetime import UTC, datetime, time

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from accounts.selectors import mentees_of
from accounts.strict_filters import StrictFilterSet
from positioning.models import Topic

from .models import Channel, ContentItem, Series

# A date, or a date-time with an optional UTC offset; the schema publishes the same pattern.
# Years as `accounts.bounds` takes them, months and days as calendars have them (a 29
# February outside a leap year is the one date it admits and the parser refuses).
ISO_MOMENT_PATTERN = (
    r"^(19[0-9]{2}|[2-8][0-9]{3}|9000)-"
    r"((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)"
    r"|02-(0[1-9]|1[0-9]|2[0-9]))"
    r"(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?"
    r"(Z|[+-]([01][0-9]|2[0-3]):?[0-5][0-9])?)?$"
)
ISO_MOMENT = re.compile(ISO_MOMENT_PATTERN.removeprefix("^").removesuffix("$"))


class IsoDateOrDateTimeField(forms.Field):
    """`2026-03-01` or `2026-03-01T09:00:00+08:00`. A bare date means that day's start, or its
    end for an upper bound, in the current (the creator's) time zone."""

    default_error_messages = {"invalid": _("Enter an ISO 8601 date or date-time.")}

    def __init__(self, *, end_of_day: bool = False, **kwargs):
        self.end_of_day = end_of_day
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value)
        if not ISO_MOMENT.fullmatch(text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            # Date first: parse_datetime() would read a bare date as midnight.
            moment = parse_date(text) or parse_datetime(text)
        except ValueError:
            moment = None
        if moment is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if not isinstance(moment, datetime):
            moment = datetime.combine(moment, time.max if self.end_of_day else time.min)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        # In UTC: an offset ISO 8601 allows (up to 23:59) may be past what PostgreSQL holds.
        return moment.astimezone(UTC)


@extend_schema_field(
    {
        "type": "string",
        "pattern": ISO_MOMENT_PATTERN,
        "description": "An ISO 8601 date (`2026-03-01`, that day in your time zone) or "
        "date-time (`2026-03-01T09:00:00+08:00`).",
    }
)
class IsoMomentFilter(django_filters.Filter):
    field_class = IsoDateOrDateTimeField


def _readable(model, request):
    # Lazy (a subquery), so that a request without this filter runs no query for it.
    if request is None or not request.user.is_authenticated:
        return model.objects.none()
    user = request.user
    return model.objects.filter(Q(creator=user) | Q(creator__in=mentees_of(user).values("pk")))


def _readable_channels(request):
    return _readable(Channel, request)


def _readable_topics(request):
    return _readable(Topic, request)


class ContentItemFilter(StrictFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ContentItem.Status.choices)
    channel = django_filters.ModelChoiceFilter(queryset=_readable_channels)
    topic = django_filters.ModelChoiceFilter(queryset=_readable_topics)
    start = IsoMomentFilter(field_name="planned_for", lookup_expr="gte")
    end = IsoMomentFilter(field_name="planned_for", lookup_expr="lte", end_of_day=True)

    class Meta:
        model = ContentItem
        fields = ["status", "channel", "topic", "start", "end"]


class ChannelFilter(StrictFilterSet):
    class Meta:
        model = Channel
        fields = ["platform", "role"]


class SeriesFilter(StrictFilterSet):
    channel = django_filters.ModelChoiceFilter(queryset=_readable_channels)
    topic = django_filters.ModelChoiceFilter(queryset=_readable_topics)
    frequency = django_filters.ChoiceFilter(choices=Series.Frequency.choices)

    class Meta:
        model = Series
        fields = ["channel", "topic", "frequency"]
