import re

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts import strict
from accounts.secrets import masked
from positioning.models import Topic

from .connectors.errors import in_words
from .models import Channel, ContentItem, Series

TOPIC_ERRORS = {"does_not_exist": _("No such topic in your plan.")}
CHANNEL_ERRORS = {"does_not_exist": _("No such channel in your plan.")}


class SourceStatusSerializer(strict.Serializer):
    """How the channel's connector is doing; no credentials."""

    last_success_at = strict.DateTimeField(source="source_last_success_at", allow_null=True)
    next_run_at = strict.DateTimeField(source="source_next_run_at", allow_null=True)
    last_error = serializers.SerializerMethodField(
        help_text="The last failure in plain words, or empty."
    )
    state = strict.ChoiceField(source="source_state", choices=Channel.SourceState.choices)

    def get_last_error(self, channel: Channel) -> str:
        return in_words(channel.source_last_error)


class ChannelSerializer(strict.ModelSerializer):
    source_kind = strict.ChoiceField(
        choices=[("", "manual"), *Channel.Source.choices],
        required=False,
        help_text="Where the numbers come from; empty for typed in or imported.",
    )
    source_ref = strict.CharField(
        max_length=300,
        allow_blank=True,
        required=False,
        help_text="The feed URL, user, channel id or handle the connector needs.",
    )
    source_secret = strict.CharField(
        max_length=500,
        allow_blank=True,
        required=False,
        write_only=True,
        trim_whitespace=True,
        help_text="API key or token (write-only; empty removes it).",
    )
    source_secret_masked = serializers.SerializerMethodField(
        help_text="The stored key's last characters, e.g. ••••abcd, or empty."
    )
    source_status = SourceStatusSerializer(source="*", read_only=True)

    class Meta:
        model = Channel
        fields = [
            "id",
            "platform",
            "name",
            "url",
            "role",
            "created_at",
            "version",
            "source_kind",
            "source_ref",
            "source_secret",
            "source_secret_masked",
            "source_status",
        ]
        read_only_fields = ["id", "created_at", "version"]

    def get_source_secret_masked(self, channel: Channel) -> str:
        return masked(channel.source_secret_hint) if channel.source_secret else ""


class PlanObjectSerializer(strict.ModelSerializer):
    """A titled plan object whose foreign keys accept only the creator's own objects
    (context `creator`): each name in `owned` is limited to that model's rows of theirs."""

    owned = {"topic": Topic, "channel": Channel}

    topic = strict.PrimaryKeyRelatedField(
        queryset=Topic.objects.none(),
        allow_null=True,
        required=False,
        error_messages=TOPIC_ERRORS,
    )
    channel = strict.PrimaryKeyRelatedField(
        queryset=Channel.objects.none(),
        allow_null=True,
        required=False,
        error_messages=CHANNEL_ERRORS,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        creator = self.context.get("creator")
        if getattr(creator, "is_authenticated", False):
            for name, model in self.owned.items():
                self.fields[name].queryset = model.objects.for_creator(creator)

    def validate_title(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError(_("A title cannot be blank."))
        return value.strip()


class ContentItemSerializer(PlanObjectSerializer):
    owned = {**PlanObjectSerializer.owned, "repurposed_from": ContentItem}

    repurposed_from = strict.PrimaryKeyRelatedField(
        queryset=ContentItem.objects.none(),
        allow_null=True,
        required=False,
        error_messages={"does_not_exist": _("No such content item in your plan.")},
    )

    class Meta:
        model = ContentItem
        fields = ["id", *ContentItem.EDITABLE_FIELDS, "created_at", "updated_at", "version"]
        read_only_fields = ["id", "created_at", "updated_at", "version"]

    def validate_repurposed_from(self, value: ContentItem | None) -> ContentItem | None:
        if value is not None and self.instance is not None and value.pk == self.instance.pk:
            raise serializers.ValidationError(_("An item cannot be repurposed from itself."))
        return value


TIME_OF_DAY = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$"


@extend_schema_field({"type": "string", "pattern": TIME_OF_DAY, "example": "09:00:00"})
class TimeOfDayField(serializers.TimeField):
    """A local time of day as `hh:mm` or `hh:mm:ss`, exactly as the schema says (DRF's own
    parser also takes `0900`, `9` or a time with an offset, none of which mean anything here)."""

    def to_internal_value(self, value):
        if not isinstance(value, str) or not re.fullmatch(TIME_OF_DAY, value):
            self.fail("invalid", format="hh:mm[:ss]")
        return super().to_internal_value(value)


class SeriesSerializer(PlanObjectSerializer):
    """A recurring series; writes go through the planning services, which materialise the
    occurrences as content items."""

    time_of_day = TimeOfDayField()
    weekdays = serializers.ListField(
        child=strict.IntegerField(min_value=0, max_value=6),
        required=False,
        max_length=7,
        help_text=_("0 = Monday ... 6 = Sunday; at least one for a weekly series."),
    )
    occurrences = serializers.SerializerMethodField(
        help_text=_("How many occurrences (not skipped) the series has materialised.")
    )
    next_occurrence = serializers.SerializerMethodField(
        help_text=_("When the next occurrence that is not skipped is planned, if any.")
    )

    class Meta:
        model = Series
        fields = [
            "id",
            *Series.EDITABLE_FIELDS,
            "occurrences",
            "next_occurrence",
            "created_at",
            "version",
        ]
        read_only_fields = ["id", "created_at", "version"]

    def validate_weekdays(self, value: list[int]) -> list[int]:
        return sorted(set(value))

    @extend_schema_field(strict.IntegerField())
    def get_occurrences(self, obj: Series) -> int:
        # The list and detail querysets annotate it; a freshly written series counts.
        live = getattr(obj, "live_occurrences", None)
        return live if live is not None else obj.occurrences.filter(skipped=False).count()

    @extend_schema_field(strict.DateTimeField(allow_null=True))
    def get_next_occurrence(self, obj: Series) -> str | None:
        if hasattr(obj, "next_planned_for"):
            moment = obj.next_planned_for
        else:
            upcoming = obj.occurrences.filter(skipped=False, planned_for__gte=timezone.now())
            moment = upcoming.order_by("planned_for").values_list("planned_for", flat=True).first()
        return strict.DateTimeField().to_representation(moment) if moment else None


class SyncPageSerializer(strict.Serializer):
    """The shape of one `content-items/sync/` answer (for the OpenAPI schema)."""

    results = ContentItemSerializer(many=True)
    deleted = serializers.ListField(child=strict.IntegerField())
    cursor = strict.CharField(allow_null=True)
    # Built from the request's own host (which may have no top-level domain, as localhost).
    next = strict.CharField(allow_null=True, help_text="The absolute URL of the next page.")


class ImportResultSerializer(strict.Serializer):
    created = strict.IntegerField()
    updated = strict.IntegerField()
    unchanged = strict.IntegerField()
    items = serializers.ListField(child=strict.IntegerField())


class UploadSerializer(strict.Serializer):
    file = serializers.FileField()
