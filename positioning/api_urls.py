from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("skills", api.SkillViewSet, basename="skill")
router.register("interests", api.InterestViewSet, basename="interest")
router.register("topics", api.TopicViewSet, basename="topic")
router.register("positioning-options", api.PositioningOptionViewSet, basename="positioning-option")
router.register("audience-tiers", api.AudienceTierViewSet, basename="audience-tier")
router.register("audience-funnels", api.AudienceFunnelViewSet, basename="audience-funnel")
router.register("funnel-steps", api.FunnelStepViewSet, basename="funnel-step")
router.register("demand-evidence", api.DemandEvidenceViewSet, basename="demand-evidence")
router.register("market-opportunities", api.MarketOpportunityViewSet, basename="market-opportunity")
router.register(
    "opinion-leader-assessments",
    api.OpinionLeaderAssessmentViewSet,
    basename="opinion-leader-assessment",
)

urlpatterns = [
    path("positioning-profile/", api.PositioningProfileView.as_view(), name="positioning-profile"),
    *router.urls,
]
