"""Benchmark the growth job against the floor: one hand-written aggregate over the same rows.

Run by hand at the default sizes (it builds its own database, `ss_bench` by default):

    python bench/metrics.py                       # 200 and 1,000 creators x 5 channels x 365 days
    python bench/metrics.py --creators 50,100 --days 90
    python bench/metrics.py --tiny                # 3 creators x 2 channels x 14 days, seconds

The test suite runs the tiny mode (`tests/bench/test_benchmarks_tiny.py`, marker `bench`), so a
schema change that breaks the benchmark fails `bin/test`.

For each size it seeds creators and channels through the ORM (`bulk_create`, so every field
takes its model default unless set here) and creators x channels x days of channel snapshots
with one INSERT ... SELECT over generate_series (no Python loop) whose column list comes from
`MetricSnapshot._meta`: the columns this script sets get expressions, every other column the
model's default. Nothing names a column list by hand, so a field added later cannot break the
seed. It VACUUM ANALYZEs, then times
- the floor: one GROUP BY over every snapshot row to channel and week with max followers
  (with the job's work_mem, so both hash in memory),
- the growth job (`analytics.growth.jobs.recompute` for every creator) on empty result
  tables, then again as a recompute that changes nothing,
and prints seconds, the job/floor ratio and snapshot rows per second. It then checks what the
job wrote (a growth row per channel with the last day's followers, a summary per creator) and
exits non-zero when that is wrong, as on any error. `--drop` drops the database at the end.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

START = date(2024, 1, 1)
DEFAULT = {
    "creators": "200,1000",
    "channels": 5,
    "days": 365,
    "repeat": 3,
    "database": "ss_bench",
    "workers": "1,2",
}
TINY = {
    "creators": "3",
    "channels": 2,
    "days": 14,
    "repeat": 1,
    "database": "ss_bench_tiny",
    "workers": "1",
}

# The floor: what one would write by hand for weekly followers, one GROUP BY over every row.
FLOOR = """
SELECT channel_id, (captured_on - DATE '2000-01-03') / 7 AS week_no, max(followers)
FROM analytics_metricsnapshot
GROUP BY channel_id, week_no
"""
# A still simpler aggregate (one group per channel), printed for reference.
FLOOR_PER_CHANNEL = """
SELECT creator_id, channel_id, count(*), max(followers), min(captured_on), max(captured_on)
FROM analytics_metricsnapshot
GROUP BY creator_id, channel_id
"""

# What the seeded snapshots say, per column this script sets; `ch` is a channel, `d` a day.
SNAPSHOT_VALUES = {
    "creator_id": "ch.creator_id",
    "channel_id": "ch.id",
    "captured_at": "(d + time '21:00') AT TIME ZONE 'Asia/Shanghai'",
    "captured_on": "d::date",
    "followers": "100 + (ch.id %% 97) * (d::date - %(start)s::date) / 10"
    " + ((d::date - %(start)s::date) %% 7) * (ch.id %% 3)",
}
SNAPSHOT_SOURCE = """
FROM {channel} ch
CROSS JOIN generate_series(%(start)s::date, %(start)s::date + %(days)s - 1, interval '1 day') AS d
"""


def insert_select(model, values: dict[str, str], source: str) -> tuple[str, dict]:
    """An `INSERT INTO <model> (...) SELECT ... <source>` with the columns from `model._meta`.

    `values` maps a field's attname to an SQL expression over `source`; every other field gets
    the value Django would insert for a new instance (its default, or now for `auto_now`) as a
    parameter, and a field with a database default is left out so the database fills it.
    Returns the statement and its parameters (named `%(default_<attname>)s`).
    """
    from django.db import connection

    meta = model._meta
    fields = {field.attname: field for field in meta.local_concrete_fields}
    unknown = set(values) - set(fields)
    if unknown:
        raise SystemExit(f"{meta.label} has no field {', '.join(sorted(unknown))}")
    prototype = model()
    columns, expressions, params = [], [], {}
    for attname, field in fields.items():
        if field is meta.auto_field or getattr(field, "generated", False):
            continue
        if attname in values:
            expression = values[attname]
        else:
            value = field.pre_save(prototype, add=True)
            if hasattr(value, "resolve_expression"):  # db_default: the database fills it
                continue
            params[f"default_{attname}"] = field.get_db_prep_save(value, connection)
            expression = f"%(default_{attname})s"
        columns.append(connection.ops.quote_name(field.column))
        expressions.append(expression)
    sql = (
        f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({', '.join(columns)})\n"
        f"SELECT {', '.join(expressions)}\n{source}"
    )
    return sql, params


def seed(creators: int, channels: int, days: int) -> None:
    """Empty the tables, then creators x channels through the ORM and the snapshots in SQL."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from accounts.models import User
    from analytics.models import MetricSnapshot
    from calendar_app.models import Channel

    tables = ", ".join(
        connection.ops.quote_name(m._meta.db_table) for m in (User, Channel, MetricSnapshot)
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        password = make_password(None)  # unusable, and hashed once
        users = User.objects.bulk_create(
            (
                User(
                    email=f"bench{n}@example.com",
                    display_name=f"基准 {n}",
                    password=password,
                    timezone="Asia/Shanghai",
                    language=User.Language.ZH_HANS,
                    weekly_target=1,
                )
                for n in range(1, creators + 1)
            ),
            batch_size=2000,
        )
        Channel.objects.bulk_create(
            (
                Channel(creator=user, platform=Channel.Platform.BLOG, name=f"频道 {c}")
                for user in users
                for c in range(1, channels + 1)
            ),
            batch_size=2000,
        )
        sql, params = insert_select(
            MetricSnapshot,
            SNAPSHOT_VALUES,
            SNAPSHOT_SOURCE.format(channel=connection.ops.quote_name(Channel._meta.db_table)),
        )
        cursor.execute(sql, {**params, "start": START, "days": days})


def check_job_output(creators: int, channels: int, days: int) -> list[str]:
    """What the growth job must have written for the seeded rows; the problems found."""
    from django.db.models import Sum

    from analytics.models import ChannelGrowth, GrowthSummary, MetricSnapshot

    last_day = START + timedelta(days=days - 1)
    growth = ChannelGrowth.objects.filter(channel__isnull=False)
    expected_followers = MetricSnapshot.objects.filter(captured_on=last_day).aggregate(
        total=Sum("followers")
    )["total"]
    job_followers = growth.filter(last_captured_on=last_day).aggregate(total=Sum("followers"))[
        "total"
    ]
    rows = growth.count()
    checks = [
        (f"channel growth rows {rows:,} = creators x channels", rows == creators * channels),
        (
            f"growth summaries {GrowthSummary.objects.count():,} = creators {creators:,}",
            GrowthSummary.objects.count() == creators,
        ),
        (
            f"followers on {last_day} {job_followers} = the snapshots' {expected_followers}",
            job_followers is not None and job_followers == expected_followers,
        ),
    ]
    for text, ok in checks:
        print(f"  {'ok     ' if ok else 'WRONG  '} {text}")
    return [text for text, ok in checks if not ok]


def ensure_database(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def drop_database(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def best_of(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def empty_job_tables() -> None:
    from django.db import connection

    from analytics.models import (
        ChannelGrowth,
        EngagementBreakdown,
        GoalProgress,
        GrowthSummary,
        ItemPerformance,
        MonthlyAllocation,
        PublishingDay,
    )

    tables = (
        ChannelGrowth,
        EngagementBreakdown,
        GoalProgress,
        GrowthSummary,
        ItemPerformance,
        MonthlyAllocation,
        PublishingDay,
    )
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(m._meta.db_table for m in tables)}")


def nightly_with_workers(processes: int, creators: int, database_url: str) -> float:
    """The nightly pass as production runs it: its creator-range tasks on a Celery worker
    with `processes` worker processes, on empty result tables. Seconds from the first task
    sent to the last slice committed (a summary row per creator), worker start-up excluded."""
    from django.conf import settings

    from analytics.growth.jobs import creator_ranges
    from analytics.growth.tasks import recompute_growth_range
    from analytics.models import GrowthSummary

    empty_job_tables()
    queue = f"growth-bench-{os.getpid()}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": database_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    with tempfile.NamedTemporaryFile("w+", suffix=".log") as log:
        worker = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "celery"),
                "-A",
                "config",
                "worker",
                "-Q",
                queue,
                "-c",
                str(processes),
                "--prefetch-multiplier",
                "1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel",
                "INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while " ready." not in Path(log.name).read_text():
                if worker.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"no Celery worker:\n{Path(log.name).read_text()}")
                time.sleep(0.2)
            started = time.perf_counter()
            for first, last in creator_ranges(settings.GROWTH_CREATORS_PER_TASK):
                recompute_growth_range.apply_async((first, last), queue=queue)
            while GrowthSummary.objects.count() < creators:
                if worker.poll() is not None:
                    raise SystemExit(f"the Celery worker died:\n{Path(log.name).read_text()}")
                time.sleep(0.05)
            return time.perf_counter() - started
        finally:
            worker.terminate()
            worker.wait(timeout=30)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--tiny",
        action="store_true",
        help="3 creators x 2 channels x 14 days, one repeat, database ss_bench_tiny "
        "(what the test suite runs); explicit options still win",
    )
    parser.add_argument("--creators", help="comma-separated sizes (default 200,1000)")
    parser.add_argument("--channels", type=int, help="per creator (default 5)")
    parser.add_argument("--days", type=int, help="of daily snapshots (default 365)")
    parser.add_argument("--repeat", type=int, help="timings keep the best of (default 3)")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument(
        "--database", default=os.environ.get("BENCH_DATABASE"), help="default ss_bench"
    )
    parser.add_argument(
        "--workers",
        help="comma-separated Celery worker process counts to run the nightly pass's "
        "creator-range tasks with (default 1,2; tiny 1; empty to skip)",
    )
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    args = parser.parse_args()
    defaults = TINY if args.tiny else DEFAULT
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    return args


