"""/mcp/ keeps the site's HTTP guarantees: security headers, CSP, bearer-only auth, throttling."""

import json

import pytest
from django.test import Client

from accounts.tokens import token_create
from tests.oauth import issue_token

pytestmark = pytest.mark.django_db

INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "test", "version": "1"},
    },
}


def post(client: Client, body: dict):
    return client.post(
        "/mcp/",
        json.dumps(body),
        content_type="application/json",
        headers={"Accept": "application/json, text/event-stream"},
    )


def test_answers_carry_the_security_headers_and_csp(owner):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(owner, scope='read')}")
    response = post(client, INITIALIZE)

    assert response.status_code == 200
    assert response.json()["result"]["serverInfo"]["name"] == "sweetspot"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_a_browser_session_is_not_enough(owner_client):
    assert post(owner_client, INITIALIZE).status_code == 401


def test_mcp_calls_share_the_tokens_api_throttle(owner, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"client": "2/hour", "anon": "100/hour"},
    }
    _, raw = token_create(user=owner, name="mcp", scope="read")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/v1/me/").status_code == 200
    assert post(client, INITIALIZE).status_code == 200

    limited = post(client, INITIALIZE)

    assert limited.status_code == 429 and "Retry-After" in limited


def test_the_event_stream_is_not_offered(owner):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(owner, scope='read')}")
    answer = client.get("/mcp/", headers={"Accept": "text/event-stream"})
    assert answer.status_code == 405 and answer["Content-Type"] == "application/json"
    assert client.delete("/mcp/").status_code == 405


def _call(client: Client, name: str, arguments: dict) -> dict:
    body = {"jsonrpc": "2.0", "id": 2, "method": "tools/call"}
    body["params"] = {"name": name, "arguments": arguments}
    return post(client, body).json()["result"]


@pytest.mark.parametrize("tool", ["list_pieces", "list_reviews", "get_positioning"])
def test_read_tools_run_a_constant_number_of_queries(owner, coach, tool):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from calendar_app.models import ContentItem
    from positioning import demo as positioning_demo

    client = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(owner, scope='read')}")
    ContentItem.objects.create(creator=owner, title="one")
    with CaptureQueriesContext(connection) as few:
        assert not _call(client, tool, {})["isError"]
    positioning_demo.seed(creator=owner, coach=coach)
    for number in range(20):
        ContentItem.objects.create(creator=owner, title=f"piece {number}")
    with CaptureQueriesContext(connection) as many:
        assert not _call(client, tool, {})["isError"]
    # The count does not grow with the rows (one query may run only once rows exist).
    assert len(many.captured_queries) <= len(few.captured_queries) + 1
