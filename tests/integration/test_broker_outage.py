"""A Redis outage under a real worker: nothing is lost, nothing is sent twice, nothing dies."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.test import Client

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


def test_a_worker_holding_countdown_tasks_survives_an_outage(transactional_db, own_redis):
    env = dict(
        os.environ, DJANGO_SETTINGS_MODULE="config.settings.test", TEST_REDIS_URL=own_redis.url
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-c", "1", "-l", "WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        assert ping.apply_async(("before",), ignore_result=False).get(timeout=60) == "pong:before"
        for _ in range(3):  # held unacknowledged by the worker until their countdown ends
            ping.apply_async(("later",), countdown=120)
        time.sleep(1)

        own_redis.stop()
        time.sleep(3)
        own_redis.start()

        assert ping.apply_async(("after",), ignore_result=False).get(timeout=60) == "pong:after"
        assert worker.poll() is None, "the worker died during the outage"
    finally:
        worker.terminate()
        worker.wait(timeout=30)
