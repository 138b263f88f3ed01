from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts import strict
from accounts.serializers import MenteeSerializer
from analytics.models import (
    COUNTERS,
    ChannelGrowth,
    GoalProgress,
    GrowthSummary,
    IncomeEntry,
    MetricSnapshot,
    MonthlyAllocation,
    TimeEntry,
)
from calendar_app.models import Channel, ContentItem

MAX_BULK = 1000


class BulkSnapshotSerializer(serializers.ListSerializer):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MAX_BULK)
        kwargs.setdefault("allow_empty", False)
        super().__init__(*args, **kwargs)


class MetricSnapshotSerializer(strict.ModelSerializer):
    channel = strict.PrimaryKeyRelatedField(queryset=Channel.objects.none())
    content_item = strict.PrimaryKeyRelatedField(
        queryset=ContentItem.objects.none(), allow_null=True, required=False
    )

    class Meta:
        model = MetricSnapshot
        fields = [
            "id",
            "channel",
            "content_item",
            "captured_at",
            "followers",
            "views",
            "likes",
            "comments",
            "shares",
            "saves",
            "source",
            "updated_at",
        ]
        read_only_fields = ["id", "source", "updated_at"]
        list_serializer_class = BulkSnapshotSerializer
        # The same moment updates the stored row (an upsert), so no uniqueness validator.
        validators: list = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self.fields["channel"].queryset = Channel.objects.for_creator(user)
            self.fields["content_item"].queryset = ContentItem.objects.for_creator(user)


def snapshot_row(data: dict) -> dict:
    """A validated snapshot payload as a row for `services.snapshots_upsert`."""
    item = data.get("content_item")
    return {
        "channel_id": data["channel"].pk,
        "content_item_id": item.pk if item else None,
        "captured_at": data["captured_at"],
        **{name: data.get(name) for name in COUNTERS},
    }


class ImportRequestSerializer(strict.Serializer):
    file = serializers.FileField(help_text=_("A CSV file in the template's format."))


class ImportErrorSerializer(strict.Serializer):
    line = strict.IntegerField()
    column = strict.CharField()
    message = strict.CharField()


class UpsertResultSerializer(strict.Serializer):
    created = strict.IntegerField()
    updated = strict.IntegerField()


class TimeEntrySerializer(strict.ModelSerializer):
    class Meta:
        model = TimeEntry
        fields = ["id", "spent_on", "activity", "hours", "note"]


class IncomeEntrySerializer(strict.ModelSerializer):
    class Meta:
        model = IncomeEntry
        fields = ["id", "received_on", "route", "amount", "note"]


class ChannelGrowthSerializer(strict.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = ChannelGrowth
        fields = [
            "channel",
            "name",
            "followers",
            "delta_week",
            "delta_month",
            "growth_week",
            "growth_month",
            "last_captured_on",
            "weekly",
        ]

    def get_name(self, row: ChannelGrowth) -> str | None:
        return row.channel.name if row.channel else None


class EngagementRowSerializer(strict.Serializer):
    key = strict.CharField()
    label = strict.CharField()
    items = strict.IntegerField()
    views = strict.IntegerField()
    interactions = strict.IntegerField()
    rate = strict.FloatField(allow_null=True)


class EngagementSerializer(strict.Serializer):
    channel = EngagementRowSerializer(many=True)
    layer = EngagementRowSerializer(many=True)
    format = EngagementRowSerializer(many=True)
    month = EngagementRowSerializer(many=True)


class GoalProgressSerializer(strict.ModelSerializer):
    phase_name = strict.CharField(source="phase.name")

    class Meta:
        model = GoalProgress
        fields = [
            "phase",
            "phase_name",
            "starts_on",
            "deadline",
            "follower_target",
            "followers",
            "follower_forecast",
            "output_target",
            "published",
            "output_forecast",
        ]


class AllocationSerializer(strict.ModelSerializer):
    class Meta:
        model = MonthlyAllocation
        fields = [
            "month",
            "total_hours",
            "creation_hours",
            "promotion_hours",
            "monetisation_hours",
            "capability_gain",
            "brand_gain",
            "reach_gain",
        ]


class IPFactorSerializer(strict.Serializer):
    key = strict.CharField()
    label = strict.CharField()
    measured = strict.FloatField()
    factor = strict.FloatField()


class SummarySerializer(strict.ModelSerializer):
    class Meta:
        model = GrowthSummary
        fields = [
            "as_of",
            "followers",
            "delta_week",
            "delta_month",
            "growth_week",
            "growth_month",
            "engagement_rate",
            "last_published_on",
            "published_this_week",
            "published_per_week",
            "weekly_target",
            "streak_weeks",
            "income_90_days",
            "ip_index",
            "computed_at",
        ]


class GrowthSerializer(strict.Serializer):
    """The `growth/` document: the latest computed metrics of one creator."""

    summary = SummarySerializer(allow_null=True)
    total = ChannelGrowthSerializer(allow_null=True)
    channels = ChannelGrowthSerializer(many=True)
    engagement = EngagementSerializer()
    goals = GoalProgressSerializer(many=True)
    time_allocation = AllocationSerializer(many=True, source="allocations")
    personal_ip = IPFactorSerializer(many=True, source="ip_factors")


class HealthSerializer(strict.ModelSerializer):
    trend = strict.CharField()

    class Meta:
        model = GrowthSummary
        fields = [
            "last_published_on",
            "streak_weeks",
            "published_per_week",
            "weekly_target",
            "followers",
            "growth_month",
            "trend",
        ]


class MenteeHealthSerializer(MenteeSerializer):
    health = HealthSerializer(source="growth_summary", read_only=True, allow_null=True)
    overdue_reviews = strict.IntegerField(read_only=True)
    connectors = strict.IntegerField(read_only=True, help_text="Channels with a connector.")
    connectors_failing = strict.IntegerField(
        read_only=True, help_text="Of those, the ones failing or paused."
    )

    class Meta(MenteeSerializer.Meta):
        fields = [
            *MenteeSerializer.Meta.fields,
            "health",
            "overdue_reviews",
            "connectors",
            "connectors_failing",
        ]
