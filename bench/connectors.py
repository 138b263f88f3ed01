"""Benchmark the connector runs: many channels polled against a local server on one host.

    python bench/connectors.py              # 1,000 channels of 100 creators, 8 workers
    python bench/connectors.py --tiny       # 60 channels of 6 creators, 4 workers, seconds

The suite runs the tiny mode (`tests/bench/test_benchmarks_tiny.py`, marker `bench`).

It builds its own database (`ss_bench_connectors` unless `--database`), seeds creators and
dev.to channels through the ORM, and serves a dev.to-shaped `/api/articles` from a threaded
local server that answers after `--delay` ms and counts the requests in flight. Worker threads
(`--workers`, as Celery workers would) run `analytics.connectors.services.run` for every due
channel; a channel the host limit turns away (HostBusy) is delayed and run again, as beat
would. Two passes: the first records every publication, the second finds them all known.
It prints channels per second, the most requests in flight on the host against
`CONNECTOR_HOST_CONCURRENCY`, and the database queries per channel run (min and max, which
must be equal: constant whatever the data), and exits non-zero if a check fails. Outbox rows
are written as in production but not published: no broker or worker is involved.
"""

import argparse
import json
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT = {"channels": 1000, "creators": 100, "workers": 8, "limit": 4, "delay": 20}
TINY = {"channels": 60, "creators": 6, "workers": 4, "limit": 2, "delay": 10}
ARTICLES_PER_USER = 3


class Platform(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, delay: float):
        super().__init__(("127.0.0.1", 0), Answer)
        self.delay = delay
        self.lock = threading.Lock()
        self.in_flight = 0
        self.most_in_flight = 0
        self.requests = 0


