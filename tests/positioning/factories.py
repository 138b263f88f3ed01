import factory

from positioning.models import (
    AudienceFunnel,
    FunnelStep,
    Interest,
    OpinionLeaderAssessment,
    PositioningOption,
    Skill,
    Topic,
)
from tests.accounts.factories import UserFactory


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    creator = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"话题 Topic {n}")
    ability = 4
    passion = 4


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    creator = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Skill {n}")


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interest

    creator = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Interest {n}")
    learning = 8
    practice = 8
    sharing = 7


class OptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PositioningOption

    creator = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Option {n}")


class FunnelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AudienceFunnel

    creator = factory.SubFactory(UserFactory)
    name = "AI practitioners"
    base = 1_000_000


class FunnelStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FunnelStep

    funnel = factory.SubFactory(FunnelFactory)
    creator = factory.SelfAttribute("funnel.creator")
    label = "care"
    percent = 10


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpinionLeaderAssessment

    creator = factory.SubFactory(UserFactory)
