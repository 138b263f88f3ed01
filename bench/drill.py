"""Outage drill: Redis, then PostgreSQL, stopped and restarted under a running stack.

Run by hand (`requirements-embedded.txt` installed):

    python bench/drill.py             # 10 writes of each kind during the Redis outage
    python bench/drill.py --tiny      # 3 of each and short waits (what the test suite runs)

Everything it uses is its own, in a temporary directory: an embedded PostgreSQL
(`bin/embedded.py`, Unix socket), a Redis (`tests/redis_server.py`, free loopback port),
gunicorn (2 workers) on a free loopback port, a Celery worker and beat (the outbox relayed every
second), emails written by Django's file backend, and a webhook receiver on loopback that
counts deliveries by their id. It seeds a creator (with a write token and a webhook) and a
coach, then:

- phase A: stops Redis, makes N coach invitations (each emails the coach) and N content items
  (each fires a webhook) through the API, timing every write, and starts Redis again;
- phase B: stops PostgreSQL, shows that writes fail cleanly (503 JSON, no hang), starts it
  again and shows that writes succeed again;

then waits (bounded) for every expected email and webhook and prints the report. It exits
non-zero when an email or webhook is lost or duplicated, a write failed while Redis was down,
a write took more than 3 s, or the stack did not come back. Every process it started is
stopped at the end, also on failure.
"""

import argparse
import collections
import email
import json
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bin"))
BIN = Path(sys.executable).parent
MAX_WRITE_SECONDS = 3.0

import embedded  # noqa: E402  (bin/embedded.py)
from drill_stack import Receiver, Stack, postgres_start  # noqa: E402

from tests.redis_server import RedisServer, free_port  # noqa: E402


def request(method: str, url: str, token: str, payload: dict | None = None, timeout=30):
    """(status, JSON body or None, seconds)."""
    data = json.dumps(payload).encode() if payload is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Authorization", f"Bearer {token}")
    req.add_header("Content-Type", "application/json")
    started = time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    except OSError as error:  # no answer at all
        return 0, {"error": str(error)}, time.monotonic() - started
    elapsed = time.monotonic() - started
    try:
        parsed = json.loads(body) if body else None
    except ValueError:
        parsed = None
    return status, parsed, elapsed


def wait_until(predicate, timeout: float, stack: Stack | None = None, pause: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if stack is not None:
            stack.check_alive()
        if predicate():
            return True
        time.sleep(pause)
    return predicate()


def seed(env: dict, receiver_url: str) -> str:
    """Migrate and seed in this process; returns the creator's write token."""
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)

    from accounts.models import User
    from accounts.tokens import token_create
    from calendar_app.models import WebhookEvent
    from calendar_app.sync.webhooks import endpoint_create

    creator = User.objects.create_user(
        email="creator@drill.local", password=secrets.token_urlsafe(16), display_name="Creator"
    )
    User.objects.create_user(
        email="coach@drill.local", password=secrets.token_urlsafe(16), display_name="Coach"
    )
    _, token = token_create(user=creator, name="drill", scope="write")
    endpoint_create(creator=creator, url=receiver_url, events=[WebhookEvent.CREATED])
    connections.close_all()  # the database goes away later; hold nothing open
    return token


def backlog() -> dict[str, list]:
    """What the stack still owes: outbox rows not yet relayed, webhook deliveries pending.
    Read in this process (Django was set up by `seed`), on a connection closed afterwards."""
    from django.db import connections

    from accounts.models import OutboxMessage
    from calendar_app.models import WebhookDelivery

    try:
        return {
            "outbox rows not relayed": list(
                OutboxMessage.objects.filter(sent_at__isnull=True).values_list(
                    "task_name", "attempts", "last_error"
                )
            ),
            "webhook deliveries pending": list(
                WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING).values_list(
                    "pk", "attempts", "error"
                )
            ),
        }
    finally:
        connections.close_all()


