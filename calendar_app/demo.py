# ruff: noqa: RUF001  (Chinese text uses full-width punctuation)
"""Demo data for this app, called by `manage.py seed_demo`."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from accounts.models import Comment
from accounts.services import comment_create
from positioning.models import Topic

from . import services
from .models import Channel, ContentItem, PlanPhase, Series

CHANNELS = [
    ("blog", "home", "林晓的技术博客", "https://blog.example.com"),
    ("zhihu", "traffic", "知乎 · 林晓", "https://www.zhihu.com/people/example"),
    ("github", "code", "GitHub", "https://github.com/example"),
    ("bilibili", "video", "B站 · 推理优化实验室", "https://space.bilibili.com/1"),
    ("wechat", "private", "公众号 · 推理工程笔记", ""),
]

TOPICS = [
    # name, layer, depth, market demand, ability, passion
    ("大模型推理优化", "technique", 3, 5, 5, 5),
    ("CUDA 性能分析", "case_study", 4, 4, 4, 5),
    ("Rust for ML systems", "frontier", 3, 2, 3, 5),
    ("AI 基础概念入门", "foundation", 1, 5, 5, 3),
]

# title, topic index, channel index, format, status, day offset, words, hours.
# The offset counts days from this week's Monday: the published pieces fall on the Wednesdays
# of the twelve weeks before this one (one a week: her weekly target of one is met, so the
# headline numbers show a creator on track whenever the demo is seeded), what is still
# being worked on falls in this week and the next three.
ITEMS = [
    ("KV Cache 原理图解", 0, 0, "principles", "published", -82, 5200, "8"),
    ("Old notes on TensorRT 7", 0, 0, "other", "archived", -75, 1200, "2"),
    ("Quantization in practice: INT8 vs FP8", 0, 0, "hands_on", "published", -68, 4300, "10"),
    ("如何入门大模型推理？", 3, 1, "answer", "published", -61, 1800, "2"),
    ("vLLM 调度器源码解读", 0, 0, "architecture", "published", -54, 6100, "12"),
    ("PagedAttention 读书笔记", 0, 4, "principles", "published", -47, 2400, "4"),
    ("Nsight Systems 实战：找出瓶颈", 1, 3, "tool_walkthrough", "published", -40, 900, "14"),
    ("Continuous batching in five diagrams", 0, 0, "concept", "published", -33, 2600, "5"),
    ("FlashAttention explained", 0, 0, "concept", "published", -26, 3500, "6"),
    ("Triton kernel 入门：从向量加法开始", 1, 0, "hands_on", "published", -19, 3900, "9"),
    ("推理成本怎么算？", 3, 1, "answer", "published", -12, 1500, "2"),
    ("Profiling a 7B model end to end", 1, 0, "performance", "published", -5, 4800, "11"),
    ("推理服务压测清单", 1, 2, "hands_on", "review", 0, 2800, "5"),
    ("Writing a tokenizer in Rust", 2, 0, "frontier", "draft", 3, None, "6"),
    ("为什么你的 GPU 利用率只有 30%", 1, 1, "performance", "outline", 7, None, "4"),
    ("Speculative decoding: a field report", 0, 0, "performance", "scheduled", 10, None, "9"),
    ("本周推理论文速读", 0, 4, "frontier", "scheduled", 14, None, "3"),
    ("Batching strategies compared", 0, 0, "performance", "idea", 17, None, None),
    ("Transformer 到底在算什么", 3, 3, "video", "idea", 21, None, None),
]

COMMENT = "这篇的 benchmark 部分可以加一张对比图，读者会更容易看懂。"


def _topics(creator) -> list[Topic]:
    # Plan around the creator's own topics when the positioning demo has made them.
    existing = list(Topic.objects.filter(creator=creator).order_by("-market_demand", "pk"))
    if len(existing) >= len(TOPICS):
        return existing[: len(TOPICS)]
    topics = []
    for name, layer, depth, demand, ability, passion in TOPICS:
        topic = Topic.objects.filter(creator=creator, name=name).first()
        if topic is None:
            topic = Topic.objects.create(
                creator=creator,
                name=name,
                layer=layer,
                depth=depth,
                market_demand=demand,
                ability=ability,
                passion=passion,
            )
        topics.append(topic)
    return topics


def _channels(creator) -> list[Channel]:
    channels = []
    for platform, role, name, url in CHANNELS:
        channel = Channel.objects.filter(creator=creator, platform=platform).first()
        if channel is None:
            channel = services.channel_create(
                creator=creator, platform=platform, name=name, url=url, role=role
            )
        channels.append(channel)
    return channels


def seed(*, creator, coach) -> None:
    """Create or refresh this app's demo rows for the demo creator (idempotent)."""
    zone = creator.tzinfo
    today = creator.local_today()
    start = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    monday = today - timedelta(days=today.weekday())
    topics, channels = _topics(creator), _channels(creator)
    items: dict[str, ContentItem] = {}
    for title, topic, channel, fmt, status, offset, words, hours in ITEMS:
        existing = ContentItem.objects.filter(creator=creator, title=title).first()
        if existing:
            items[title] = existing
            continue
        planned = datetime.combine(monday + timedelta(days=offset), time(20, 0), tzinfo=zone)
        items[title] = services.content_item_create(
            creator=creator,
            title=title,
            topic=topics[topic],
            channel=channels[channel],
            format=fmt,
            status=status,
            planned_for=planned,
            published_at=planned if status in ("published", "archived") else None,
            word_count=words,
            effort_hours=Decimal(hours) if hours else None,
            notes="目标读者：有一定基础的推理工程师。\nAudience: engineers who serve models.",
        )
    source = items["KV Cache 原理图解"]
    if not source.derivatives.exists():
        services.content_item_derive(
            source=source,
            channel=channels[1],
            format="answer",
            title="KV Cache 是什么？（知乎回答）",
        )
        services.content_item_derive(
            source=source, channel=channels[3], format="video", title="KV Cache in 10 minutes"
        )
    if not Series.objects.filter(creator=creator).exists():
        services.series_create(
            creator=creator,
            title="每周推理周报 #{n}",
            channel=channels[4],
            topic=topics[0],
            format="frontier",
            frequency="weekly",
            interval=1,
            weekdays=[4],
            time_of_day=time(21, 0),
            starts_on=start,
            count=26,
        )
    if not PlanPhase.objects.for_creator(creator).exists():
        services.plan_create_default(creator=creator, plan_start=date(start.year, start.month, 1))
    target = items["Speculative decoding: a field report"]
    if coach and not Comment.objects.filter(author=coach, target_id=target.pk).exists():
        comment_create(author=coach, target=target, body=COMMENT)
