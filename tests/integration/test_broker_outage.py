"""A Redis outage under a real worker: nothing is lost, nothing is sent twice, nothing dies."""

import os
import subprocess
import sys
import time
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.test import Client
from time_machine import escape_hatch

from accounts.models import OutboxMessage
from accounts.tasks import ping, relay_outbox
from config.celery import app
from tests.factories import UserFactory
from tests.redis_server import RedisServer

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def _wait_for(predicate, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def own_redis(settings):
    server = RedisServer().start()
    saved = (
        app.conf.broker_url,
        app.conf.result_backend,
        app.conf.task_always_eager,
        app.conf.task_ignore_result,
    )
    # As in production: no results wait on Redis (a test asks for one explicitly).
    app.conf.update(
        broker_url=server.url,
        result_backend=server.url,
        task_always_eager=False,
        task_ignore_result=True,
    )
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app._pool = None
    app.amqp._producer_pool = None
    yield server
    server.stop()
    app.conf.update(
        broker_url=saved[0],
        result_backend=saved[1],
        task_always_eager=saved[2],
        task_ignore_result=saved[3],
    )
    app._pool = None
    app.amqp._producer_pool = None


def test_an_invitation_made_during_an_outage_is_emailed_once_after_it(transactional_db, own_redis):
    client = Client()
    client.force_login(UserFactory(email="creator@example.com"))
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        own_redis.stop()
        started = time.monotonic()
        response = client.post("/coaching/", {"coach_email": "mentor@example.com"})
        assert time.monotonic() - started < 1.5
        assert response.status_code == 302
        assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 1

        own_redis.start()
        relay_outbox.apply()  # beat's next tick
        relay_outbox.apply()

        assert _wait_for(lambda: len(mail.outbox) == 1), "the email never arrived"
        time.sleep(2)
    assert [email.to for email in mail.outbox] == [["mentor@example.com"]]
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()


def _publish_until_accepted(task, *args, deadline: float, **options):
    """Publish once the broker takes it: right after Redis returns, a pooled connection may be
    stale and publishing does not retry by itself (the product relays through the outbox)."""
    while True:
        try:
            return task.apply_async(args, **options)
        except Exception:
            if time.monotonic() > deadline:
                raise
            app._pool = None
            app.amqp._producer_pool = None
            time.sleep(0.5)


def test_a_worker_holding_countdown_tasks_survives_an_outage(transactional_db, own_redis, tmp_path):
    env = dict(
        os.environ, DJANGO_SETTINGS_MODULE="config.settings.test", TEST_REDIS_URL=own_redis.url
    )
    log_path = tmp_path / "worker.log"
    log = log_path.open("w")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-c", "1", "-l", "INFO",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip

    def worker_log() -> str:
        return log_path.read_text(errors="replace")

    def worker_says(text: str, times: int = 1) -> bool:
        assert worker.poll() is None, f"the worker exited:\n{worker_log()}"
        return worker_log().count(text) >= times

    try:
        # Readiness, not sleeps: every wait ends as soon as the state is reached (120 s at most).
        assert _wait_for(lambda: worker_says(" ready."), 120), f"worker not ready:\n{worker_log()}"
        before = ping.apply_async(("before",), ignore_result=False)
        assert before.get(timeout=120) == "pong:before"
        # Held unacknowledged by the worker until their time comes. The worker runs on the real
        # clock while this test's is pinned, so the time is set from the real clock: a
        # countdown from the pinned instant would be long past and run at once.
        eta = escape_hatch.datetime.datetime.now(UTC) + timedelta(minutes=10)
        for _ in range(3):
            ping.apply_async(("later",), eta=eta)
        assert _wait_for(lambda: worker_says("] received", 4), 120), (
            f"the worker never took the countdown tasks:\n{worker_log()}"
        )

        own_redis.stop()
        # The worker notices the lost connection (it would die here without the transport fix).
        assert _wait_for(lambda: worker_says("Connection to broker lost"), 120), worker_log()
        own_redis.start()

        after = _publish_until_accepted(
            ping, "after", ignore_result=False, deadline=time.monotonic() + 120
        )
        assert after.get(timeout=120) == "pong:after", worker_log()
        assert "pong:later" not in worker_log(), "the countdown tasks ran before their time"
        assert worker.poll() is None, f"the worker died during the outage:\n{worker_log()}"
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=30)
        log.close()