def run_in_database(args: argparse.Namespace, run, what: str) -> None:
    """Run the benchmark in its own database (dropped afterwards with --drop); exit non-zero
    when `run` reports failed checks."""
    ensure_database(args.server, args.database)
    try:
        failures = run(args)
    finally:
        if args.drop:
            drop_database(args.server, args.database)
    if failures:
        raise SystemExit(f"{what}: {'; '.join(failures)}")


def main() -> None:
    run_in_database(parse_args(), run, "the growth job's output is wrong")


def run(args: argparse.Namespace) -> list[str]:
    os.environ["DATABASE_URL"] = f"{args.server}/{args.database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from analytics.growth import jobs

    call_command("migrate", verbosity=0)
    print(
        f"{'tiny: ' if args.tiny else ''}creators {args.creators} x {args.channels} channels "
        f"x {args.days} days, best of {args.repeat}, database {args.database}",
        flush=True,
    )
    results, failures, split = [], [], []
    for creators in [int(size) for size in args.creators.split(",")]:
        started = time.perf_counter()
        seed(creators, args.channels, args.days)
        load = time.perf_counter() - started
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("SELECT count(*) FROM analytics_metricsnapshot")
            rows = cursor.fetchone()[0]

        def run_sql(sql: str) -> None:
            with connection.cursor() as cursor:
                cursor.execute("SET work_mem = %s", [jobs.WORK_MEM])  # as the job has
                cursor.execute(sql)
                cursor.fetchall()

        floor_time = best_of(args.repeat, lambda: run_sql(FLOOR))
        per_channel = best_of(args.repeat, lambda: run_sql(FLOOR_PER_CHANNEL))
        timings: dict = {}
        as_of = START + timedelta(days=args.days)
        first_run = best_of(1, lambda d=as_of, t=timings: jobs.recompute(as_of=d, timings=t))
        recompute = best_of(args.repeat, lambda d=as_of: jobs.recompute(as_of=d))
        print(f"{creators} creators, {rows:,} snapshot rows; the job's output:")
        failures += check_job_output(creators, args.channels, args.days)
        results.append(
            (creators, rows, load, floor_time, per_channel, first_run, recompute, dict(timings))
        )
        for processes in [int(n) for n in args.workers.split(",") if n]:
            seconds = nightly_with_workers(processes, creators, os.environ["DATABASE_URL"])
            print(f"  nightly pass on {processes} worker process(es): {seconds:.3f} s", flush=True)
            failures += check_job_output(creators, args.channels, args.days)
            split.append((creators, processes, seconds, floor_time))

    print(
        f"\n{'creators':>8} {'rows':>10} {'load s':>7} {'floor s':>8} {'job s':>7} "
        f"{'ratio':>6} {'rows/s':>11} {'recompute s':>12} {'ratio':>6} {'per-channel s':>14}"
    )
    for creators, rows, load, floor_time, per_channel, first_run, recompute, _ in results:
        print(
            f"{creators:>8} {rows:>10,} {load:>7.1f} {floor_time:>8.3f} {first_run:>7.3f} "
            f"{first_run / floor_time:>6.2f} {rows / first_run:>11,.0f} {recompute:>12.3f} "
            f"{recompute / floor_time:>6.2f} {per_channel:>14.3f}"
        )
    print("\nper statement, first run (s):")
    for creators, *_, timings in results:
        print(f"  {creators:>5} creators: " + ", ".join(f"{k} {v:.3f}" for k, v in timings.items()))
    if split:
        print(
            f"\nnightly pass as Celery tasks by creator range "
            f"({settings.GROWTH_CREATORS_PER_TASK} creators each):"
        )
        print(f"{'creators':>8} {'processes':>9} {'s':>8} {'/ floor':>8} {'speed-up':>9}")
        for creators, processes, seconds, floor_time in split:
            one = next(t for c, p, t, _f in split if c == creators and p == split[0][1])
            print(
                f"{creators:>8} {processes:>9} {seconds:>8.3f} {seconds / floor_time:>8.2f} "
                f"{one / seconds:>9.2f}"
            )
    if len(results) > 1:
        (_, r0, *_, j0, _, _), (_, r1, *_, j1, _, _) = results[0], results[-1]
        print(f"\nscaling: {r1 / r0:.1f}x rows took {j1 / j0:.1f}x time (linear = equal)")
    return failures


if __name__ == "__main__":
    main()
