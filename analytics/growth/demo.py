"""Demo data for analytics growth: 90 days of numbers, some time and income, then the job."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from analytics.models import COUNTERS, GrowthFactors, IncomeEntry, MetricSnapshot, TimeEntry
from calendar_app.models import Channel, ContentItem

from . import jobs

DAYS = 90
DEMO_CHANNELS = [
    ("个人博客 Blog", Channel.Platform.BLOG, Channel.Role.HOME),
    ("知乎 Zhihu", Channel.Platform.ZHIHU, Channel.Role.TRAFFIC),
]
DEMO_PIECES = ["CUDA 推理性能优化实战", "从零读懂 Transformer 推理", "TensorRT 部署踩坑记录"]


def seed(*, creator, coach) -> None:
    """Create or refresh the demo rows (idempotent)."""
    channels = list(Channel.objects.for_creator(creator)[:4])
    if not channels:
        channels = [
            Channel.objects.get_or_create(
                creator=creator, name=name, defaults={"platform": platform, "role": role}
            )[0]
            for name, platform, role in DEMO_CHANNELS
        ]
    today = creator.local_today()
    items = list(
        ContentItem.objects.for_creator(creator)
        .filter(status=ContentItem.Status.PUBLISHED, published_at__isnull=False)
        .order_by("-published_at")[:8]
    )
    if not items:
        items = [
            ContentItem.objects.get_or_create(
                creator=creator,
                title=title,
                defaults={
                    "channel": channels[n % len(channels)],
                    "status": ContentItem.Status.PUBLISHED,
                    "published_at": timezone.now() - timedelta(days=10 + 21 * n),
                },
            )[0]
            for n, title in enumerate(DEMO_PIECES)
        ]

    rows = []
    for offset in range(DAYS):
        day = today - timedelta(days=DAYS - 1 - offset)
        moment = datetime.combine(day, time(21, 0), tzinfo=creator.tzinfo)
        for n, channel in enumerate(channels):
            followers = 300 * (n + 1) + offset * (4 + 3 * n) + (offset % 7) * n
            rows.append((channel, None, moment, {"followers": followers}))
        if offset % 7 == 6:
            for n, item in enumerate(items):
                views = 400 * (n + 1) + offset * 25
                rows.append(
                    (
                        item.channel or channels[0],
                        item,
                        moment,
                        {
                            "views": views,
                            "likes": views // (12 + n * 4),
                            "comments": views // 120,
                            "shares": views // (90 + n * 30),
                            "saves": views // (25 + n * 10),
                        },
                    )
                )
    MetricSnapshot.objects.bulk_create(
        [
            MetricSnapshot(
                creator=creator,
                channel=channel,
                content_item=item,
                captured_at=moment,
                captured_on=moment.date(),
                **{name: counts.get(name) for name in COUNTERS},
            )
            for channel, item, moment, counts in rows
        ],
        update_conflicts=True,
        unique_fields=["channel", "content_item", "captured_at"],
        update_fields=[*COUNTERS, "captured_on"],
    )

    month = today.replace(day=1)
    for back in range(3):
        start = (month - timedelta(days=28 * back)).replace(day=1)
        for activity, hours in (
            ("creation", 20),
            ("promotion", 15),
            ("monetisation", 10),
            ("other", 15),
        ):
            TimeEntry.objects.get_or_create(
                creator=creator,
                spent_on=start,
                activity=activity,
                note="demo",
                defaults={"hours": Decimal(hours + back)},
            )
    for back, route, amount in (
        (0, "courses", "1299"),
        (1, "consulting", "800"),
        (2, "sponsorship", "500"),
    ):
        IncomeEntry.objects.get_or_create(
            creator=creator,
            received_on=(month - timedelta(days=28 * back)).replace(day=5),
            route=route,
            note="demo",
            defaults={"amount": Decimal(amount)},
        )
    GrowthFactors.objects.get_or_create(creator=creator)
    jobs.recompute(creator_ids=[creator.pk])
