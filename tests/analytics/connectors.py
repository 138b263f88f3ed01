"""Shared pieces of the connector tests: a local server answering like each platform."""

import json
from datetime import UTC, datetime
from pathlib import Path

FIXTURES = Path(__file__).with_name("connector_fixtures")
LIFETIMES_AT = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)
PLANNED_FOR = datetime(2026, 6, 9, 10, 0, tzinfo=UTC)

# Per platform: the reference and key a creator gives, the channel's followers, the planned
# piece's title as the creator typed it, and the published piece's URL and numbers.
CASES = {
    "rss": {
        "followers": None,
        "url": "https://blog.example/rust-lifetimes/",
        "counts": {},
    },
    "github": {
        "ref": "octocat/hello-world",
        "followers": 21000,
        "url": "https://github.com/octocat/Hello-World/releases/tag/v1.0.0",
        "counts": {},
    },
    "youtube": {
        "ref": "UC_x5XG1OV2P6uZZ5FSM9Ttw",
        "secret": "AIzaSy-test-key-abcd",
        "followers": 1200,
        "url": "https://www.youtube.com/watch?v=vid1Lifetime",
        "counts": {"views": 5400, "likes": 320, "comments": 41},
    },
    "bilibili": {
        "ref": "2",
        "followers": 98765,
        "title": "深入理解Rust生命周期",
        "url": "https://www.bilibili.com/video/BV1lifetimes1",
        "counts": {"views": 45100, "likes": 2100, "comments": 90, "shares": 60, "saves": 700},
    },
    "mastodon": {
        "ref": "@ferris@social.example",
        "followers": 3400,
        "url": "https://social.example/@ferris/112001",
        "counts": {"likes": 120, "shares": 30, "comments": 9},
    },
    "bluesky": {
        "ref": "ferris.bsky.social",
        "followers": 2200,
        "url": "https://bsky.app/profile/ferris.bsky.social/post/3kblifetime",
        "counts": {"likes": 140, "shares": 12, "comments": 4},
    },
    "devto": {
        "ref": "ferris",
        "followers": None,
        "url": "https://dev.to/ferris/understanding-rust-lifetimes",
        "counts": {"likes": 230, "comments": 14},
    },
}


def serve(server, kind: str, **headers) -> None:
    """Answer every path of the platform's fixture, whatever the query string."""
    if kind == "rss":
        server.expect_request("/feed.xml").respond_with_data(
            (FIXTURES / "feed.xml").read_bytes(),
            content_type="application/atom+xml",
            headers=headers,
        )
        return
    for path, body in json.loads((FIXTURES / f"{kind}.json").read_text()).items():
        server.expect_request(path).respond_with_json(body, headers=headers)


def point_at(settings, server, kind: str) -> dict:
    """Point the platform's base URL at the local server; the channel fields to send."""
    forget_host_limits(server)
    case = CASES[kind]
    if kind != "rss":  # a feed has no base URL: the creator gives the whole address
        settings.CONNECTOR_BASE_URLS = {
            **settings.CONNECTOR_BASE_URLS,
            kind: server.url_for("").rstrip("/"),
        }
    if kind == "rss":
        settings.CONNECTOR_ALLOW_PRIVATE_HOSTS = True  # the feed is on 127.0.0.1
        ref = server.url_for("/feed.xml")
    else:
        ref = case["ref"]
    return {"source_kind": kind, "source_ref": ref, "source_secret": case.get("secret", "")}


def forget_host_limits(server) -> None:
    """The host limits live in Redis, keyed by host and port: start with none for this
    server (a port may come back from an earlier run, and other test workers have theirs)."""
    from calendar_app.connectors import limits

    netloc = f"{server.host}:{server.port}"
    client = limits._redis()
    for key in client.scan_iter(f"connector:*:{netloc}*"):
        client.delete(key)
    limits._local_paused.pop(netloc, None)
