"""One write path per model: only an app's services write its models, and every API view
that documents If-Match takes the shared conditional write.

A write is any ORM call shaped like one (`.save(`, `.delete(`, `.create(`, `bulk_create(`,
`get_or_create(`, `update_or_create(`, `bulk_update(`, and `.update(` on a queryset), found
with `ast` in every module of the apps. A module may write when it is a service (named
`services.py` or inside a `services/` package), a migration, or listed below with its reason.
"""

import ast
from pathlib import Path

import pytest
from drf_spectacular.generators import SchemaGenerator

from accounts.conditional import ConditionalObjectMixin

ROOT = Path(__file__).resolve().parents[2]
APPS = ("accounts", "positioning", "calendar_app", "analytics", "assistant")
WRITES = {
    "save",
    "delete",
    "create",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "update",
}
# Receivers of `.save(`/`.delete(`/`.update(` that are no model: the cache and Redis clients.
NOT_MODELS = {"cache", "client"}

ALLOWED = {
    # Seeding: the demo seed command and the per-app demo builders it calls.
    "analytics/management/commands/seed_demo.py": "the demo seed command",
    "positioning/demo.py": "demo positioning rows for the seed command",
    "calendar_app/demo.py": "demo channels and items for the seed command",
    "analytics/growth/demo.py": "demo snapshots and entries for the seed command",
    "analytics/reviews/demo.py": "demo reviews for the seed command",
    # Write paths of their own sub-domain, called by the services and tasks above them.
    "accounts/models.py": "UserManager.create_user, Django's interface for createsuperuser",
    "accounts/queue.py": "the outbox's rows are written by enqueue and the relay only",
    "accounts/notifications.py": "the notifications service every app calls",
    "accounts/tokens.py": "the personal access token service (create, revoke, last used)",
    "accounts/oauth.py": "revoking an OAuth grant deletes django-oauth-toolkit's tokens",
    "calendar_app/sync.py": "sync history retention (tombstones, delivery logs)",
    "calendar_app/webhooks.py": "the webhook endpoint and delivery service",
    "calendar_app/connectors/sources.py": "a channel's connector source service",
}


def _is_service(relative: Path) -> bool:
    return relative.name == "services.py" or "services" in relative.parts[:-1]


def _app_modules() -> list[Path]:
    return [
        path.relative_to(ROOT)
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
    ]


def _is_write(call: ast.Call) -> bool:
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in WRITES:
        return False
    receiver = ast.unparse(func.value)
    if func.attr == "update":  # dict.update is everywhere; a queryset's is a call chain
        return isinstance(func.value, ast.Call) or ".objects" in receiver
    return receiver not in NOT_MODELS


def writes_in(source: str) -> list[str]:
    return [
        f"{node.lineno}: {ast.unparse(node.func)}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and _is_write(node)
    ]


def test_the_scan_sees_the_writes_it_looks_for():
    source = (
        "Topic.objects.create(name='a')\n"
        "topic.save()\n"
        "form.save()\n"
        "Topic.objects.filter(pk=1).update(name='b')\n"
        "context.update(a=1)\n"
        "cache.delete('k')\n"
    )

    assert [line.split(": ")[0] for line in writes_in(source)] == ["1", "2", "3", "4"]


def test_only_services_write_the_apps_models():
    modules = _app_modules()
    assert len(modules) > 100, "the scan found too few modules to be walking the apps"
    outside = {
        str(path): found
        for path in modules
        if not _is_service(path)
        and str(path) not in ALLOWED
        and (found := writes_in((ROOT / path).read_text()))
    }

    assert outside == {}, "move these writes into the app's services"


@pytest.mark.parametrize("module", sorted(ALLOWED))
def test_every_allowed_module_exists_and_still_writes(module):
    path = ROOT / module
    assert writes_in(path.read_text()), f"{module} no longer writes: drop it from ALLOWED"


def _conditional_operations() -> list[tuple[str, str, type]]:
    generator = SchemaGenerator()
    schema = generator.get_schema(request=None, public=True)
    views = {
        (path, method.lower()): view
        for path, _regex, method, view in generator._get_paths_and_endpoints()
    }
    return [
        (path, method, type(views[path, method]))
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if any(
            parameter["in"] == "header" and parameter["name"] == "If-Match"
            for parameter in operation.get("parameters", [])
        )
    ]


def test_every_view_documenting_if_match_uses_the_shared_conditional_write():
    operations = _conditional_operations()
    assert len(operations) >= 10, "the schema documents too few If-Match operations"
    assert {method for _path, method, _view in operations} >= {"patch", "put"}

    without = [
        f"{method.upper()} {path}: {view.__qualname__}"
        for path, method, view in operations
        if not issubclass(view, ConditionalObjectMixin)
    ]

    assert without == []
