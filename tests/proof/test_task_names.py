"""Tasks are registered one way and called by the names they are registered under.

Every task is `@shared_task(name="...")` in a module its app's `ready()` imports; services
enqueue by that name (`accounts.queue.enqueue("app.tasks.x", id)`), so a service never
imports the tasks that call it. The names Celery has, the beat schedule's and the enqueued
ones must agree: a renamed task cannot leave a beat entry or an outbox row behind.
"""

import ast
from pathlib import Path

from celery import current_app
from django.conf import settings

from tests.proof.test_write_paths import ROOT, _app_modules

# Called by neither beat nor a service: the worker's smoke test (tests/integration).
ON_DEMAND = {"accounts.tasks.ping"}


def _calls(name: str) -> list[tuple[Path, ast.Call]]:
    found = []
    for path in _app_modules():
        for node in ast.walk(ast.parse((ROOT / path).read_text())):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if called == name:
                    found.append((path, node))
    return found


def _declared() -> dict[str, str]:
    """name -> module for every `@shared_task(name=...)`; fails on any other task decorator."""
    declared, other = {}, []
    for path in _app_modules():
        for node in ast.walk(ast.parse((ROOT / path).read_text())):
            if not isinstance(node, ast.FunctionDef):
                continue
            for decorator in node.decorator_list:
                text = ast.unparse(decorator)
                if "task" not in text.split("(")[0]:
                    continue
                names = [k.value for k in getattr(decorator, "keywords", []) if k.arg == "name"]
                if text.startswith("shared_task(") and names:
                    declared[names[0].value] = str(path)
                else:
                    other.append(f"{path}: {node.name} ({text[:40]})")
    assert other == [], "register tasks as @shared_task(name=...)"
    return declared


def _registered() -> set[str]:
    return {name for name in current_app.tasks if not name.startswith("celery.")}


def _enqueued() -> set[str]:
    names, dynamic = set(), []
    for path, call in _calls("enqueue"):
        first = call.args[0] if call.args else None
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            names.add(first.value)
        else:
            dynamic.append(f"{path}:{call.lineno}")
    assert dynamic == [], "enqueue a task by its registered name, as a string literal"
    return names


def test_celery_registers_exactly_the_declared_tasks():
    declared = _declared()

    assert len(declared) >= 15
    assert _registered() == set(declared)


def test_every_beat_entry_names_a_registered_task():
    beat = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert beat - _registered() == set()


def test_every_enqueued_name_is_a_registered_task():
    enqueued = _enqueued()

    assert len(enqueued) >= 5
    assert enqueued - _registered() == set()


def test_every_task_is_scheduled_enqueued_or_on_demand():
    beat = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert _registered() - beat - _enqueued() - ON_DEMAND == set()
