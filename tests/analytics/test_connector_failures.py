"""How connectors behave when platforms misbehave, and the rules that keep numbers honest:
manual numbers win, 429 delays only its host, failures back off and finally pause, unsafe
addresses and oversized answers are refused, and credentials never come back."""

import logging
from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_httpserver import HTTPServer
from werkzeug import Response

from analytics.connectors.tasks import fetch_channel, poll_connectors
from analytics.models import MetricSnapshot
from calendar_app.connectors import sources
from calendar_app.connectors.http import retry_after_seconds
from calendar_app.models import Channel
from tests.analytics.connectors import CASES, point_at, serve
from tests.calendar_app.factories import ChannelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_server():
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    server.stop()


def connected(owner, settings, server, kind: str, **extra) -> Channel:
    fields = point_at(settings, server, kind)
    channel = ChannelFactory(creator=owner, name=f"{kind} 频道", **extra)
    services_fields = {k: v for k, v in fields.items() if v or k != "source_secret"}
    from calendar_app.connectors.sources import channel_source_update

    return channel_source_update(channel=channel, **services_fields)


def beat(commits) -> None:
    with commits(execute=True):
        poll_connectors.apply()


def due(*channels: Channel) -> None:
    Channel.objects.filter(pk__in=[c.pk for c in channels]).update(
        source_next_run_at=timezone.now()
    )


def test_a_manual_snapshot_of_the_day_is_never_overwritten(
    owner, owner_api, settings, httpserver, commits
):
    serve(httpserver, "github")
    channel = connected(owner, settings, httpserver, "github")
    response = owner_api.post(
        "/api/v1/metric-snapshots/",
        {"channel": channel.pk, "captured_at": timezone.now().isoformat(), "followers": 5},
    )
    assert response.status_code == 201

    beat(commits)

    channel.refresh_from_db()
    assert channel.source_state == "ok" and channel.source_last_success_at is not None
    rows = MetricSnapshot.objects.filter(channel=channel, content_item=None)
    assert [(row.followers, row.source) for row in rows] == [(5, "")]


def test_a_manual_snapshot_replaces_the_connectors_for_that_day(
    owner, owner_api, settings, httpserver, commits
):
    serve(httpserver, "github")
    channel = connected(owner, settings, httpserver, "github")
    beat(commits)
    assert MetricSnapshot.objects.get(channel=channel).source == "github"

    owner_api.post(
        "/api/v1/metric-snapshots/",
        {"channel": channel.pk, "captured_at": timezone.now().isoformat(), "followers": 7},
    )
    due(channel)
    beat(commits)

    rows = MetricSnapshot.objects.filter(channel=channel)
    assert [(row.followers, row.source) for row in rows] == [(7, "")]


def test_a_429_delays_only_that_host(owner, settings, httpserver, second_server, commits):
    httpserver.expect_request("/users/octocat").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "120"}
    )
    first = connected(owner, settings, httpserver, "github")
    same_host = connected(owner, settings, httpserver, "github")
    serve(second_server, "devto")
    other_host = connected(owner, settings, second_server, "devto")
    due(first, same_host, other_host)
    start = timezone.now()

    beat(commits)

    assert len(httpserver.log) == 1  # the second GitHub channel waited without asking
    states = {c.pk: c for c in Channel.objects.filter(pk__in=[first.pk, same_host.pk])}
    hit, waited = sorted(states.values(), key=lambda c: c.source_last_error == "")
    assert (hit.source_state, hit.source_last_error) == ("failing", "rate_limited")
    assert hit.source_next_run_at >= start + timedelta(seconds=120)
    assert (waited.source_state, waited.source_failures) == ("ok", 0)
    assert waited.source_next_run_at >= start + timedelta(seconds=119)
    other_host.refresh_from_db()
    assert other_host.source_state == "ok" and other_host.source_last_success_at is not None


