"""The load benchmark's data set, seeded through the ORM (model defaults): the sizes, the
creators and their sessions. Used by `bench/load.py` and `bench/inprocess.py`."""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


@dataclass(frozen=True)
class Size:
    big_items: int
    big_in_month: int
    second_items: int
    second_in_month: int
    days: int  # of daily channel numbers
    month_sizes: tuple[int, ...]  # pieces in the month of one creator each: the growth runs


DEFAULT_SIZE = Size(
    big_items=2000,
    big_in_month=200,
    second_items=5000,
    second_in_month=300,
    days=730,
    month_sizes=(20, 200, 2000),
)
TINY_SIZE = Size(
    big_items=60,
    big_in_month=20,
    second_items=100,
    second_in_month=10,
    days=60,
    month_sizes=(2, 20),
)


def bench_user(email: str):
    """A creator in Shanghai with a random password and a weekly target of 3."""
    from accounts.models import User

    return User.objects.create_user(
        email=email,
        password=secrets.token_urlsafe(16),
        display_name=email.split("@")[0],
        timezone="Asia/Shanghai",
        weekly_target=3,
    )


def seed(size: Size) -> dict:
    """Create the data set through the ORM (model defaults) and return the credentials."""

    from accounts.models import User
    from accounts.tokens import token_create
    from analytics.growth import jobs
    from analytics.models import MetricSnapshot
    from calendar_app.models import Channel, ContentItem
    from positioning.models import Topic

    now = datetime.now(UTC)
    month_start = now.replace(day=1, hour=12, minute=0, second=0, microsecond=0)

    def creator(email: str, items_total: int, in_month: int) -> User:
        user = bench_user(email)
        channels = Channel.objects.bulk_create(
            Channel(creator=user, platform=p, name=f"{p} 频道", role=r)
            for p, r in (
                ("blog", "home"),
                ("zhihu", "traffic"),
                ("github", "code"),
                ("bilibili", "video"),
                ("wechat", "private"),
            )
        )
        topics = Topic.objects.bulk_create(
            Topic(
                creator=user,
                name=f"主题 {n}",
                ability=1 + n % 5,
                passion=1 + (n * 2) % 5,
                layer=("foundation", "technique", "case_study", "frontier", "methodology")[n % 5],
                market_demand=1 + n % 5,
            )
            for n in range(20)
        )
        statuses = ("idea", "outline", "draft", "review", "scheduled", "published")
        rows = []
        for n in range(items_total):
            if n < in_month:
                when = month_start + timedelta(days=n % 28, hours=n % 10)
            else:
                when = month_start - timedelta(days=3 + (n * 330) // items_total)
            status = statuses[n % len(statuses)]
            rows.append(
                ContentItem(
                    creator=user,
                    title=f"第 {n} 篇 推理优化 notes {n}",
                    topic=topics[n % 20],
                    channel=channels[n % 5],
                    status=status,
                    planned_for=when,
                    published_at=when if status == "published" else None,
                    word_count=1500 + n % 3000,
                    format="principles",
                )
            )
        ContentItem.objects.bulk_create(rows, batch_size=2000)
        start = (now - timedelta(days=size.days)).date()
        MetricSnapshot.objects.bulk_create(
            (
                MetricSnapshot(
                    creator=user,
                    channel=channel,
                    captured_at=datetime.combine(
                        start + timedelta(days=d), datetime.min.time(), tzinfo=UTC
                    )
                    + timedelta(hours=13),
                    captured_on=start + timedelta(days=d),
                    followers=100 + d * (i + 1),
                )
                for i, channel in enumerate(channels)
                for d in range(size.days)
            ),
            batch_size=5000,
        )
        return user

    big = creator("big@bench.local", size.big_items, size.big_in_month)
    creator("second@bench.local", size.second_items, size.second_in_month)
    month_creators = {
        pieces: seed_month_creator(f"month{pieces}@bench.local", pieces, month_start)
        for pieces in size.month_sizes
    }
    analyze()
    jobs.recompute()
    _, token = token_create(user=big, name="bench", scope="read")
    credentials = {"token": token, "session": session_for(big), "user": big}
    for pieces, user in month_creators.items():
        credentials[f"month{pieces}"] = {"session": session_for(user), "user": user}
    return credentials


def analyze() -> None:
    """Give the planner the statistics autovacuum keeps on a live database: right after a bulk
    seed it has none and guesses one row per table (nested loops over thousands of pieces)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def session_for(user) -> str:
    """A signed-in session for `user` in the configured session store; its key."""
    from importlib import import_module

    from django.conf import settings

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def seed_month_creator(email: str, pieces: int, month_start: datetime):
    """A creator with `pieces` content items spread over the first 28 days of the month."""
    from calendar_app.models import Channel, ContentItem
    from positioning.models import Topic

    user = bench_user(email)
    channels = Channel.objects.bulk_create(
        Channel(creator=user, platform=p, name=f"{p} 频道")
        for p in ("blog", "zhihu", "github", "bilibili", "wechat")
    )
    topics = Topic.objects.bulk_create(
        Topic(creator=user, name=f"主题 {n}", layer="technique", market_demand=1 + n % 5)
        for n in range(5)
    )
    statuses = ("idea", "outline", "draft", "review", "scheduled", "published")
    ContentItem.objects.bulk_create(
        (
            ContentItem(
                creator=user,
                title=f"第 {n} 篇 <notes> & {n}",
                topic=topics[n % 5],
                channel=channels[n % 5],
                status=statuses[n % 6],
                planned_for=month_start + timedelta(days=n % 28, hours=n % 10),
                published_at=(
                    month_start + timedelta(days=n % 28) if statuses[n % 6] == "published" else None
                ),
                word_count=1500,
            )
            for n in range(pieces)
        ),
        batch_size=2000,
    )
    return user
