# ruff: noqa: RUF001  (Chinese punctuation is intended)
"""Demo data for analytics reviews: last week's review (open) and the one before (done)."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import Comment
from accounts.services import comment_create
from analytics.models import Review

from . import periods, services


def seed(*, creator, coach) -> None:
    """Create or refresh the demo rows (idempotent)."""
    now = timezone.now()
    tz = creator.tzinfo
    latest = periods.period_containing(
        periods.WEEKLY, creator.local_today(now), week_start=creator.review_weekday
    ).previous(creator.review_weekday)
    earlier = latest.previous(creator.review_weekday)
    for period in (earlier, latest):
        starts_at, ends_at = period.bounds(tz)
        Review.objects.get_or_create(
            creator=creator,
            kind=period.kind,
            period_start=period.start,
            defaults={
                "period_end": period.end,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "due_at": period.due_at(tz),
            },
        )
    services.reviews_prepare(now=now)
    done = Review.objects.get(creator=creator, kind=periods.WEEKLY, period_start=earlier.start)
    if done.completed_at is None:
        done.items.update(done=True)
        services.review_update(
            review=done,
            now=now,
            went_well="完成了一篇 4000 字的 vLLM 推理优化长文，知乎回答带来了新关注。",
            went_badly="视频脚本拖延了，没有按计划录制。",
            next_focus="KV cache 量化实测\n推理服务的压测方法",
            completed=True,
        )
    review_type = ContentType.objects.get_for_model(Review)
    if not Comment.objects.filter(
        target_type=review_type, target_id=done.pk, author=coach
    ).exists():
        comment_create(
            author=coach,
            target=done,
            body="Great depth this week. Try recording the video in two short takes.",
        )
