"""Every URL pattern of the project has an authorization entry, and every entry holds.

The world: the owner and another creator, each seeded with the demo data of every app
(so each has one of everything), the owner's active coach and a former coach, an anonymous
visitor and the owner's read-only token. Lists are checked never to leak the other
creator's rows.
"""

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from accounts.models import CoachInvitation
from analytics import demo as analytics_demo
from calendar_app import demo as calendar_demo
from positioning import demo as positioning_demo
from tests.authz import assert_matrix
from tests.proof import (  # noqa: F401  (each module registers its entries)
    matrix_accounts,
    matrix_analytics,
    matrix_calendar,
    matrix_connectors,
    matrix_oauth,
    matrix_positioning,
    matrix_reviews,
    matrix_sync,
)
from tests.proof.matrix import MATRIX, World

pytestmark = pytest.mark.django_db

# Patterns that are not the product's own pages (Django admin has its own staff checks).
IGNORED_PREFIXES = ("admin/", "static/")


def _readable(route: str) -> str:
    """DRF routers use regexes: `^items/(?P<pk>[^/.]+)/$` reads as `items/<pk>/`."""
    return re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", route).replace("^", "").replace("$", "")


def _walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + _readable(str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def all_routes() -> list[str]:
    routes = sorted(set(_walk(get_resolver().url_patterns)))
    return [r for r in routes if not r.startswith(IGNORED_PREFIXES)]


@pytest.fixture
def world(owner, other_creator, coach, former_coach, settings):
    from accounts.models import Comment

    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = True  # the matrix's webhooks point at 127.0.0.1
    from accounts.tokens import token_create

    for creator in (owner, other_creator):
        for seed in (positioning_demo.seed, calendar_demo.seed, analytics_demo.seed):
            seed(creator=creator, coach=coach)
    invitation = CoachInvitation.objects.get(creator=owner, coach=coach)
    w = World(owner, other_creator, coach, former_coach, invitation)
    w.extra["owner_token"], _ = token_create(user=owner, name="matrix", scope="read")
    from tests.oauth import issue_token, public_client

    w.extra["oauth_client"] = public_client("Matrix client")
    issue_token(owner, scope="read", application=w.extra["oauth_client"])
    w.extra["pending"] = CoachInvitation.objects.create(
        creator=other_creator, coach_email=owner.email
    )
    w.extra["owner_pending"] = CoachInvitation.objects.create(
        creator=owner, coach_email="pending@example.com"
    )
    w.extra["comment"] = Comment.objects.create(
        creator=owner, author=coach, target=invitation, body="好的"
    )
    return w


def test_every_url_pattern_has_a_matrix_entry():
    missing = [route for route in all_routes() if route not in MATRIX]
    stale = [route for route in MATRIX if route not in all_routes()]

    assert not missing, "URL patterns without an authorization entry:\n" + "\n".join(missing)
    assert not stale, "Matrix entries for URLs that no longer exist:\n" + "\n".join(stale)


def test_access_is_declared_only_in_the_matrix():
    """Feature tests assert behaviour; who gets which status is the matrix's alone."""
    tests_dir = Path(__file__).resolve().parents[1]
    elsewhere = [
        str(path.relative_to(tests_dir))
        for path in sorted(tests_dir.rglob("*.py"))
        if path.parent.name != "proof"
        and path.name != "authz.py"
        and "assert_matrix(" in path.read_text(encoding="utf-8")
    ]

    assert not elsewhere, "Per-file matrices (declare them in tests/proof):\n" + "\n".join(
        elsewhere
    )


@pytest.mark.parametrize("route", sorted(MATRIX))
def test_authorization_matrix(route, world, page_actors, api_actors):
    actors = api_actors if route.startswith("api/") else page_actors
    for check in MATRIX[route]:
        data = (lambda c=check: c.data(world)) if check.data else None
        assert_matrix(
            actors,
            check.method,
            check.url(world),
            check.expect,
            data=data,
            format=check.format,
            headers=check.headers,
        )
        if check.method == "get" and route.startswith("api/"):
            assert_list_does_not_leak(actors["owner"], check.url(world), world.other)


def assert_list_does_not_leak(client, url: str, other) -> None:
    """A list answer never contains a row owned by the other creator."""
    response = client.get(url)
    body = (
        response.json() if response.get("Content-Type", "").startswith("application/json") else None
    )
    if not isinstance(body, dict) or "results" not in body:
        return
    model = getattr(resolve(url.split("?")[0]).func.cls, "model", None)
    # An invitation is visible to the creator who sent it and to the invited address.
    if model in (None, CoachInvitation) or "creator" not in {
        f.name for f in model._meta.get_fields()
    }:
        return
    foreign = set(model.objects.filter(creator=other).values_list("pk", flat=True))
    listed = {row.get("id") for row in body["results"] if isinstance(row, dict)}
    assert not listed & foreign, f"{url} lists rows of another creator: {listed & foreign}"
