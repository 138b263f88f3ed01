import os
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import CoachInvitation, PersonalAccessToken
from accounts.tokens import token_create
from tests.factories import CoachInvitationFactory, UserFactory

# Every test starts at one pinned instant, never at the wall clock: a Wednesday in mid-June,
# away from any month, quarter or year boundary and any daylight-saving change. Run the whole
# suite at another instant with SWEETSPOT_TEST_NOW (ISO 8601 with an offset), for example
#   SWEETSPOT_TEST_NOW=2028-02-29T23:30:00+08:00 bin/test
# Tests about boundary days travel explicitly (tests/clock.py); the clock ticks from the
# pinned instant so that timeouts and polling loops still move.
DEFAULT_NOW = datetime(2026, 6, 17, 9, 41, tzinfo=UTC)


def suite_now() -> datetime:
    raw = os.environ.get("SWEETSPOT_TEST_NOW", "").strip()
    if not raw:
        return DEFAULT_NOW
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise pytest.UsageError(f"SWEETSPOT_TEST_NOW={raw!r} is not an ISO 8601 instant") from None
    if moment.tzinfo is None:
        raise pytest.UsageError(f"SWEETSPOT_TEST_NOW={raw!r} needs an offset, e.g. +00:00")
    return moment


SUITE_NOW = suite_now()


def pytest_report_header(config):
    return f"clock: every test starts at {SUITE_NOW.isoformat()} (SWEETSPOT_TEST_NOW)"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(request, django_db_blocker):
    """The cache table is not flushed between transactional tests, the API throttles live in
    Redis (under this process's key prefix), and the clock is pinned: clear them so one test's
    sign-ups, resets and API calls never count against the next."""
    yield
    from django.core.cache import caches

    caches["throttle"].clear()
    caches["throttle_local"].clear()
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        from django.core.cache import cache

        with django_db_blocker.unblock():  # the test's own database access has ended
            cache.clear()


@pytest.fixture(autouse=True)
def pinned_now():
    """Pin "now" for the test (time-machine): results never depend on the day the suite runs."""
    with time_machine.travel(SUITE_NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def owner(db):
    return UserFactory(email="owner@example.com", display_name="Owner 主人")


@pytest.fixture
def other_creator(db):
    return UserFactory(email="other@example.com", display_name="Other")


@pytest.fixture
def coach(owner):
    coach = UserFactory(email="coach@example.com", display_name="Coach")
    CoachInvitationFactory(creator=owner, coach=coach)
    return coach


@pytest.fixture
def former_coach(owner):
    former = UserFactory(email="former@example.com", display_name="Former coach")
    CoachInvitationFactory(creator=owner, coach=former, status=CoachInvitation.Status.ENDED)
    return former


def _logged_in(user, api: bool):
    client = APIClient() if api else Client()
    client.force_login(user)
    return client


@pytest.fixture
def read_token(owner):
    _, raw = token_create(user=owner, name="read", scope=PersonalAccessToken.Scope.READ)
    return raw


@pytest.fixture
def write_token(owner):
    _, raw = token_create(user=owner, name="write", scope=PersonalAccessToken.Scope.WRITE)
    return raw


@pytest.fixture
def oauth_read_token(owner):
    """A read-scoped OAuth access token of the owner, issued to a registered public client."""
    from tests.oauth import issue_token

    return issue_token(owner, scope="read")


def _bearer_client(raw: str, api: bool):
    if api:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _actors(owner, other_creator, coach, former_coach, read_token, oauth_token, api: bool) -> dict:
    return {
        "owner": _logged_in(owner, api),
        "other": _logged_in(other_creator, api),
        "coach": _logged_in(coach, api),
        "former_coach": _logged_in(former_coach, api),
        "anonymous": APIClient() if api else Client(),
        "read_token": _bearer_client(read_token, api),
        "oauth_read": _bearer_client(oauth_token, api),
    }


@pytest.fixture
def page_actors(owner, other_creator, coach, former_coach, read_token, oauth_read_token):
    return _actors(
        owner, other_creator, coach, former_coach, read_token, oauth_read_token, api=False
    )


@pytest.fixture
def api_actors(owner, other_creator, coach, former_coach, read_token, oauth_read_token):
    return _actors(
        owner, other_creator, coach, former_coach, read_token, oauth_read_token, api=True
    )


@pytest.fixture
def owner_client(owner):
    return _logged_in(owner, api=False)


@pytest.fixture
def owner_api(owner):
    return _logged_in(owner, api=True)


@pytest.fixture
def token_api():
    def make(raw: str) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client

    return make


@pytest.fixture
def celery_worker_live(transactional_db, settings):
    """A real Celery worker thread consuming from the real Redis broker."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.update(
        task_always_eager=False,
        broker_url=settings.CELERY_BROKER_URL,
        result_backend=settings.CELERY_RESULT_BACKEND,
    )
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker
    app.conf.update(task_always_eager=previous)


@contextmanager
def database_lost_once():
    """The next query fails as when the database server went away (Django's execute wrapper);
    the ones after it run. Yields a list that records the failure."""
    from django.db import OperationalError, connection

    lost: list[str] = []

    def wrapper(execute, sql, params, many, context):
        if not lost:
            lost.append("lost")
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield lost


@contextmanager
def broker_down():
    """Point the Celery app at a closed port, as when Redis is down, then restore it."""
    from config.celery import app

    def reset_pools():
        app._pool = None
        app.amqp._producer_pool = None

    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.update(broker_url="redis://127.0.0.1:1/0", task_always_eager=False)
    reset_pools()
    try:
        yield
    finally:
        app.conf.update(broker_url=saved[0], task_always_eager=saved[1])
        reset_pools()
