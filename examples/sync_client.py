#!/usr/bin/env python3
"""Keep a local copy of a Sweetspot content plan in sync, the way calendar apps do.

Usage:
    SWEETSPOT_TOKEN=ss_... python examples/sync_client.py \\
        --base-url https://sweetspot.example.com --state plan.json

The first run downloads every content item and stores it, with the server's sync cursor, in
the JSON file given by --state. Later runs send the cursor and receive only what changed
since: created or updated items (stored by id, so a repeat is harmless) and the ids of
deleted items. It prints one line per change. If the server answers 410 Gone (the cursor
expired after 30 days, or the file was tampered with), the client starts over with a full
sync. Large answers arrive in pages linked by `next`; the cursor comes with the last page.

It needs a personal access token (read scope is enough), created at /settings/tokens/.
It uses only Python's standard library (urllib), so it runs anywhere Python 3.10+ does.
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

SYNC_PATH = "/api/v1/content-items/sync/"
TIMEOUT_SECONDS = 30


class CursorExpired(Exception):
    """The server no longer accepts our cursor: sync from scratch."""


@dataclass
class Changes:
    created: list[dict] = field(default_factory=list)
    updated: list[dict] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)
    full: bool = False


def _get(url: str, token: str) -> dict:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"not an http(s) URL: {url}")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url, headers={"Authorization": f"Bearer {token}", "Accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return json.load(response)
    except urllib.error.HTTPError as error:
        if error.code == 410:
            raise CursorExpired from error
        raise


def _pages(base_url: str, token: str, cursor: str | None):
    """Every page of one sync answer, following `next` links."""
    query = "?" + urllib.parse.urlencode({"cursor": cursor}) if cursor else ""
    url: str | None = base_url.rstrip("/") + SYNC_PATH + query
    while url:
        page = _get(url, token)
        yield page
        url = page.get("next")


def load_state(path: Path) -> dict:
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    return {"cursor": None, "items": {}}


def save_state(path: Path, state: dict) -> None:
    # Write then rename, so an interrupted run never leaves a half-written file.
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(json.dumps(state, ensure_ascii=False, indent=2), encoding="utf-8")
    temporary.replace(path)


def sync(base_url: str, token: str, state_path: Path) -> Changes:
    """Bring the file at `state_path` up to date and report what changed."""
    state = load_state(state_path)
    try:
        return _apply(base_url, token, state, state_path)
    except CursorExpired:
        state["cursor"] = None
        return _apply(base_url, token, state, state_path)


def _apply(base_url: str, token: str, state: dict, state_path: Path) -> Changes:
    full = state["cursor"] is None
    changes = Changes(full=full)
    items: dict[str, dict] = {} if full else dict(state["items"])
    previous = state["items"]
    cursor = None
    for page in _pages(base_url, token, state["cursor"]):
        for item in page["results"]:
            key = str(item["id"])
            old = previous.get(key)
            if old is None:
                changes.created.append(item)
            elif old != item:
                changes.updated.append(item)
            items[key] = item
        for item_id in page["deleted"]:
            if items.pop(str(item_id), None) is not None:
                changes.deleted.append(item_id)
        cursor = page["cursor"] or cursor
    if full:
        # After a full sync, anything we held that the server no longer has was deleted.
        changes.deleted += [int(key) for key in previous if key not in items]
    save_state(state_path, {"cursor": cursor, "items": items})
    return changes


def report(changes: Changes) -> list[str]:
    lines = [f"+ {item['id']} {item['title']}" for item in changes.created]
    lines += [f"~ {item['id']} {item['title']}" for item in changes.updated]
    lines += [f"- {item_id}" for item_id in changes.deleted]
    kind = "full" if changes.full else "incremental"
    lines.append(
        f"{kind} sync: {len(changes.created)} new, {len(changes.updated)} changed, "
        f"{len(changes.deleted)} deleted"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True, help="e.g. https://sweetspot.example.com")
    parser.add_argument("--state", type=Path, default=Path("sweetspot-plan.json"))
    parser.add_argument("--token", default=os.environ.get("SWEETSPOT_TOKEN"))
    args = parser.parse_args(argv)
    if not args.token:
        parser.error("pass --token or set SWEETSPOT_TOKEN")
    try:
        changes = sync(args.base_url, args.token, args.state)
    except urllib.error.URLError as error:
        print(f"sync failed: {error}", file=sys.stderr)
        return 1
    print("\n".join(report(changes)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