def test_server_errors_back_off_then_pause_and_fetch_now_resumes(
    owner, owner_api, settings, httpserver, commits
):
    settings.CONNECTOR_FAILURE_LIMIT = 3
    settings.CONNECTOR_BACKOFF_SECONDS = 60
    channel = connected(owner, settings, httpserver, "devto")
    handler = httpserver.expect_request("/api/articles")
    handler.respond_with_data("upstream down", status=503)
    delays = []
    for _ in range(3):
        before = timezone.now()
        due(channel)
        beat(commits)
        channel.refresh_from_db()
        if channel.source_next_run_at:
            delays.append((channel.source_next_run_at - before).total_seconds())

    assert channel.source_state == "paused" and channel.source_next_run_at is None
    assert 60 <= delays[0] < 70 and 120 <= delays[1] < 130  # doubling
    assert channel.source_last_error == "server_error"
    requests_so_far = len(httpserver.log)
    beat(commits)
    assert len(httpserver.log) == requests_so_far  # beat leaves a paused channel alone

    httpserver.clear()
    serve(httpserver, "devto")
    with commits(execute=True):
        response = owner_api.post(f"/api/v1/channels/{channel.pk}/fetch/")
    assert response.status_code == 202
    channel.refresh_from_db()
    assert (channel.source_state, channel.source_failures, channel.source_last_error) == (
        "ok",
        0,
        "",
    )


def test_a_5xx_retry_after_is_honoured(owner, settings, httpserver, commits):
    settings.CONNECTOR_BACKOFF_SECONDS = 10
    channel = connected(owner, settings, httpserver, "devto")
    httpserver.expect_request("/api/articles").respond_with_data(
        "", status=503, headers={"Retry-After": "900"}
    )
    start = timezone.now()
    beat(commits)
    channel.refresh_from_db()
    assert channel.source_next_run_at >= start + timedelta(seconds=900)


def test_a_conditional_request_gets_304_and_changes_nothing(owner, settings, httpserver, commits):
    httpserver.expect_request("/feed.xml", headers={"If-None-Match": '"v1"'}).respond_with_data(
        "", status=304
    )
    serve(httpserver, "rss", ETag='"v1"')
    channel = connected(owner, settings, httpserver, "rss")
    beat(commits)
    publications = channel.publications.count()
    due(channel)

    beat(commits)

    second = httpserver.log[-1]
    assert second[0].headers.get("If-None-Match") == '"v1"' and second[1].status_code == 304
    channel.refresh_from_db()
    assert channel.source_state == "ok" and channel.publications.count() == publications == 2


def beat_with_a_working_neighbour(owner, settings, broken_server, working_server, commits):
    """A dev.to channel on `broken_server` and a Bluesky one on `working_server`, after a beat."""
    broken = connected(owner, settings, broken_server, "devto")
    serve(working_server, "bluesky")
    working = connected(owner, settings, working_server, "bluesky")
    beat(commits)
    broken.refresh_from_db()
    working.refresh_from_db()
    assert working.source_state == "ok" and working.metric_snapshots.exists()
    return broken


def test_a_malformed_answer_fails_that_channel_only(
    owner, settings, httpserver, second_server, commits
):
    httpserver.expect_request("/api/articles").respond_with_data(
        "<html>not json", content_type="application/json"
    )
    broken = beat_with_a_working_neighbour(owner, settings, httpserver, second_server, commits)
    assert (broken.source_state, broken.source_last_error) == ("failing", "malformed")


