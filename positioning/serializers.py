from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts import strict
from accounts.apiutils import KeyedDictField

from . import method, scoring
from .models import (
    AudienceFunnel,
    AudienceTier,
    DemandEvidence,
    FunnelStep,
    Interest,
    MarketOpportunity,
    OpinionLeaderAssessment,
    PositioningOption,
    PositioningProfile,
    Skill,
    Topic,
)

TIMESTAMPS = ["created_at", "updated_at"]


class OwnedSerializer(strict.ModelSerializer):
    """Related objects must belong to the requesting creator: anything else is a 400."""

    creator = strict.PrimaryKeyRelatedField(read_only=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in self.fields.values():
            if isinstance(field, strict.PrimaryKeyRelatedField) and not field.read_only:
                model = field.queryset.model
                field.queryset = (
                    model.objects.for_creator(user)
                    if user and user.is_authenticated
                    else model.objects.none()
                )


class SkillSerializer(OwnedSerializer):
    class Meta:
        model = Skill
        fields = [
            "id",
            "creator",
            "name",
            "parent",
            "proficiency",
            "years",
            "projects",
            "uniqueness",
            "notes",
            *TIMESTAMPS,
        ]
        read_only_fields = TIMESTAMPS


class AuthenticityResultSerializer(strict.Serializer):
    verdict = strict.ChoiceField(
        choices=[scoring.GENUINE, scoring.PARTLY_GENUINE, scoring.SUPERFICIAL, scoring.UNANSWERED]
    )
    answered = strict.IntegerField()
    groups_passed = strict.IntegerField()
    groups = serializers.DictField(child=strict.IntegerField())


class InterestSerializer(OwnedSerializer):
    duration_years = strict.DecimalField(
        max_digits=3,
        decimal_places=1,
        min_value=0,
        max_value=60,
        coerce_to_string=False,
        required=False,
    )
    composite = strict.DecimalField(
        max_digits=3, decimal_places=1, read_only=True, coerce_to_string=False
    )
    is_reliable = strict.BooleanField(read_only=True)
    authenticity = KeyedDictField(
        keys=scoring.AUTHENTICITY_KEYS,
        child=strict.BooleanField(allow_null=True),
        required=False,
    )
    authenticity_result = AuthenticityResultSerializer(read_only=True)

    class Meta:
        model = Interest
        fields = [
            "id",
            "creator",
            "name",
            "learning",
            "practice",
            "sharing",
            "duration_years",
            "composite",
            "is_reliable",
            "authenticity",
            "authenticity_result",
            "notes",
            *TIMESTAMPS,
        ]
        read_only_fields = TIMESTAMPS


class TopicSerializer(OwnedSerializer):
    intersection = strict.ChoiceField(choices=scoring.INTERSECTIONS, read_only=True)

    class Meta:
        model = Topic
        fields = [
            "id",
            "creator",
            "name",
            "ability",
            "passion",
            "intersection",
            "layer",
            "depth",
            "market_demand",
            "notes",
            *TIMESTAMPS,
        ]
        read_only_fields = TIMESTAMPS


class PositioningOptionSerializer(OwnedSerializer):
    recommendation = strict.IntegerField(read_only=True, min_value=1, max_value=5)
    decision_cell = strict.ChoiceField(choices=list(scoring.DECISION_STARS), read_only=True)
    decision_stars = strict.IntegerField(read_only=True, min_value=1, max_value=5)

    class Meta:
        model = PositioningOption
        fields = [
            "id",
            "creator",
            "title",
            "professional_match",
            "interest_match",
            "market_demand",
            "competition",
            "recommendation",
            "decision_cell",
            "decision_stars",
            "is_chosen",
            "core_ability",
            "unique_perspective",
            "audience_pain_point",
            "target_audience",
            "core_theme",
            "differentiators",
            "content_forms",
            "channels",
            "value_proposition",
            *TIMESTAMPS,
        ]
        read_only_fields = TIMESTAMPS


class AudienceTierSerializer(OwnedSerializer):
    class Meta:
        model = AudienceTier
        fields = [
            "id",
            "creator",
            "tier",
            "name",
            "needs",
            "preferred_content",
            "willingness_to_pay",
            *TIMESTAMPS,
        ]
        read_only_fields = TIMESTAMPS


class FunnelEstimateSerializer(strict.Serializer):
    label = strict.CharField()
    percent = strict.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, coerce_to_string=False
    )
    estimate = strict.IntegerField()


class AudienceFunnelSerializer(OwnedSerializer):
    estimates = serializers.SerializerMethodField()

    class Meta:
        model = AudienceFunnel
        fields = ["id", "creator", "name", "base", "estimates", *TIMESTAMPS]
        read_only_fields = TIMESTAMPS

    @extend_schema_field(FunnelEstimateSerializer(many=True))
    def get_estimates(self, funnel: AudienceFunnel) -> list:
        return FunnelEstimateSerializer(funnel.computed_steps(), many=True).data


class FunnelStepSerializer(OwnedSerializer):
    percent = strict.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, coerce_to_string=False
    )

    class Meta:
        model = FunnelStep
        fields = ["id", "creator", "funnel", "label", "percent", "position", *TIMESTAMPS]
        read_only_fields = TIMESTAMPS


class DemandEvidenceSerializer(OwnedSerializer):
    class Meta:
        model = DemandEvidence
        fields = ["id", "creator", "kind", "title", "figure", "source_url", "notes", *TIMESTAMPS]
        read_only_fields = TIMESTAMPS


class MarketOpportunitySerializer(OwnedSerializer):
    score = strict.DecimalField(
        max_digits=2, decimal_places=1, read_only=True, coerce_to_string=False
    )

    class Meta:
        model = MarketOpportunity
        fields = [
            "id",
            "creator",
            "name",
            *scoring.OPPORTUNITY_RATINGS,
            "score",
            "notes",
            *TIMESTAMPS,
        ]
        read_only_fields = TIMESTAMPS


class OpinionLeaderAssessmentSerializer(OwnedSerializer):
    average = strict.DecimalField(
        max_digits=3, decimal_places=1, read_only=True, coerce_to_string=False
    )

    class Meta:
        model = OpinionLeaderAssessment
        fields = [
            "id",
            "creator",
            "assessed_on",
            *scoring.OPINION_LEADER_DIMENSIONS,
            "average",
            "notes",
            *TIMESTAMPS,
        ]
        read_only_fields = TIMESTAMPS
        validators: list = []


class PositioningProfileSerializer(strict.ModelSerializer):
    # Null until the creator first saves the profile (it is read unsaved before that).
    updated_at = strict.DateTimeField(read_only=True, allow_null=True)
    account_answers = KeyedDictField(
        keys=method.ACCOUNT_KEYS,
        child=strict.CharField(allow_blank=True, max_length=2000),
        required=False,
    )
    account_value = strict.IntegerField(read_only=True, allow_null=True)
    golden_loop_complete = strict.BooleanField(read_only=True)

    class Meta:
        model = PositioningProfile
        fields = [
            "main_career",
            "career_builds",
            "career_brings",
            "writing_themes",
            "spreading_channels",
            "account_answers",
            "demand_rating",
            "commercial_rating",
            "traffic_rating",
            "account_value",
            "golden_loop_complete",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]

    def validate_account_answers(self, value: dict) -> dict:
        unknown = sorted(set(value) - set(method.ACCOUNT_KEYS))
        if unknown:
            raise serializers.ValidationError(f"Unknown questions: {', '.join(unknown)}")
        return value
