import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from accounts.models import User
from positioning import scoring
from positioning.models import (
    Interest,
    OpinionLeaderAssessment,
    PositioningOption,
    Skill,
    Topic,
)
from tests.positioning.factories import InterestFactory, OptionFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("factory", "field", "value"),
    [
        (TopicFactory, "ability", 6),
        (TopicFactory, "passion", 0),
        (InterestFactory, "learning", 11),
        (InterestFactory, "sharing", 0),
        (OptionFactory, "competition", 6),
    ],
)
def test_the_database_refuses_scores_out_of_range(owner, factory, field, value):
    row = factory(creator=owner)

    with pytest.raises(IntegrityError), transaction.atomic():
        type(row).objects.filter(pk=row.pk).update(**{field: value})


def test_the_database_allows_only_one_chosen_option_per_creator(owner, other_creator):
    OptionFactory(creator=owner, is_chosen=True)
    OptionFactory(creator=other_creator, is_chosen=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        OptionFactory(creator=owner, is_chosen=True)


def test_demo_seed_is_the_worked_example_of_seed_000_and_idempotent():
    call_command("seed_demo")
    call_command("seed_demo")
    creator = User.objects.get(email="creator@demo.sweetspot")

    areas = Skill.objects.filter(creator=creator, parent=None)
    assert set(areas.values_list("name", flat=True)) == {"AI模型推理", "高性能计算", "分布式系统"}
    inference = areas.get(name="AI模型推理")
    assert (inference.proficiency, inference.years, inference.projects, inference.uniqueness) == (
        "advanced",
        3,
        10,
        4,
    )
    assert inference.children.count() == 6
    composites = {i.name: str(i.composite) for i in Interest.objects.filter(creator=creator)}
    assert composites == {
        "AI推理优化": "9.0",
        "高性能计算": "7.7",
        "编译器技术": "6.3",
        "GPU编程": "8.0",
    }
    classes = {t.name: t.intersection for t in Topic.objects.filter(creator=creator)}
    assert classes == {
        "LLM推理优化": scoring.CORE,
        "GPU性能调优": scoring.CORE,
        "推理框架开发": scoring.POTENTIAL,
        "分布式推理系统": scoring.SECONDARY,
        "模型量化技术": scoring.CORE,
        "边缘端推理": scoring.NONE,
    }
    stars = {o.title: o.recommendation for o in PositioningOption.objects.filter(creator=creator)}
    assert stars == {
        "AI大模型推理优化全栈": 5,
        "GPU/HPC性能调优专家": 4,
        "推理框架深度剖析": 4,
        "AI工程化实践": 3,
    }
    chosen = PositioningOption.objects.get(creator=creator, is_chosen=True)
    assert chosen.title == "AI大模型推理优化全栈" and chosen.statement_complete
    funnel = creator.audience_funnels.get()
    assert [s.estimate for s in funnel.computed_steps()] == [1_000_000, 100_000, 20_000]
    assert creator.market_opportunities.get().score == scoring.opportunity_score(
        market_size=4, competition=3, content_gap=4, commercial_value=4, long_term_trend=5
    )
    assert OpinionLeaderAssessment.objects.filter(creator=creator).count() == 3
    assert Skill.objects.filter(creator=creator).count() == 13
