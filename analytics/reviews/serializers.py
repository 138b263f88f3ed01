from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts import strict
from analytics.models import Review, ReviewItem


class ReviewItemSerializer(strict.ModelSerializer):
    id = strict.IntegerField()
    done = strict.BooleanField()
    # A built-in item in the caller's language; what the creator typed, as typed.
    text = strict.CharField(source="label", read_only=True)

    class Meta:
        model = ReviewItem
        fields = ["id", "text", "done"]
        read_only_fields = ["text"]


class ReflectionSerializer(strict.Serializer):
    went_well = strict.CharField(
        allow_blank=True, max_length=5000, required=False, help_text=_("what worked")
    )
    went_badly = strict.CharField(
        allow_blank=True, max_length=5000, required=False, help_text=_("what did not work")
    )
    next_focus = strict.CharField(
        allow_blank=True, max_length=5000, required=False, help_text=_("next focus")
    )


class ReviewSerializer(strict.ModelSerializer):
    items = ReviewItemSerializer(many=True, required=False)
    reflection = ReflectionSerializer(source="*", required=False)
    completed = strict.BooleanField(
        write_only=True, required=False, help_text=_("true completes the review, false reopens it")
    )
    summary = serializers.JSONField(read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "kind",
            "period_start",
            "period_end",
            "due_at",
            "items",
            "reflection",
            "completed",
            "completed_at",
            "summary",
            "summary_computed_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "kind",
            "period_start",
            "period_end",
            "due_at",
            "completed_at",
            "summary_computed_at",
            "created_at",
            "updated_at",
        ]

    def validate_items(self, value: list[dict]) -> list[dict]:
        ids = [item["id"] for item in value]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError(_("Each checklist item may appear only once."))
        return value