def test_a_redirect_to_a_private_address_is_refused(owner, settings, httpserver, commits):
    settings.CONNECTOR_ALLOW_PRIVATE_HOSTS = False
    httpserver.expect_request("/users/octocat").respond_with_data(
        "", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    channel = connected(owner, settings, httpserver, "github")
    beat(commits)
    channel.refresh_from_db()
    assert channel.source_last_error == "private_host"
    assert not channel.metric_snapshots.exists()


def test_redirects_are_capped(owner, settings, httpserver, commits):
    settings.CONNECTOR_MAX_REDIRECTS = 2
    httpserver.expect_request("/users/octocat").respond_with_data(
        "", status=301, headers={"Location": "/users/octocat"}
    )
    channel = connected(owner, settings, httpserver, "github")
    beat(commits)
    channel.refresh_from_db()
    assert channel.source_last_error == "too_many_redirects" and len(httpserver.log) == 3


def test_a_feed_on_a_private_address_is_never_requested(owner, settings, httpserver, commits):
    serve(httpserver, "rss")
    channel = connected(owner, settings, httpserver, "rss")
    settings.CONNECTOR_ALLOW_PRIVATE_HOSTS = False
    beat(commits)
    channel.refresh_from_db()
    assert channel.source_last_error == "private_host" and httpserver.log == []


@pytest.mark.parametrize("chunked", [False, True])
def test_an_oversized_answer_is_refused(owner, settings, httpserver, commits, chunked):
    settings.CONNECTOR_MAX_BYTES = 1000
    body = b"[" + b" " * 5000 + b"]"
    answer = Response(
        iter([body[:2500], body[2500:]]) if chunked else body, mimetype="application/json"
    )
    httpserver.expect_request("/api/articles").respond_with_response(answer)
    channel = connected(owner, settings, httpserver, "devto")
    beat(commits)
    channel.refresh_from_db()
    assert channel.source_last_error == "too_large"


def test_the_key_is_encrypted_sent_only_to_the_platform_and_never_shown(
    owner, owner_api, settings, httpserver, commits, caplog
):
    secret = CASES["youtube"]["secret"]
    serve(httpserver, "youtube")
    fields = point_at(settings, httpserver, "youtube")
    caplog.set_level(logging.DEBUG)
    created = owner_api.post("/api/v1/channels/", {"platform": "youtube", "name": "YT", **fields})
    with commits(execute=True):
        owner_api.post(f"/api/v1/channels/{created.json()['id']}/fetch/")

    channel = Channel.objects.get(pk=created.json()["id"])
    assert secret not in channel.source_secret and channel.source_secret
    shown = owner_api.get(f"/api/v1/channels/{channel.pk}/").json()
    assert "source_secret" not in shown and shown["source_secret_masked"] == "••••abcd"
    assert secret not in str(owner_api.get("/api/v1/channels/").json())
    assert all(request.headers.get("X-Goog-Api-Key") == secret for request, _ in httpserver.log)
    ours = [r for r in caplog.records if not r.name.startswith("werkzeug")]
    assert [r.name for r in ours if secret in r.getMessage()] == []


def test_youtube_needs_a_key(owner_api, settings, httpserver):
    fields = point_at(settings, httpserver, "youtube")
    fields["source_secret"] = ""
    response = owner_api.post("/api/v1/channels/", {"platform": "youtube", "name": "YT", **fields})
    assert response.status_code == 400 and "source_secret" in response.json()


@pytest.mark.parametrize(
    ("kind", "ref"),
    [
        ("rss", "file:///etc/passwd"),
        ("github", "../../admin"),
        ("mastodon", "ferris"),
        ("bilibili", "abc"),
        ("youtube", "not-a-channel"),
    ],
)
def test_a_bad_reference_is_a_field_error(owner_api, kind, ref):
    response = owner_api.post(
        "/api/v1/channels/",
        {
            "platform": "blog",
            "name": "x",
            "source_kind": kind,
            "source_ref": ref,
            "source_secret": "k" * 20,
        },
    )
    assert response.status_code == 400 and "source_ref" in response.json()
    assert not Channel.objects.exists()


def test_the_fetch_endpoint_queues_a_run_and_answers_202(owner, owner_api, settings, httpserver):
    channel = connected(owner, settings, httpserver, "devto")
    response = owner_api.post(f"/api/v1/channels/{channel.pk}/fetch/")
    assert response.status_code == 202
    assert response.json()["source_status"]["state"] == "ok"
    channel.refresh_from_db()
    assert channel.source_progress == "queued" and httpserver.log == []  # not run inline


def test_fetching_a_channel_without_a_connector_is_a_400(owner, owner_api):
    channel = ChannelFactory(creator=owner)
    response = owner_api.post(f"/api/v1/channels/{channel.pk}/fetch/")
    assert response.status_code == 400 and "source_kind" in response.json()


def test_the_tests_default_base_urls_reach_no_real_host(settings):
    assert all(
        url.startswith("http://connectors.invalid") for url in settings.CONNECTOR_BASE_URLS.values()
    )


def test_a_connector_bug_fails_its_channel_and_the_others_still_run(
    owner, settings, httpserver, second_server, commits, monkeypatch
):
    from calendar_app.connectors.devto import DevtoConnector

    monkeypatch.setattr(DevtoConnector, "fetch", lambda *a, **k: 1 / 0)
    broken = beat_with_a_working_neighbour(owner, settings, httpserver, second_server, commits)
    assert broken.source_last_error == "internal"


def test_a_run_is_idempotent_when_delivered_twice(owner, settings, httpserver, commits):
    serve(httpserver, "devto")
    channel = connected(owner, settings, httpserver, "devto")
    with commits(execute=True):
        fetch_channel.apply(args=[channel.pk])
        fetch_channel.apply(args=[channel.pk])
    assert channel.publications.count() == 2


@pytest.mark.parametrize(
    ("value", "expected"), [("120", 120), ("Wed, 17 Jun 2026 09:51:00 GMT", 600), ("soon", None)]
)
def test_retry_after_reads_seconds_and_dates(value, expected):
    seconds = retry_after_seconds(value)
    assert seconds == expected if expected is None else abs(seconds - expected) < 60


def test_channels_are_spread_over_the_interval(settings):
    from calendar_app.connectors.sources import next_regular_run

    settings.CONNECTOR_INTERVAL_SECONDS = 3600
    now = timezone.now()
    runs = [next_regular_run(channel_id, now) for channel_id in range(1, 201)]
    minutes = {(run - now).total_seconds() // 360 for run in runs}
    assert all(now + timedelta(minutes=30) <= run <= now + timedelta(minutes=90) for run in runs)
    assert len(minutes) == 10  # every tenth of the interval has channels
    assert sources.backoff_seconds(40, None) == sources.MAX_BACKOFF_SECONDS


@pytest.mark.parametrize("ref", ["http://[::1", "http://example.com:99999/feed", "http://a b/"])
def test_a_malformed_feed_address_is_a_field_error(owner_api, ref):
    response = owner_api.post(
        "/api/v1/channels/",
        {"platform": "blog", "name": "x", "source_kind": "rss", "source_ref": ref},
    )
    assert response.status_code == 400 and "source_ref" in response.json()


def test_the_full_export_carries_no_credential(
    owner, owner_client, owner_api, settings, httpserver
):
    fields = point_at(settings, httpserver, "youtube")
    owner_api.post("/api/v1/channels/", {"platform": "youtube", "name": "YT", **fields})
    stored = Channel.objects.get(creator=owner).source_secret

    export = b"".join(owner_client.get("/growth/export/all.json")).decode()

    assert '"source_kind": "youtube"' in export
    assert CASES["youtube"]["secret"] not in export and stored not in export
    assert "source_secret" not in export


def test_fetch_now_on_a_paused_channel_whose_host_is_paused_is_run_by_beat_later(
    owner, owner_api, settings, httpserver, commits
):
    from calendar_app.connectors import limits

    channel = connected(owner, settings, httpserver, "devto")
    Channel.objects.filter(pk=channel.pk).update(source_state="paused", source_next_run_at=None)
    start = timezone.now()
    limits.pause_host(f"{httpserver.host}:{httpserver.port}", 300)

    with commits(execute=True):
        assert owner_api.post(f"/api/v1/channels/{channel.pk}/fetch/").status_code == 202

    channel.refresh_from_db()
    assert httpserver.log == []
    assert channel.source_state == "failing"  # so beat runs it once the host is free
    assert channel.source_next_run_at >= start + timedelta(seconds=299)
