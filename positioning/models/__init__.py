from .base import score
from .inventory import Interest, Skill
from .market import AudienceFunnel, AudienceTier, DemandEvidence, FunnelStep, MarketOpportunity
from .options import PositioningOption
from .path import ActionStepDone, OpinionLeaderAssessment, PositioningProfile
from .topics import Topic

__all__ = [
    "ActionStepDone",
    "AudienceFunnel",
    "AudienceTier",
    "DemandEvidence",
    "FunnelStep",
    "Interest",
    "MarketOpportunity",
    "OpinionLeaderAssessment",
    "PositioningOption",
    "PositioningProfile",
    "Skill",
    "Topic",
    "score",
]
