"""Load benchmark: gunicorn (2 sync workers, production settings) on loopback, driven by locust.

Run by hand (never in the test suite), after `pip install -r requirements-bench.txt`:

    python bench/load.py                  # 20 s per endpoint at 16 concurrent users
    python bench/load.py --seconds 60 --users 16

It builds its own database (`ss_load`), seeds a large creator (2,000 items over 12 months,
about 200 in the month shown), a second creator with 5,000 items, and two years of daily
channel numbers for both, then measures the calendar month page, the content list API, the
sync endpoint and the growth API, plus `/api/v1/me/` as the framework floor. It prints p50,
p95, p99, requests per second, 5xx count, the ratio to the floor and SQL queries per request.
"""

import argparse
import csv
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
DB = os.environ.get("BENCH_DATABASE", "ss_load")
PORT = int(os.environ.get("BENCH_PORT", "8899"))

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
    "DATABASE_CONN_MAX_AGE": "60",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
    "SECURE_HSTS_SECONDS": "0",
    "CELERY_TASK_ALWAYS_EAGER": "true",
    "API_RATE_CLIENT": "100000000/hour",
    "API_RATE_ANON": "100000000/hour",
    "LOG_LEVEL": "WARNING",
}


def manage(*args: str) -> None:
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=ENV, check=True)


def reset_database() -> None:
    import psycopg

    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB}"')


def seed() -> dict:
    """Create the data set in this process (production settings) and return the credentials."""
    os.environ.update(ENV)
    import django

    django.setup()
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection

    from accounts.models import User
    from accounts.tokens import token_create
    from analytics.growth import jobs
    from analytics.models import MetricSnapshot
    from calendar_app.models import Channel, ContentItem
    from positioning.models import Topic

    now = datetime.now(UTC)
    month_start = now.replace(day=1, hour=12, minute=0, second=0, microsecond=0)

    def creator(email: str, items_total: int, in_month: int) -> User:
        user = User.objects.create_user(
            email=email,
            password=secrets.token_urlsafe(16),
            display_name=email.split("@")[0],
            timezone="Asia/Shanghai",
            weekly_target=3,
        )
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
        start = (now - timedelta(days=730)).date()
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
                for d in range(730)
            ),
            batch_size=5000,
        )
        return user

    big = creator("big@bench.local", 2000, 200)
    creator("second@bench.local", 5000, 300)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    jobs.recompute()
    _, token = token_create(user=big, name="bench", scope="read")
    session = SessionStore()
    session["_auth_user_id"] = str(big.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = big.get_session_auth_hash()
    session.create()
    return {"token": token, "session": session.session_key, "user": big}


def queries_per_request(paths: dict, credentials: dict) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, (path, auth) in paths.items():
        client = (
            Client(HTTP_AUTHORIZATION=f"Bearer {credentials['token']}")
            if auth == "token"
            else Client()
        )
        if auth == "session":
            client.force_login(credentials["user"])
        client.get(path)  # warm caches, as the server's workers are
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        counts[name] = (len(queries), status)
    return counts


def wait_for_server() -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def run_locust(path: str, auth: str, credentials: dict, users: int, seconds: int) -> dict:
    env = {**ENV, "BENCH_PATH": path}
    env["BENCH_TOKEN" if auth == "token" else "BENCH_SESSION"] = credentials[
        "token" if auth == "token" else "session"
    ]
    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp) / "run"
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "-u",
                str(users),
                "-r",
                str(users),
                "-t",
                f"{seconds}s",
                "--only-summary",
                "--host",
                f"http://127.0.0.1:{PORT}",
                "--csv",
                str(prefix),
                "--loglevel",
                "ERROR",
            ],
            env=env,
            check=False,
            capture_output=True,
        )
        with open(f"{prefix}_stats.csv", newline="") as handle:
            row = next(r for r in csv.DictReader(handle) if r["Name"] == "Aggregated")
        with open(f"{prefix}_failures.csv", newline="") as handle:
            fives = sum(
                int(r["Occurrences"])
                for r in csv.DictReader(handle)
                if r["Error"].removeprefix("CatchResponseError(").startswith(("5", "'5"))
            )
    return {
        "p50": float(row["50%"]),
        "p95": float(row["95%"]),
        "p99": float(row["99%"]),
        "rps": float(row["Requests/s"]),
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "5xx": fives,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--users", type=int, default=16)
    args = parser.parse_args()

    print(f"Preparing database {DB} …", flush=True)
    reset_database()
    manage("migrate", "--noinput", "-v0")
    manage("createcachetable")
    manage("collectstatic", "--noinput", "-v0")
    started = time.monotonic()
    credentials = seed()
    print(f"Seeded in {time.monotonic() - started:.0f} s", flush=True)
    month = datetime.now(UTC).strftime("%Y-%m")
    paths = {
        "floor: me/": ("/api/v1/me/", "token"),
        "month page": (f"/plan/?month={month}", "session"),
        "content list API": ("/api/v1/content-items/", "token"),
        "sync (first page)": ("/api/v1/content-items/sync/", "token"),
        "growth API": ("/api/v1/growth/", "token"),
    }
    counts = queries_per_request(paths, credentials)
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=ENV,
    )
    try:
        wait_for_server()
        results = {}
        for name, (path, auth) in paths.items():
            print(f"Loading {name} ({path}) for {args.seconds} s …", flush=True)
            results[name] = run_locust(path, auth, credentials, args.users, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=20)

    floor = results["floor: me/"]
    print(f"\n{args.users} concurrent users, {args.seconds} s each, gunicorn 2 sync workers\n")
    print(
        f"{'endpoint':20} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8} "
        f"{'5xx':>5} {'fail':>5} {'p95/floor':>10} {'queries':>8} {'status':>7}"
    )
    for name, r in results.items():
        queries, status = counts[name]
        print(
            f"{name:20} {r['p50']:8.0f} {r['p95']:8.0f} {r['p99']:8.0f} {r['rps']:8.1f} "
            f"{r['5xx']:5d} {r['failures']:5d} {r['p95'] / floor['p95']:10.2f} "
            f"{queries:8d} {status:7d}"
        )

    month = results["month page"]
    checks = [
        (f"month page p95 {month['p95']:.0f} ms < 400 ms", month["p95"] < 400),
        (
            f"month page p95 {month['p95'] / floor['p95']:.2f}x the floor <= 4x",
            month["p95"] <= 4 * floor["p95"],
        ),
        (f"month page {counts['month page'][0]} queries <= 15", counts["month page"][0] <= 15),
        ("no 5xx on any endpoint", all(r["5xx"] == 0 for r in results.values())),
    ]
    print("\nTargets (issue 8, on a 2-core machine):")
    for text, met in checks:
        print(f"  {'met    ' if met else 'MISSED '} {text}")
    if not all(met for _text, met in checks):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
