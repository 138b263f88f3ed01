import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from accounts.bounds import MAX_YEAR, MIN_YEAR, OUT_OF_RANGE
from accounts.models import User
from accounts.selectors import mentees_of
from accounts.strict_filters import StrictFilterSet
from accounts.widgets import DateInput
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
YEAR = re.compile(r"([0-9]{4,})-")


class IsoDateOrDateTimeField(forms.Field):
    """`2026-03-01` (a `date`: the filter makes it a whole day in the creator's time zone) or
    `2026-03-01T09:00:00+08:00` (an instant, in UTC; without an offset, in the current zone)."""

    default_error_messages = {"invalid": _("Enter an ISO 8601 date or date-time.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value)
        if not ISO_MOMENT.fullmatch(text):
            year = YEAR.match(text)
            if year and not MIN_YEAR <= int(year[1]) <= MAX_YEAR:
                raise forms.ValidationError(OUT_OF_RANGE, code="out_of_range")
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            # Date first: parse_datetime() would read a bare date as midnight.
            moment = parse_date(text) or parse_datetime(text)
        except ValueError:
            moment = None
        if moment is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if not isinstance(moment, datetime):
            return moment
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
    """`planned_for` from (`gte`) or up to (`lte`) a moment; a bare date counts whole days in
    the filterset's creator's time zone, so the page and the API agree on a day's items."""

    field_class = IsoDateOrDateTimeField

    def filter(self, qs, value):
        if not isinstance(value, date) or isinstance(value, datetime):
            return super().filter(qs, value)
        zone = self.parent.zone
        if self.lookup_expr == "gte":
            return qs.filter(**{f"{self.field_name}__gte": _midnight(value, zone)})
        return qs.filter(**{f"{self.field_name}__lt": _midnight(value + timedelta(days=1), zone)})


def _midnight(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


class OneOrManySelect(forms.Select):
    """A single choice with an "any" option on the page; every repeated value in a query, so
    `status=idea&status=draft` from an API client is read as the list it is."""

    @property
    def choices(self):
        return [("", _("any")), *self._choices]

    @choices.setter
    def choices(self, value):
        self._choices = [choice for choice in value if choice[0] != ""]

    def value_from_datadict(self, data, files, name):
        getlist = getattr(data, "getlist", None)
        return getlist(name) if getlist else data.get(name)


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
    """The content item filters of the API's lists and the items page. `creator` is whose
    items these are (default: the requesting user): bare dates are whole days in their zone."""

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=ContentItem.Status.choices, widget=OneOrManySelect
    )
    channel = django_filters.ModelChoiceFilter(label=_("Channel"), queryset=_readable_channels)
    topic = django_filters.ModelChoiceFilter(label=_("Topic"), queryset=_readable_topics)
    start = IsoMomentFilter(
        label=_("From"), field_name="planned_for", lookup_expr="gte", widget=DateInput
    )
    end = IsoMomentFilter(
        label=_("To"), field_name="planned_for", lookup_expr="lte", widget=DateInput
    )

    class Meta:
        model = ContentItem
        fields = ["q", "status", "channel", "topic", "start", "end"]

    def __init__(self, *args, creator: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        user = creator or getattr(self.request, "user", None)
        self.zone = (
            user.tzinfo if user and user.is_authenticated else timezone.get_current_timezone()
        )

    def search(self, queryset, name: str, value: str):
        """Any part of the title or notes, so Chinese text (no word boundaries) matches too."""
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(notes__icontains=value))


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
