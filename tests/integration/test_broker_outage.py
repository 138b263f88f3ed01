"""A Redis outage under a real worker process that holds countdown tasks (webhook retries).

The worker is a process of its own (`celery worker`, production settings module `base`: no
result backend, tasks on the broker) on a Redis server of this test's own, which keeps its
data across a restart as the production Redis does. Every wait is on something observable
(the worker's log, the receiver's count, database rows) with a generous bound; none is a
fixed sleep.
"""

import collections
import http.server
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.test import Client

from calendar_app.models import WebhookDelivery, WebhookEvent
from calendar_app.sync.webhooks import DELIVERY_HEADER, endpoint_create
from config.celery import app
from tests.factories import UserFactory
from tests.redis_server import RedisServer

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]
ITEMS = 3
RETRY_SECONDS = 15  # the first retry's countdown: the worker holds each retry this long
VISIBILITY_SECONDS = 25  # more than the countdown, as the setting requires
TIMEOUT = 120.0


def _wait_for(predicate, timeout: float = TIMEOUT) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


class Receiver(http.server.ThreadingHTTPServer):
    """Answers 500 to the first attempt of each delivery, 204 to the others; counts both."""

    def __init__(self) -> None:
        self.attempts: collections.Counter[str] = collections.Counter()
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), ReceiverHandler)

    def counts(self) -> dict[str, int]:
        with self.lock:
            return dict(self.attempts)


class ReceiverHandler(http.server.BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with self.server.lock:
            self.server.attempts[self.headers[DELIVERY_HEADER]] += 1
            first = self.server.attempts[self.headers[DELIVERY_HEADER]] == 1
        self.send_response(500 if first else 204)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def receiver():
    server = Receiver()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def own_redis(settings):
    """A persistent Redis of this test's own; the app in this process publishes to it."""
    server = RedisServer(persistent=True).start()
    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.update(broker_url=server.url, task_always_eager=False)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app._pool = None
    app.amqp._producer_pool = None
    yield server
    server.stop()
    app.conf.update(broker_url=saved[0], task_always_eager=saved[1])
    app._pool = None
    app.amqp._producer_pool = None


def _database_url() -> str:
    """The test database, for the worker process."""
    db = settings.DATABASES["default"]
    credentials = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = quote(db.get("HOST") or "127.0.0.1", safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}@{host}{port}/{db['NAME']}"


@pytest.fixture
def worker_process(own_redis, tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CELERY_", "DJANGO_", "DATABASE_", "REDIS_", "WEBHOOK_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DATABASE_URL=_database_url(),
        REDIS_URL=own_redis.url,
        WEBHOOK_ALLOW_PRIVATE_HOSTS="true",
        WEBHOOK_RETRY_BASE_SECONDS=str(RETRY_SECONDS),
        BROKER_VISIBILITY_TIMEOUT=str(VISIBILITY_SECONDS),
        LOG_LEVEL="INFO",
    )
    log_path = tmp_path / "worker.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-c", "1", "-l", "INFO",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        process.log = lambda: log_path.read_text(errors="replace")
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)


def test_a_worker_holding_countdown_retries_survives_an_outage_and_delivers_once(
    own_redis, worker_process, receiver, settings
):
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = True  # the receiver is on loopback

    def says(*parts: str, times: int = 1) -> bool:
        """At least `times` lines of the worker's log contain every one of `parts`."""
        assert worker_process.poll() is None, f"the worker exited:\n{worker_process.log()}"
        lines = worker_process.log().splitlines()
        return sum(all(part in line for part in parts) for line in lines) >= times

    creator = UserFactory(email="creator@example.com")
    endpoint_create(
        creator=creator,
        url=f"http://127.0.0.1:{receiver.server_address[1]}/hook",
        events=[WebhookEvent.CREATED],
    )
    assert _wait_for(lambda: says(" ready.")), f"worker not ready:\n{worker_process.log()}"

    client = Client()
    client.force_login(creator)
    for number in range(ITEMS):
        response = client.post(
            "/api/v1/content-items/", {"title": f"条目 {number}"}, content_type="application/json"
        )
        assert response.status_code == 201, response.content
    deliveries = set(WebhookDelivery.objects.values_list("uuid", flat=True))
    assert len(deliveries) == ITEMS

    # Each first attempt fails and its retry comes back to the worker, which holds it
    # (unacknowledged) for RETRY_SECONDS: ITEMS first runs plus ITEMS retries received.
    task = "calendar_app.tasks.deliver_webhook"
    assert _wait_for(lambda: says(f"{task}[", "] received", times=2 * ITEMS)), (
        f"the worker never took the retries:\n{worker_process.log()}"
    )
    assert sorted(receiver.counts().values()) == [1] * ITEMS, "a retry ran before the outage"

    own_redis.stop()
    assert _wait_for(lambda: says("Connection to broker lost")), worker_process.log()
    own_redis.start()
    assert _wait_for(lambda: says("Connected to", times=2)), (
        f"the worker did not reconnect:\n{worker_process.log()}"
    )

    # After Redis returns, the held retries are handed out again (visibility timeout) and
    # each delivery succeeds, exactly once.
    def all_delivered() -> bool:
        return WebhookDelivery.objects.filter(status=WebhookDelivery.Status.SUCCEEDED).count() == (
            ITEMS
        )

    assert _wait_for(all_delivered, 180), (
        f"deliveries {list(WebhookDelivery.objects.values_list('status', 'attempts'))}, "
        f"receiver {receiver.counts()}:\n{worker_process.log()}"
    )
    broker = redis.Redis.from_url(own_redis.url)
    # Nothing is left that could run a second time: no task queued, none held unacknowledged.
    assert _wait_for(lambda: broker.llen("celery") == 0 and broker.hlen("unacked") == 0), (
        f"queued {broker.llen('celery')}, unacknowledged {broker.hlen('unacked')}"
    )
    assert receiver.counts() == {str(uuid): 2 for uuid in deliveries}
    assert list(WebhookDelivery.objects.values_list("attempts", flat=True)) == [2] * ITEMS
    assert worker_process.poll() is None, f"the worker died:\n{worker_process.log()}"
    assert "Unrecoverable error" not in worker_process.log()
