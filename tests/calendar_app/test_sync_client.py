"""examples/sync_client.py against a live server on loopback."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from accounts.models import PersonalAccessToken
from accounts.tokens import token_create
from calendar_app.models import ContentItem
from tests.calendar_app.sync_fixtures import ContentItemFactory

CLIENT = Path(__file__).resolve().parents[2] / "examples" / "sync_client.py"


def run_client(live_server, token: str, state: Path) -> list[str]:
    result = subprocess.run(
        [sys.executable, str(CLIENT), "--base-url", live_server.url, "--state", str(state)],
        env={"SWEETSPOT_TOKEN": token, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()


@pytest.mark.django_db(transaction=True)
def test_client_does_a_full_then_an_incremental_sync(live_server, owner, tmp_path):
    _, token = token_create(user=owner, name="client", scope=PersonalAccessToken.Scope.READ)
    kept, changed, doomed = ContentItemFactory.create_batch(3, creator=owner)
    state = tmp_path / "plan.json"

    first = run_client(live_server, token, state)

    assert first[-1] == "full sync: 3 new, 0 changed, 0 deleted"
    saved = json.loads(state.read_text(encoding="utf-8"))
    assert set(saved["items"]) == {str(kept.pk), str(changed.pk), str(doomed.pk)}
    assert saved["cursor"]

    ContentItem.objects.filter(pk=changed.pk).update(title="改成中文标题")
    doomed_id = doomed.pk
    doomed.delete()
    added = ContentItemFactory(creator=owner, title="新增一篇")

    second = run_client(live_server, token, state)

    assert f"+ {added.pk} 新增一篇" in second
    assert f"~ {changed.pk} 改成中文标题" in second
    assert f"- {doomed_id}" in second
    assert second[-1] == "incremental sync: 1 new, 1 changed, 1 deleted"
    saved = json.loads(state.read_text(encoding="utf-8"))
    assert saved["items"][str(changed.pk)]["title"] == "改成中文标题"
    assert set(saved["items"]) == {str(kept.pk), str(changed.pk), str(added.pk)}

    assert run_client(live_server, token, state)[-1] == (
        "incremental sync: 0 new, 0 changed, 0 deleted"
    )


@pytest.mark.django_db(transaction=True)
def test_client_starts_over_when_the_cursor_is_refused(live_server, owner, tmp_path):
    _, token = token_create(user=owner, name="client", scope=PersonalAccessToken.Scope.READ)
    ContentItemFactory(creator=owner)
    state = tmp_path / "plan.json"
    state.write_text(json.dumps({"cursor": "forged", "items": {"999": {"id": 999}}}))

    lines = run_client(live_server, token, state)

    assert lines[-1] == "full sync: 1 new, 0 changed, 1 deleted"
