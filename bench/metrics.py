"""Benchmark the growth job against the floor: one hand-written aggregate over the same rows.

Run by hand, never in the test suite (it builds its own database, `ss_bench` by default):

    python bench/metrics.py                       # 200 and 1,000 creators x 5 channels x 365 days
    python bench/metrics.py --creators 50,100 --days 90

For each size it loads creators x channels x days of channel snapshots with
generate_series (no Python loop), VACUUM ANALYZEs, then times
- the floor: one GROUP BY over every snapshot row to channel and week with max followers
  (with the job's work_mem, so both hash in memory),
- the growth job (`analytics.growth.jobs.recompute` for every creator) on empty result
  tables, then again as a recompute that changes nothing,
and prints seconds, the job/floor ratio and snapshot rows per second.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

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

LOAD = [
    "TRUNCATE accounts_user, calendar_app_channel, analytics_metricsnapshot"
    " RESTART IDENTITY CASCADE",
    """
    INSERT INTO accounts_user (password, is_superuser, email, display_name, timezone, language,
                               weekly_target, is_active, is_staff, date_joined)
    SELECT '!', false, 'bench' || g || '@example.com', '基准 ' || g, 'Asia/Shanghai', 'zh-hans',
           1, true, false, now()
    FROM generate_series(1, %(creators)s) AS g
    """,
    """
    INSERT INTO calendar_app_channel (creator_id, platform, name, url, role, created_at)
    SELECT u.id, 'blog', '频道 ' || c, '', 'home', now()
    FROM accounts_user u CROSS JOIN generate_series(1, %(channels)s) AS c
    """,
    """
    INSERT INTO analytics_metricsnapshot (creator_id, channel_id, content_item_id, captured_at,
        captured_on, followers, views, likes, comments, shares, saves, created_at, updated_at)
    SELECT ch.creator_id, ch.id, NULL,
           (d + time '21:00') AT TIME ZONE 'Asia/Shanghai', d::date,
           100 + (ch.id %% 97) * (d::date - %(start)s::date) / 10
               + ((d::date - %(start)s::date) %% 7) * (ch.id %% 3),
           NULL, NULL, NULL, NULL, NULL, now(), now()
    FROM calendar_app_channel ch
    CROSS JOIN generate_series(%(start)s::date, %(start)s::date + %(days)s - 1, interval '1 day')
        AS d
    """,
]


def ensure_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def best_of(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--creators", default="200,1000", help="comma-separated sizes")
    parser.add_argument("--channels", type=int, default=5)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="ss_bench")
    args = parser.parse_args()

    ensure_database(f"{args.server}/postgres", args.database)
    os.environ["DATABASE_URL"] = f"{args.server}/{args.database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from datetime import date, timedelta

    from django.core.management import call_command
    from django.db import connection

    from analytics.growth import jobs

    call_command("migrate", verbosity=0)
    results = []
    for creators in [int(size) for size in args.creators.split(",")]:
        params = {
            "creators": creators,
            "channels": args.channels,
            "days": args.days,
            "start": date(2024, 1, 1),
        }
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in LOAD:
                cursor.execute(sql, params)
        load = time.perf_counter() - started
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("SELECT count(*) FROM analytics_metricsnapshot")
            rows = cursor.fetchone()[0]

        def run(sql: str) -> None:
            with connection.cursor() as cursor:
                cursor.execute("SET work_mem = %s", [jobs.WORK_MEM])  # as the job has
                cursor.execute(sql)
                cursor.fetchall()

        floor_time = best_of(args.repeat, lambda: run(FLOOR))
        per_channel = best_of(args.repeat, lambda: run(FLOOR_PER_CHANNEL))
        timings: dict = {}
        as_of = date(2024, 1, 1) + timedelta(days=args.days)
        first_run = best_of(1, lambda d=as_of, t=timings: jobs.recompute(as_of=d, timings=t))
        recompute = best_of(args.repeat, lambda d=as_of: jobs.recompute(as_of=d))
        results.append(
            (creators, rows, load, floor_time, per_channel, first_run, recompute, dict(timings))
        )

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
    if len(results) > 1:
        (_, r0, *_, j0, _, _), (_, r1, *_, j1, _, _) = results[0], results[-1]
        print(f"\nscaling: {r1 / r0:.1f}x rows took {j1 / j0:.1f}x time (linear = equal)")


if __name__ == "__main__":
    main()
