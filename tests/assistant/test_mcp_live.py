"""The MCP server at /mcp/ through the official SDK's own client, over Streamable HTTP, against a
live server: with an OAuth token and with a personal token, within the same rules as the API."""

import asyncio
import json

import httpx2
import pytest
from django.test import Client as PageClient
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from accounts.tokens import token_create
from calendar_app.models import ContentItem
from positioning import demo as positioning_demo
from positioning.models import PositioningOption
from tests.factories import UserFactory
from tests.oauth import issue_token

pytestmark = pytest.mark.django_db(transaction=True)

TOOLS = {
    "get_positioning",
    "list_pieces",
    "create_idea",
    "schedule_piece",
    "move_piece",
    "list_reviews",
    "complete_review_item",
    "get_growth",
    "list_mentees",
    "comment",
}


def mcp_calls(url: str, token: str, calls: list[tuple[str, dict]]) -> dict:
    """Connect the SDK client with `token`, list tools and resources, make `calls` in order.

    Returns {"tools": names, "resources": uris, "results": [(is_error, payload)]}."""

    async def scenario() -> dict:
        http = httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=30)
        async with http, Client(streamable_http_client(f"{url}/mcp/", http_client=http)) as mcp:
            tools = {tool.name for tool in (await mcp.list_tools()).tools}
            resources = {str(r.uri) for r in (await mcp.list_resources()).resources}
            results = []
            for name, arguments in calls:
                if name == "read_resource":
                    read = await mcp.read_resource(arguments["uri"])
                    results.append((False, read.contents[0].text))
                    continue
                answer = await mcp.call_tool(name, arguments)
                text = answer.content[0].text
                try:
                    payload = json.loads(text)
                except ValueError:
                    payload = text
                results.append((answer.is_error, payload))
            return {"tools": tools, "resources": resources, "results": results}

    return asyncio.run(scenario())


@pytest.fixture
def plan(owner, coach):
    positioning_demo.seed(creator=owner, coach=coach)
    return ContentItem.objects.create(creator=owner, title="Talk: Postgres locks, explained")


@pytest.mark.parametrize("kind", ["oauth", "personal"])
def test_a_write_token_reads_positioning_and_schedules_a_piece_seen_in_the_calendar(
    live_server, owner, plan, kind
):
    token = (
        issue_token(owner, scope="read write")
        if kind == "oauth"
        else token_create(user=owner, name="mcp", scope="write")[1]
    )
    chosen = PositioningOption.objects.get(creator=owner, is_chosen=True)

    answer = mcp_calls(
        live_server.url,
        token,
        [
            ("get_positioning", {}),
            ("schedule_piece", {"id": plan.pk, "planned_for": "2026-06-24T10:00:00"}),
            ("list_pieces", {"start": "2026-06-22", "end": "2026-06-28"}),
            ("read_resource", {"uri": "method://sweetspot/section-1"}),
        ],
    )

    assert answer["tools"] >= TOOLS
    assert "method://sweetspot/all" in answer["resources"]
    (_, positioning), (failed, scheduled), (_, pieces), (_, method) = answer["results"]
    assert positioning["chosen"]["title"] == chosen.title
    assert not failed and scheduled["planned_for"].startswith("2026-06-24T10:00")
    assert [piece["id"] for piece in pieces["pieces"]] == [plan.pk]
    assert method.startswith("## 1. Positioning")
    page = PageClient()
    page.force_login(owner)
    month = page.get("/plan/?month=2026-06").content.decode()
    assert "Talk: Postgres locks, explained" in month


def test_a_read_token_cannot_call_a_write_tool(live_server, owner, plan):
    for token in (
        issue_token(owner, scope="read"),
        token_create(user=owner, name="read", scope="read")[1],
    ):
        answer = mcp_calls(
            live_server.url,
            token,
            [
                ("create_idea", {"title": "Sneaky"}),
                ("schedule_piece", {"id": plan.pk, "planned_for": "2026-06-24T10:00"}),
                ("get_growth", {}),
            ],
        )
        (refused, message), (refused_too, _), (read_failed, _) = answer["results"]
        assert refused and "read scope only" in message
        assert refused_too and not read_failed
    assert not ContentItem.objects.filter(title="Sneaky").exists()
    plan.refresh_from_db()
    assert plan.planned_for is None


