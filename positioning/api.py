"""REST endpoints of the positioning workspace (`/api/v1/skills/`, `topics/`, ...)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, viewsets

from accounts.apiutils import CREATOR_PARAM, CreatorScopedMixin, raise_api_validation
from accounts.conditional import ConditionalObjectMixin, conditional_schema

from . import selectors, serializers, services
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


@extend_schema_view(list=extend_schema(parameters=[CREATOR_PARAM]))
class CreatorRowViewSet(ConditionalObjectMixin, CreatorScopedMixin, viewsets.ModelViewSet):
    """A creator's rows: they write their own; an active coach reads a mentee's.

    Lists show the caller's own rows, or a mentee's with `?creator=<id>`. Every object
    response carries an ETag; a write with a stale If-Match answers 412 and changes nothing
    (checked under the row lock in the service). Subclasses get `conditional_schema`.
    """

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        conditional_schema(cls.serializer_class)(cls)

    def perform_create(self, serializer) -> None:
        try:
            serializer.instance = services.row_create(
                model=self.model, creator=self.request.user, data=serializer.validated_data
            )
        except DjangoValidationError as error:
            raise_api_validation(error)
        self.etag_instance = serializer.instance

    def perform_update(self, serializer) -> None:
        try:
            serializer.instance = services.row_update(
                instance=serializer.instance,
                data=serializer.validated_data,
                if_match=self.if_match(),
            )
        except DjangoValidationError as error:
            raise_api_validation(error)
        self.etag_instance = serializer.instance

    def perform_destroy(self, instance: Model) -> None:
        services.row_delete(instance=instance, if_match=self.if_match())


class SkillViewSet(CreatorRowViewSet):
    """The skill inventory: skill areas and their sub-skills (`parent`)."""

    model = Skill
    serializer_class = serializers.SkillSerializer
    filterset_fields = ["parent", "proficiency"]
    search_fields = ["name", "notes"]
    ordering_fields = ["name", "uniqueness", "years", "projects"]


class InterestViewSet(CreatorRowViewSet):
    """The interest assessment; `composite` and `authenticity_result` are computed."""

    model = Interest
    serializer_class = serializers.InterestSerializer
    search_fields = ["name"]
    ordering_fields = ["name", "duration_years"]


class TopicViewSet(CreatorRowViewSet):
    """Candidate topics; `intersection` is computed from ability and passion."""

    model = Topic
    serializer_class = serializers.TopicSerializer
    filterset_fields = ["layer", "depth"]
    search_fields = ["name", "notes"]
    ordering_fields = ["name", "ability", "passion", "market_demand", "depth"]


class PositioningOptionViewSet(CreatorRowViewSet):
    """Positioning options; exactly one can be chosen (`is_chosen`)."""

    model = PositioningOption
    serializer_class = serializers.PositioningOptionSerializer
    filterset_fields = ["is_chosen"]
    search_fields = ["title", "value_proposition"]
    ordering_fields = ["title", "market_demand", "competition"]


class AudienceTierViewSet(CreatorRowViewSet):
    model = AudienceTier
    serializer_class = serializers.AudienceTierSerializer
    filterset_fields = ["tier"]


class AudienceFunnelViewSet(CreatorRowViewSet):
    """Audience-size funnels; `estimates` are computed from the base and the steps."""

    model = AudienceFunnel
    serializer_class = serializers.AudienceFunnelSerializer

    def get_base_queryset(self) -> QuerySet:
        steps = FunnelStep.objects.order_by("position", "id")
        return AudienceFunnel.objects.prefetch_related(Prefetch("steps", queryset=steps))


class FunnelStepViewSet(CreatorRowViewSet):
    model = FunnelStep
    serializer_class = serializers.FunnelStepSerializer
    filterset_fields = ["funnel"]


class DemandEvidenceViewSet(CreatorRowViewSet):
    model = DemandEvidence
    serializer_class = serializers.DemandEvidenceSerializer
    filterset_fields = ["kind"]
    search_fields = ["title", "notes"]


class MarketOpportunityViewSet(CreatorRowViewSet):
    model = MarketOpportunity
    serializer_class = serializers.MarketOpportunitySerializer


class OpinionLeaderAssessmentViewSet(CreatorRowViewSet):
    model = OpinionLeaderAssessment
    serializer_class = serializers.OpinionLeaderAssessmentSerializer
    ordering_fields = ["assessed_on"]


class PositioningProfileView(generics.RetrieveUpdateAPIView):
    """The signed-in creator's golden loop and account-as-a-product checklist."""

    serializer_class = serializers.PositioningProfileSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self) -> PositioningProfile:
        return selectors.profile_for(self.request.user)

    def perform_update(self, serializer) -> None:
        try:
            serializer.instance = services.profile_update(
                creator=self.request.user, data=serializer.validated_data
            )
        except DjangoValidationError as error:
            raise_api_validation(error)
