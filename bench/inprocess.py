"""In-process costs: the month page at 20, 200 and 2,000 pieces in the month, and `me/`.

Run by hand (it builds its own database, `ss_inprocess` by default, with production settings):

    python bench/inprocess.py                 # 20/200/2,000 pieces, 60 renders each
    python bench/inprocess.py --tiny          # 2/20 pieces, a few renders: what the suite runs

No server and no network: Django's test client calls the WSGI handler in this process, so the
numbers are the application's own cost (middleware, views, queries, templates). For each size
it seeds one creator whose month holds that many pieces (spread over its days, so a crowded
day has many), renders the month page, and prints the median and p90 time, the queries and the
growth factor against the smallest size. It then times `/api/v1/me/` with a bearer token and
with a session cookie (median of many), and counts their queries.

Targets: the month page's growth factor (largest size / smallest) <= 1.5 with the same number
of queries at every size; `me/` <= 4 ms median in-process with at most 3 queries. In tiny mode
the speed targets are printed, not enforced (machine noise); the query targets are enforced.
`--drop` drops the database at the end.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import load  # noqa: E402  (the load benchmark's database and settings helpers)
import load_seed  # noqa: E402

DEFAULT = {"sizes": "20,200,2000", "repeat": 60, "database": "ss_inprocess"}
TINY = {"sizes": "2,20", "repeat": 5, "database": "ss_inprocess_tiny"}
ME_QUERIES = 3  # token: the token with its user, and its last-used stamp at most once a minute
MONTH_GROWTH = 1.5
ME_MS = 4.0
ME = "/api/v1/me/"


def timed(client, path: str, repeat: int, **headers) -> tuple[list[float], int, int]:
    """Milliseconds of `repeat` GETs (after one warm-up), the queries of one, its status."""
    from django.db import connection

    client.get(path, **headers)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        status = client.get(path, **headers).status_code
    times = []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        client.get(path, **headers)
        times.append(((time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000))
    return times, len(queries), status


def p90(times: list[float]) -> float:
    return sorted(times)[int(len(times) * 0.9) - 1] if len(times) > 1 else times[0]


def medians(times: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Median wall ms, p90 wall ms, median CPU ms (this process: what load elsewhere spares)."""
    wall = [t[0] for t in times]
    return statistics.median(wall), p90(wall), statistics.median(t[1] for t in times)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="2 and 20 pieces, 5 renders each")
    parser.add_argument("--sizes", help="pieces in the month, comma-separated (20,200,2000)")
    parser.add_argument("--repeat", type=int, help="renders per size (default 60)")
    parser.add_argument(
        "--server",
        default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server URL without a database (BENCH_POSTGRES)",
    )
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE"))
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    args = parser.parse_args()
    for name, value in (TINY if args.tiny else DEFAULT).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    return args


def measure(args: argparse.Namespace) -> bool:
    from django.test import Client

    from accounts.tokens import token_create

    month_start = datetime.now(UTC).replace(day=1, hour=2, minute=0, second=0, microsecond=0)
    month = month_start.strftime("%Y-%m")
    sizes = [int(size) for size in args.sizes.split(",")]
    rows = []  # (name, times, queries, status)
    users = [
        load_seed.seed_month_creator(f"month{size}@bench.local", size, month_start)
        for size in sizes
    ]
    load_seed.analyze()
    for size, user in zip(sizes, users, strict=True):
        client = Client()
        client.force_login(user)
        times, queries, status = timed(client, f"/plan/?month={month}", args.repeat)
        rows.append((f"{size:,}", times, queries, status))
    user = load_seed.seed_month_creator("me@bench.local", 1, month_start)
    _, token = token_create(user=user, name="bench", scope="read")
    session_client = Client()
    session_client.force_login(user)
    me_repeat = args.repeat * 10
    me_rows = [
        ("me/ (token)", *timed(Client(HTTP_AUTHORIZATION=f"Bearer {token}"), ME, me_repeat)),
        ("me/ (session)", *timed(session_client, ME, me_repeat)),
    ]

    print(f"\n{'tiny: ' if args.tiny else ''}in-process, median of {args.repeat} renders\n")
    print(
        f"{'pieces in month':>16} {'median ms':>10} {'p90 ms':>8} {'CPU ms':>8} {'queries':>8} "
        f"{'growth':>7} {'CPU growth':>10}"
    )
    base, _, base_cpu = medians(rows[0][1])
    for size, times, queries, _status in rows:
        median, slow, cpu = medians(times)
        print(
            f"{size:>16} {median:>10.1f} {slow:>8.1f} {cpu:>8.1f} {queries:>8} "
            f"{median / base:>7.2f} {cpu / base_cpu:>10.2f}"
        )
    print(
        f"\n{'endpoint':16} {'median ms':>10} {'p90 ms':>8} {'CPU ms':>8} {'queries':>8} "
        f"{'status':>7}"
    )
    for name, times, queries, status in me_rows:
        median, slow, cpu = medians(times)
        print(f"{name:16} {median:>10.2f} {slow:>8.2f} {cpu:>8.2f} {queries:>8} {status:>7}")
    growth = medians(rows[-1][1])[0] / base
    token_ms = medians(me_rows[0][1])[0]
    speed = [
        (
            f"month page growth {growth:.2f}x from {sizes[0]:,} to {sizes[-1]:,} pieces "
            f"<= {MONTH_GROWTH}x",
            growth <= MONTH_GROWTH,
        ),
        (f"me/ median {token_ms:.2f} ms <= {ME_MS} ms", token_ms <= ME_MS),
    ]
    correctness = [
        (
            f"month page queries equal at every size ({', '.join(str(r[2]) for r in rows)})",
            len({r[2] for r in rows}) == 1,
        ),
        (
            f"me/ queries {me_rows[0][2]} (token), {me_rows[1][2]} (session) <= {ME_QUERIES}",
            me_rows[0][2] <= ME_QUERIES and me_rows[1][2] <= ME_QUERIES,
        ),
        ("every page answered 200", all(r[3] == 200 for r in rows + me_rows)),
    ]
    enforced = correctness if args.tiny else speed + correctness
    print("\nTargets (issue 17):")
    for text, met in speed + correctness:
        note = "" if (text, met) in enforced else "  (not enforced in tiny mode)"
        print(f"  {'met    ' if met else 'MISSED '} {text}{note}")
    return all(met for _text, met in enforced)


def main() -> None:
    args = parse_args()
    try:
        with tempfile.TemporaryDirectory(prefix="sweetspot-bench-static-") as static_root:
            load.reset_database(args.server, args.database)
            env = load.environment(f"{args.server}/{args.database}", static_root)
            load.prepare(env, tiny=True)
            passed = measure(args)
            from django.db import connections

            connections.close_all()
    finally:
        if args.drop:
            load.drop_database(args.server, args.database)
    if not passed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
