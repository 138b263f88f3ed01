"""One write path per model: only an app's services write its models, and every API view
that documents If-Match takes the shared conditional write.

A write is any ORM call shaped like one (`.save(`, `.delete(`, `.create(`, `bulk_create(`,
`get_or_create(`, `update_or_create(`, `bulk_update(`, and `.update(` on a queryset), found
with `ast` in every module of the apps. A module may write when it is a service (named
`services.py` or inside a `services/` package), a migration, or listed below with its reason.
And no module writes another app's models, not even a service: it calls that app's service,
which keeps that app's rules (webhook announcements, status rules, connector state).
The model is known when the write's receiver starts with its class name
(`ContentItem.objects.bulk_create(`, `Channel.objects.filter(...).update(`, `Topic(...).save(`).
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps
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

# Seeding: the demo seed command and the per-app demo builders it calls. They build a whole
# demo account across the apps, so they may also write other apps' models.
SEEDING = {
    "analytics/management/commands/seed_demo.py": "the demo seed command",
    "positioning/demo.py": "demo positioning rows for the seed command",
    "calendar_app/demo.py": "demo channels and items for the seed command",
    "analytics/growth/demo.py": "demo snapshots and entries for the seed command",
    "analytics/reviews/demo.py": "demo reviews for the seed command",
}
ALLOWED = {
    **SEEDING,
    # Write paths of their own sub-domain, called by the services and tasks above them.
    "accounts/models.py": "UserManager.create_user, Django's interface for createsuperuser",
    "accounts/queue.py": "the outbox's rows are written by enqueue and the relay only",
    "accounts/notifications.py": "the notifications service every app calls",
    "accounts/tokens.py": "the personal access token service (create, revoke, last used)",
    "accounts/oauth.py": "revoking an OAuth grant deletes django-oauth-toolkit's tokens",
    "calendar_app/sync/changes.py": "sync history retention (tombstones, delivery logs)",
    "calendar_app/sync/webhooks.py": "the webhook endpoint and delivery service",
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


def _app_of(relative: Path) -> str:
    return relative.parts[0]


def _model_owners() -> dict[str, set[str]]:
    """Each model class name and the apps (of ours) that define a model by that name."""
    owners: dict[str, set[str]] = {}
    for model in apps.get_models():
        app = model.__module__.split(".")[0]
        if app in APPS:
            owners.setdefault(model.__name__, set()).add(app)
    return owners


def _root_name(node: ast.expr) -> str | None:
    """The name a call chain starts from: `Channel` for `Channel.objects.filter(...)`."""
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


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


def foreign_writes_in(source: str, app: str, owners: dict[str, set[str]]) -> list[str]:
    """The writes whose receiver starts with a model class of another app."""
    return [
        f"{node.lineno}: {ast.unparse(node.func)}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and _is_write(node)
        and (model := _root_name(node.func.value)) in owners
        and app not in owners[model]
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


def test_the_scan_tells_other_apps_models_from_the_modules_own():
    owners = {"ContentItem": {"calendar_app"}, "Channel": {"calendar_app"}, "Review": {"analytics"}}
    source = (
        "ContentItem.objects.bulk_create(items)\n"
        "Channel.objects.filter(pk=1).update(source_progress='')\n"
        "ContentItem(title='a').save()\n"
        "Review.objects.create(kind='week')\n"
        "review.save()\n"
        "services.content_item_create(creator=creator)\n"
    )

    found = foreign_writes_in(source, "analytics", owners)

    assert [line.split(": ")[0] for line in found] == ["1", "2", "3"]
    assert foreign_writes_in(source, "calendar_app", owners)[0].startswith("4: ")


def test_no_module_writes_another_apps_models():
    owners = _model_owners()
    assert {"ContentItem", "Channel", "Review", "Topic", "User"} <= owners.keys()
    foreign = {
        str(path): found
        for path in _app_modules()
        if str(path) not in SEEDING
        and (found := foreign_writes_in((ROOT / path).read_text(), _app_of(path), owners))
    }

    assert foreign == {}, "call a service of the app that owns the model instead"


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