class Answer(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        server: Platform = self.server
        with server.lock:
            server.in_flight += 1
            server.requests += 1
            server.most_in_flight = max(server.most_in_flight, server.in_flight)
        try:
            time.sleep(server.delay)
            user = parse_qs(urlsplit(self.path).query).get("username", ["x"])[0]
            body = json.dumps(
                [
                    {
                        "type_of": "article",
                        "id": f"{user}-{n}",
                        "title": f"{user} article {n}",
                        "url": f"https://dev.to/{user}/article-{n}",
                        "published_at": f"2026-05-{n + 1:02d}T08:00:00Z",
                        "public_reactions_count": 10 * n,
                        "comments_count": n,
                    }
                    for n in range(ARTICLES_PER_USER)
                ]
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        finally:
            with server.lock:
                server.in_flight -= 1

    def log_message(self, *args) -> None:
        pass


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tiny", action="store_true", help="60 channels, 4 workers (the suite)")
    parser.add_argument("--channels", type=int)
    parser.add_argument("--creators", type=int)
    parser.add_argument("--workers", type=int, help="threads running channels side by side")
    parser.add_argument("--limit", type=int, help="CONNECTOR_HOST_CONCURRENCY for the run")
    parser.add_argument("--delay", type=int, help="the server's answer time, ms")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE"))
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    args = parser.parse_args()
    for name, value in (TINY if args.tiny else DEFAULT).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    args.database = args.database or (
        "ss_bench_connectors_tiny" if args.tiny else "ss_bench_connectors"
    )
    return args


def main() -> None:
    from metrics import run_in_database

    run_in_database(parse_args(), run, "connector benchmark checks failed")


def run(args: argparse.Namespace) -> list[str]:
    os.environ["DATABASE_URL"] = f"{args.server}/{args.database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    if os.environ.get("TEST_REDIS_URL"):  # the suite's Redis, for the shared host limits
        os.environ.setdefault("REDIS_URL", os.environ["TEST_REDIS_URL"])
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from accounts import queue

    call_command("migrate", verbosity=0)
    platform = Platform(args.delay / 1000)
    threading.Thread(target=platform.serve_forever, daemon=True).start()
    settings.CONNECTOR_BASE_URLS = {
        **settings.CONNECTOR_BASE_URLS,
        "devto": f"http://127.0.0.1:{platform.server_port}",
    }
    settings.CONNECTOR_HOST_CONCURRENCY = args.limit
    settings.CONNECTOR_HOST_RATE_PER_SECOND = 100_000  # measure the concurrency cap alone
    queue.relay = lambda **kwargs: 0  # outbox rows are written; nothing is published
    print(
        f"{'tiny: ' if args.tiny else ''}{args.channels} channels of {args.creators} creators, "
        f"{args.workers} workers, host limit {args.limit}, server answers in {args.delay} ms, "
        f"database {args.database}",
        flush=True,
    )
    channel_ids = seed(args.channels, args.creators)
    passes = []
    for name in ("first pass (all new)", "second pass (all known)"):
        passes.append((name, *poll(channel_ids, args.workers)))
    platform.shutdown()

    print(
        f"\n{'pass':<26} {'channels':>8} {'seconds':>8} {'channels/s':>11} {'delayed':>8} "
        f"{'queries/channel':>16}"
    )
    for name, seconds, queries, delayed in passes:
        print(
            f"{name:<26} {len(channel_ids):>8} {seconds:>8.2f} "
            f"{len(channel_ids) / seconds:>11.1f} {delayed:>8} "
            f"{min(queries):>7}..{max(queries):<7}"
        )
    print(f"requests {platform.requests}, most in flight on the host {platform.most_in_flight}")
    return check(args, channel_ids, platform, passes)


def seed(channels: int, creators: int) -> list[int]:
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from calendar_app.models import Channel

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE analytics_publication, analytics_metricsnapshot, calendar_app_channel,"
            " accounts_outboxmessage CASCADE"
        )
    User.objects.filter(email__endswith="@bench.connectors").delete()
    users = User.objects.bulk_create(
        [
            User(
                email=f"c{n}@bench.connectors", display_name=f"创作者 {n}", timezone="Asia/Shanghai"
            )
            for n in range(creators)
        ]
    )
    now = timezone.now()
    made = Channel.objects.bulk_create(
        [
            Channel(
                creator=users[n % creators],
                platform="blog",
                name=f"dev.to {n}",
                source_kind="devto",
                source_ref=f"user{n}",
                source_next_run_at=now,
            )
            for n in range(channels)
        ]
    )
    return [channel.pk for channel in made]


def poll(channel_ids: list[int], workers: int) -> tuple[float, list[int], int]:
    """Run every channel once; turned-away channels go again. Seconds, queries, delays."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from analytics.connectors import services

    queries: list[int] = []
    lock = threading.Lock()

    def one(channel_id: int) -> str:
        try:
            with CaptureQueriesContext(connection) as captured:
                outcome = services.run(channel_id)
            if outcome == services.Outcome.DONE:
                with lock:
                    queries.append(len(captured.captured_queries))
            return outcome
        finally:
            connection.close()

    pending, delayed = list(channel_ids), 0
    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        while pending:
            outcomes = list(pool.map(one, pending))
            again = [cid for cid, out in zip(pending, outcomes, strict=True) if out == "delayed"]
            failed = [out for out in outcomes if out not in {"done", "delayed"}]
            if failed:
                raise SystemExit(f"{len(failed)} channel runs failed: {set(failed)}")
            delayed += len(again)
            pending = again
            if pending:
                time.sleep(0.05)
    return time.perf_counter() - started, queries, delayed


def check(args, channel_ids, platform, passes) -> list[str]:
    from analytics.models import MetricSnapshot, Publication
    from calendar_app.models import Channel

    ok_runs = Channel.objects.filter(pk__in=channel_ids, source_state="ok").exclude(
        source_last_success_at=None
    )
    checks = [
        (
            f"most requests in flight on the host {platform.most_in_flight} <= limit {args.limit}",
            platform.most_in_flight <= args.limit,
        ),
        (
            f"channels fetched {ok_runs.count()} = {len(channel_ids)}",
            ok_runs.count() == len(channel_ids),
        ),
        (
            f"publications {Publication.objects.count()} = channels x {ARTICLES_PER_USER}",
            Publication.objects.count() == len(channel_ids) * ARTICLES_PER_USER,
        ),
        (
            f"snapshots {MetricSnapshot.objects.count()} (none: no piece is in a plan)",
            MetricSnapshot.objects.count() == 0,
        ),
    ]
    for name, _seconds, queries, _delayed in passes:
        checks.append(
            (
                f"{name}: queries per channel constant ({min(queries)}..{max(queries)})",
                min(queries) == max(queries),
            )
        )
    print()
    for text, good in checks:
        print(f"  {'ok     ' if good else 'WRONG  '} {text}")
    return [text for text, good in checks if not good]


if __name__ == "__main__":
    main()