def emails_by_recipient(directory: Path) -> collections.Counter[str]:
    counts: collections.Counter[str] = collections.Counter()
    if not directory.exists():
        return counts
    for path in directory.iterdir():
        # The file backend separates messages in one file with a line of 79 dashes.
        for chunk in path.read_text(errors="replace").split("-" * 79):
            if chunk.strip():
                message = email.message_from_string(chunk.strip())
                if message["To"]:
                    counts[message["To"]] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="3 writes of each kind, short waits")
    parser.add_argument("--writes", type=int, help="of each kind during the Redis outage")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    writes = args.writes or (3 if args.tiny else 10)
    settle = 3 if args.tiny else 10  # extra wait for late duplicates after everything arrived
    home = Path(tempfile.mkdtemp(prefix="sweetspot-drill-"))
    home.chmod(0o755)  # as root, the embedded PostgreSQL runs as another user
    stack = Stack(home)
    try:
        passed = drill(stack, writes=writes, settle=settle, tiny=args.tiny)
    finally:
        stack.stop()
        if not args.keep:
            shutil.rmtree(home, ignore_errors=True)
        else:
            print(f"kept {home}")
    if not passed:
        raise SystemExit(1)


def drill(stack: Stack, *, writes: int, settle: int, tiny: bool) -> bool:
    home = stack.home
    started_at = time.monotonic()
    print("Starting PostgreSQL, Redis and the webhook receiver …", flush=True)
    stack.postgres_started = True
    database_url = postgres_start(stack.postgres_dir)
    stack.redis = RedisServer().start()
    stack.receiver = Receiver()
    threading.Thread(target=stack.receiver.serve_forever, daemon=True).start()
    receiver_url = f"http://127.0.0.1:{stack.receiver.server_address[1]}/hook"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    mail_dir = home / "mail"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CELERY_", "DJANGO_", "DATABASE_", "REDIS_", "EMAIL_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL=database_url,
        DATABASE_CONN_MAX_AGE="0",
        REDIS_URL=stack.redis.url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=base,
        OUTBOX_RELAY_SECONDS="1",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail_dir),
        WEBHOOK_ALLOW_PRIVATE_HOSTS="true",
        WEBHOOK_RETRY_BASE_SECONDS="1",
        CELERY_BEAT_SCHEDULE_FILENAME=str(home / "celerybeat-schedule"),
        API_RATE_CLIENT="100000/hour",
        LOG_LEVEL="WARNING",
    )
    token = seed(env, receiver_url)
    print("Starting gunicorn, the Celery worker and beat …", flush=True)
    stack.spawn(
        "web",
        [str(BIN / "gunicorn"), "config.wsgi", "--workers", "2", "--timeout", "30",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        env,
    )  # fmt: skip
    celery = [sys.executable, "-m", "celery", "-A", "config"]
    stack.spawn("worker", [*celery, "worker", "-c", "2", "-l", "INFO"], env)
    stack.spawn(
        "beat", [*celery, "beat", "-l", "INFO", "-s", env["CELERY_BEAT_SCHEDULE_FILENAME"]], env
    )

    def healthy() -> bool:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
                return response.status == 200
        except OSError:
            return False

    def worker_ready() -> bool:
        return " ready." in (home / "worker.log").read_text(errors="replace")

    if not wait_until(lambda: healthy() and worker_ready(), 120, stack):
        raise SystemExit("drill: the stack did not come up within 120 s")

    coaches: list[str] = []
    items = 0
    failures: list[str] = []

    def invite(label: str) -> tuple[int, float, object]:
        address = f"coach-{label}-{len(coaches) + 1}@drill.local"
        status, body, seconds = request(
            "POST", f"{base}/api/v1/coach-invitations/", token, {"coach_email": address}
        )
        if status == 201:
            coaches.append(address)
        return status, seconds, body

    def create_item(label: str) -> tuple[int, float, object]:
        nonlocal items
        status, body, seconds = request(
            "POST", f"{base}/api/v1/content-items/", token, {"title": f"{label} {items + 1}"}
        )
        if status == 201:
            items += 1
        return status, seconds, body

    # Warm-up on a healthy stack: one of each, so the first timed write is not a cold start.
    for write in (invite, create_item):
        status, _, _ = write("warmup")
        if status != 201:
            failures.append(f"warm-up write answered {status}")

    print(f"Phase A: Redis down, {writes} invitations and {writes} items …", flush=True)
    stack.redis.stop()
    latencies: list[float] = []
    outage_statuses: collections.Counter[int] = collections.Counter()
    for _ in range(writes):
        for write in (invite, create_item):
            status, seconds, _ = write("redis-down")
            latencies.append(seconds)
            outage_statuses[status] += 1
    stack.redis.start()
    stack.check_alive()

    print("Phase B: PostgreSQL down …", flush=True)
    embedded.postgres_stop(stack.postgres_dir)
    db_down = [invite("db-down"), create_item("db-down")]
    # Nothing can have been written; the coach addresses were not recorded.
    postgres_start(stack.postgres_dir)
    recovered_in = time.monotonic()
    if not wait_until(lambda: invite("db-back")[0] == 201, 60, stack, pause=0.5):
        failures.append("writes did not succeed again within 60 s of PostgreSQL's return")
    recovered_in = time.monotonic() - recovered_in
    if create_item("db-back")[0] != 201:
        failures.append("a content item could not be created after PostgreSQL's return")

    expected_emails = set(coaches)
    expected_webhooks = items  # one content_item.created per item

    def arrived() -> bool:
        got = emails_by_recipient(mail_dir)
        return set(got) >= expected_emails and len(stack.receiver.seen) >= expected_webhooks

    def drained() -> bool:
        # Everything expected arrived and nothing is still owed (a retry that could still
        # send a duplicate, an outbox row not yet relayed).
        return arrived() and not any(backlog().values())

    wait = 60 if tiny else 180
    print(f"Waiting up to {wait} s for the emails, webhooks and outbox …", flush=True)
    waited = time.monotonic()
    wait_until(drained, wait, stack, pause=0.5)
    waited = time.monotonic() - waited
    time.sleep(settle)  # a duplicate would come now
    owed = backlog()
    got_emails = emails_by_recipient(mail_dir)
    seen = dict(stack.receiver.seen)
    stack.check_alive()

    email_dupes = sum(n - 1 for n in got_emails.values() if n > 1)
    webhook_dupes = sum(n - 1 for n in seen.values() if n > 1)
    email_losses = len(expected_emails - set(got_emails))
    unexpected_emails = len(set(got_emails) - expected_emails)
    webhook_losses = max(expected_webhooks - len(seen), 0)
    duplicates = email_dupes + webhook_dupes
    losses = email_losses + webhook_losses + unexpected_emails
    outage_ok = outage_statuses == {201: 2 * writes}
    db_down_ok = all(
        status == 503
        and seconds < MAX_WRITE_SECONDS
        and isinstance(body, dict)
        and "detail" in body
        for status, seconds, body in db_down
    )
    slowest = max(latencies)

    rows = [
        ("writes during the Redis outage", f"{2 * writes} ({writes} invitations, {writes} items)"),
        ("  answered", ", ".join(f"{n} x {s}" for s, n in sorted(outage_statuses.items()))),
        ("  latency p50 / max", f"{statistics.median(latencies):.2f} s / {slowest:.2f} s"),
        (
            "writes during the PostgreSQL outage",
            ", ".join(f"{status} in {seconds:.2f} s" for status, seconds, _ in db_down),
        ),
        ("writes succeed again after", f"{recovered_in:.1f} s"),
        ("everything delivered after", f"{waited:.1f} s (outbox and retries drained)"),
        ("emails expected / delivered", f"{len(expected_emails)} / {len(got_emails)}"),
        ("webhooks expected / delivered", f"{expected_webhooks} / {len(seen)}"),
        ("duplicates", f"{duplicates} (emails {email_dupes}, webhooks {webhook_dupes})"),
        ("losses", f"{losses} (emails {email_losses}, webhooks {webhook_losses})"),
        ("drill time", f"{time.monotonic() - started_at:.0f} s"),
    ]
    print(f"\nOutage drill{' (tiny)' if tiny else ''}\n")
    for name, value in rows:
        print(f"{name:38} {value}")
    checks = [
        ("no duplicates", duplicates == 0),
        ("no losses", losses == 0),
        ("every write during the Redis outage succeeded", outage_ok),
        (f"every write took less than {MAX_WRITE_SECONDS:.0f} s", slowest < MAX_WRITE_SECONDS),
        ("writes during the PostgreSQL outage failed cleanly (503 JSON, fast)", db_down_ok),
        ("the stack recovered", not failures),
        ("nothing left in the outbox or pending delivery", not any(owed.values())),
    ]
    print()
    for text, met in checks:
        print(f"  {'met    ' if met else 'MISSED '} {text}")
    for failure in failures:
        print(f"  {failure}")
    for what, rows in owed.items():
        for row in rows:
            print(f"  {what}: {row}")
    return all(met for _text, met in checks)


if __name__ == "__main__":
    main()