def test_another_creators_ids_answer_not_found(live_server, owner, other_creator, plan):
    theirs = ContentItem.objects.create(creator=other_creator, title="Not yours")
    token = issue_token(other_creator, scope="read write")

    answer = mcp_calls(
        live_server.url,
        token,
        [
            ("schedule_piece", {"id": plan.pk, "planned_for": "2026-06-24T10:00"}),
            ("move_piece", {"id": plan.pk, "status": "draft"}),
            ("get_positioning", {"creator_id": owner.pk}),
            ("list_pieces", {"creator_id": owner.pk}),
            ("comment", {"target_type": "content_item", "target_id": plan.pk, "body": "hi"}),
            ("list_pieces", {}),
        ],
    )

    *refused, (_, own) = answer["results"]
    assert all(failed and message.endswith("Not found.") for failed, message in refused)
    assert [piece["id"] for piece in own["pieces"]] == [theirs.pk]
    plan.refresh_from_db()
    assert plan.planned_for is None and plan.status == "idea"


def test_a_coach_reads_and_comments_but_never_writes_and_a_former_coach_gets_nothing(
    live_server, owner, coach, former_coach, plan
):
    coaching = mcp_calls(
        live_server.url,
        issue_token(coach, scope="read write"),
        [
            ("list_mentees", {}),
            ("get_positioning", {"creator_id": owner.pk}),
            ("list_pieces", {"creator_id": owner.pk}),
            ("comment", {"target_type": "content_item", "target_id": plan.pk, "body": "好主意"}),
            ("schedule_piece", {"id": plan.pk, "planned_for": "2026-06-24T10:00"}),
        ],
    )
    (_, mentees), (read_failed, _), (_, pieces), (commented, note), (wrote, message) = coaching[
        "results"
    ]
    assert [m["id"] for m in mentees["mentees"]] == [owner.pk]
    assert not read_failed and plan.pk in [p["id"] for p in pieces["pieces"]]
    assert not commented and note["body"] == "好主意"
    assert wrote and message.endswith("Not found.")

    former = mcp_calls(
        live_server.url,
        token_create(user=former_coach, name="old", scope="write")[1],
        [
            ("list_mentees", {}),
            ("get_positioning", {"creator_id": owner.pk}),
            ("list_reviews", {"creator_id": owner.pk}),
            ("get_growth", {"creator_id": owner.pk}),
            ("comment", {"target_type": "content_item", "target_id": plan.pk, "body": "still?"}),
        ],
    )
    (_, mentees), *refused = former["results"]
    assert mentees == {"mentees": []}
    assert all(failed and message.endswith("Not found.") for failed, message in refused)


def test_bad_input_gets_a_clear_translated_error(live_server, owner, plan):
    owner.language = "zh-hans"
    owner.save(update_fields=["language"])
    answer = mcp_calls(
        live_server.url,
        issue_token(owner, scope="read write"),
        [
            ("schedule_piece", {"id": plan.pk, "planned_for": "next tuesday"}),
            ("list_pieces", {"start": "2026-13-45"}),
            ("schedule_piece", {"id": 999999, "planned_for": "2026-06-24T10:00"}),
        ],
    )
    (bad_date, message), (bad_range, range_message), (missing, not_found) = answer["results"]
    assert bad_date and "输入无效" in message and "planned_for" in message
    assert bad_range and "start" in range_message
    assert missing and not_found.endswith("未找到。")


def test_without_a_token_mcp_answers_401_pointing_at_the_resource_metadata(live_server):
    import requests

    answer = requests.post(f"{live_server.url}/mcp/", json={}, timeout=10)
    assert answer.status_code == 401
    assert (
        f'resource_metadata="{live_server.url}/.well-known/oauth-protected-resource/mcp/"'
        in answer.headers["WWW-Authenticate"]
    )
    metadata = requests.get(answer.headers["WWW-Authenticate"].split('"')[3], timeout=10).json()
    assert metadata["resource"] == f"{live_server.url}/mcp/"
    assert metadata["authorization_servers"] == [live_server.url]


def test_personal_token_of_an_inactive_user_gets_nothing(live_server):
    user = UserFactory(is_active=False)
    import requests

    raw = token_create(user=user, name="x", scope="write")[1]
    answer = requests.post(
        f"{live_server.url}/mcp/", json={}, headers={"Authorization": f"Bearer {raw}"}, timeout=10
    )
    assert answer.status_code == 401
