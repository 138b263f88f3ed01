# ruff: noqa: RUF001  (Chinese punctuation in the seed texts is intended)
"""Demo data for this app, called by `manage.py seed_demo`.

The worked example of seed 000: an engineer at the crossing of AI inference and
high-performance computing, with their skills, interests, topics, market and options.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from accounts.models import Comment

from . import method, scoring
from .models import (
    ActionStepDone,
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

SKILLS = [
    (
        ("AI模型推理", "advanced", 3, 10, 4, "部署、优化、服务化"),
        [
            ("推理框架", "TensorRT、ONNX Runtime、OpenVINO、TVM"),
            ("优化技术", "量化、剪枝、蒸馏、算子融合"),
            ("硬件平台", "NVIDIA GPU、华为昇腾、寒武纪"),
            ("部署场景", "云端推理、边缘推理、移动端推理"),
            ("性能调优", "延迟优化、吞吐量优化、内存优化"),
            ("架构设计", "推理服务架构、负载均衡、批处理策略"),
        ],
    ),
    (
        ("高性能计算", "intermediate", 2, 5, 3, "并行计算、分布式系统、性能调优"),
        [
            ("并行计算原理", "多线程、多进程、GPU并行"),
            ("硬件资源优化", "CPU/GPU/内存利用率"),
            ("性能分析工具", "Profiling、Tracing"),
            ("异构计算架构", "CPU+GPU+NPU协同"),
        ],
    ),
    (("分布式系统", "intermediate", 2, 8, 3, "负载均衡、容错、一致性"), []),
]

INTERESTS = [  # name, learning, practice, sharing, years, "yes" answers of the questionnaire
    ("AI推理优化", 9, 10, 8, "3", 12),
    ("高性能计算", 8, 8, 7, "2", 9),
    ("编译器技术", 7, 6, 6, "1", 4),
    ("GPU编程", 8, 9, 7, "2", 7),
]

TOPICS = [
    ("LLM推理优化", 4, 5, "technique", 3, 5),
    ("GPU性能调优", 4, 4, "technique", 3, 4),
    ("推理框架开发", 3, 4, "case_study", 4, 3),
    ("分布式推理系统", 4, 3, "case_study", 3, 4),
    ("模型量化技术", 5, 4, "technique", 2, 5),
    ("边缘端推理", 2, 3, "foundation", 1, 2),
]

TIERS = [
    ("primary", "AI工程师", "推理优化实战技巧", "代码+案例", 4),
    ("primary", "性能优化工程师", "AI推理的特殊性", "原理+工具", 4),
    ("secondary", "技术Leader", "架构设计方案", "架构+决策", 5),
    ("secondary", "在校学生/求职者", "面试+入门", "系统知识", 3),
]

EVIDENCE = [
    ("community", "知乎“模型推理优化”话题", "1.2万关注，1200+讨论", "https://www.zhihu.com/"),
    ("community", "CSDN相关标签", "10万+文章，深度内容<5%", "https://blog.csdn.net/"),
    ("community", "GitHub vLLM", "26k stars", "https://github.com/vllm-project/vllm"),
    ("community", "GitHub TensorRT-LLM", "10k stars", "https://github.com/NVIDIA/TensorRT-LLM"),
    ("competitor", "个人技术博客头部博主", "粉丝2-10万", ""),
    ("competitor", "B站头部UP主", "单个视频10-50万播放", "https://www.bilibili.com/"),
    ("competitor", "推理优化在线课程", "定价500-2000元，头部课程销量1000+", ""),
    ("research", "招聘网站岗位需求", "JD中的推理优化技能要求", ""),
]

OPTIONS = [
    ("AI大模型推理优化全栈", 5, 5, 5, 3),
    ("GPU/HPC性能调优专家", 4, 4, 4, 2),
    ("推理框架深度剖析", 4, 4, 3, 3),
    ("AI工程化实践", 3, 3, 5, 4),
]

STATEMENT = {
    "core_ability": "AI模型推理 + 高性能计算",
    "unique_perspective": "系统视角：从硬件到软件，从原理到实战",
    "audience_pain_point": "大模型推理成本高、优化复杂、实战经验稀缺",
    "target_audience": "AI工程师、性能优化工程师、算法工程师",
    "core_theme": "大模型推理优化（LLM推理为主）",
    "differentiators": (
        "系统化方法论（不是碎片化技巧）\n真实工程案例（不是玩具Demo）\n"
        "多维度优化（模型+框架+硬件+系统）\n可落地实践（含代码、工具、避坑指南）"
    ),
    "content_forms": "技术博客 + 代码仓库 + 视频教程",
    "channels": "知乎 + GitHub + B站 + 个人博客",
    "value_proposition": (
        "为AI工程师和性能优化工程师提供系统化、工程化、可落地的大模型推理优化方法论和"
        "真实案例，涵盖从模型到硬件的全栈优化技术。"
    ),
}

PROFILE = {
    "main_career": "大模型推理优化工程实践",
    "career_builds": "推理性能分析与调优的深度，系统与架构视角",
    "career_brings": "真实项目案例、硬件厂商与开源社区的联系",
    "writing_themes": "推理优化方法论、真实调优案例、前沿技术（FlashAttention、vLLM）",
    "spreading_channels": "个人博客、知乎、GitHub、B站、微信公众号",
    "demand_rating": 4,
    "commercial_rating": 4,
    "traffic_rating": 3,
    "account_answers": {
        "how_many_need": "中国AI从业者约100万，关注推理优化约10万",
        "growing_or_shrinking": "增长：大模型落地是长期趋势",
        "competing_accounts": "入门教程型多，深度实战型稀缺",
        "head_and_mid_tier": "头部博主粉丝2-10万，B站头部视频10-50万播放",
        "your_edge": "AI推理 × HPC 的交叉经验，真实项目",
        "cost": "每周约10小时写作与代码",
        "value_at_scale": "培训、咨询、技术服务需求旺盛",
        "monetisation_routes": "小册子/课程、咨询、开源工具赞助",
        "non_monetary_value": "行业影响力与人脉",
        "where_audience_is": "知乎、GitHub、B站、技术社群",
        "platform_rules": "知乎鼓励专业长答，B站偏好实战视频",
        "preferred_style": "代码 + 图解 + 真实数据",
    },
}

ASSESSMENTS = [  # days ago, five 1-10 scores
    (180, (6, 4, 4, 3, 2)),
    (90, (7, 5, 5, 4, 3)),
    (0, (8, 6, 5, 4, 4)),
]

DONE_STEPS = [step.key for step in method.ACTION_STEPS if step.week <= 2] + [
    "w3_candidates",
    "w3_score",
    "w3_choose",
]


def _skills(creator) -> None:
    for (name, proficiency, years, projects, uniqueness, notes), children in SKILLS:
        area, _ = Skill.objects.update_or_create(
            creator=creator,
            name=name,
            parent=None,
            defaults={
                "proficiency": proficiency,
                "years": years,
                "projects": projects,
                "uniqueness": uniqueness,
                "notes": notes,
            },
        )
        for child_name, child_notes in children:
            Skill.objects.update_or_create(
                creator=creator,
                name=child_name,
                parent=area,
                defaults={
                    "proficiency": proficiency,
                    "years": years,
                    "uniqueness": uniqueness,
                    "notes": child_notes,
                },
            )


def _interests(creator) -> None:
    for name, learning, practice, sharing, years, yes in INTERESTS:
        # The first `yes` questions, taken group by group, are answered yes.
        order = sorted(range(len(scoring.AUTHENTICITY_KEYS)), key=lambda i: (i % 3, i))
        answers = {scoring.AUTHENTICITY_KEYS[i]: n < yes for n, i in enumerate(order)}
        Interest.objects.update_or_create(
            creator=creator,
            name=name,
            defaults={
                "learning": learning,
                "practice": practice,
                "sharing": sharing,
                "duration_years": Decimal(years),
                "authenticity": answers,
            },
        )


def _market(creator) -> None:
    for tier, name, needs, preferred, pay in TIERS:
        AudienceTier.objects.update_or_create(
            creator=creator,
            name=name,
            defaults={
                "tier": tier,
                "needs": needs,
                "preferred_content": preferred,
                "willingness_to_pay": pay,
            },
        )
    funnel, _ = AudienceFunnel.objects.update_or_create(
        creator=creator, name="中国AI从业者", defaults={"base": 1_000_000}
    )
    for position, (label, percent) in enumerate([("关注推理优化", 10), ("有深度学习需求", 20)]):
        FunnelStep.objects.update_or_create(
            creator=creator,
            funnel=funnel,
            label=label,
            defaults={"percent": Decimal(percent), "position": position},
        )
    for kind, title, figure, url in EVIDENCE:
        DemandEvidence.objects.update_or_create(
            creator=creator,
            title=title,
            defaults={"kind": kind, "figure": figure, "source_url": url},
        )
    MarketOpportunity.objects.update_or_create(
        creator=creator,
        name="AI大模型推理优化",
        defaults={
            "market_size": 4,
            "competition": 3,
            "content_gap": 4,
            "commercial_value": 4,
            "long_term_trend": 5,
            "notes": "AI推理是刚需；有竞品但非红海；深度实战内容较少；大模型落地是长期趋势",
        },
    )


def _options(creator, coach) -> None:
    chosen = None
    for title, professional, interest, demand, competition in OPTIONS:
        option, _ = PositioningOption.objects.update_or_create(
            creator=creator,
            title=title,
            defaults={
                "professional_match": professional,
                "interest_match": interest,
                "market_demand": demand,
                "competition": competition,
            },
        )
        chosen = chosen or option
    PositioningOption.objects.filter(creator=creator).exclude(pk=chosen.pk).update(is_chosen=False)
    PositioningOption.objects.filter(pk=chosen.pk).update(is_chosen=True, **STATEMENT)
    Comment.objects.get_or_create(
        creator=creator,
        author=coach,
        target_type=ContentType.objects.get_for_model(PositioningOption),
        target_id=chosen.pk,
        defaults={"body": "定位清晰。建议先用3篇深度文章验证“全栈”是否过宽。"},
    )


def seed(*, creator, coach) -> None:
    """Create or refresh this app's demo rows for the demo creator (idempotent)."""
    _skills(creator)
    _interests(creator)
    for name, ability, passion, layer, depth, demand in TOPICS:
        Topic.objects.update_or_create(
            creator=creator,
            name=name,
            defaults={
                "ability": ability,
                "passion": passion,
                "layer": layer,
                "depth": depth,
                "market_demand": demand,
            },
        )
    _market(creator)
    _options(creator, coach)
    profile = dict(PROFILE)
    PositioningProfile.objects.update_or_create(creator=creator, defaults=profile)
    today = creator.local_today()
    dates = [today - timedelta(days=days) for days, _scores in ASSESSMENTS]
    OpinionLeaderAssessment.objects.filter(creator=creator).exclude(assessed_on__in=dates).delete()
    for when, (_days, scores) in zip(dates, ASSESSMENTS, strict=True):
        OpinionLeaderAssessment.objects.update_or_create(
            creator=creator,
            assessed_on=when,
            defaults=dict(zip(scoring.OPINION_LEADER_DIMENSIONS, scores, strict=True)),
        )
    for key in DONE_STEPS:
        ActionStepDone.objects.get_or_create(creator=creator, key=key)
