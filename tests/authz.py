"""The authorization matrix every endpoint is checked against.

Each feature lists, per URL and method, the status every actor gets:
the owner, another creator, the owner's invited coach, a former coach,
an anonymous visitor, a read-only personal API token of the owner, and a read-only OAuth
access token of the owner (`oauth_read`). An OAuth token has exactly the reach of a personal
token of the same scope, so unless an entry says otherwise it expects what `read_token` gets.
"""

import json
from dataclasses import dataclass, fields
from typing import Any

ROLES = ("owner", "other", "coach", "former_coach", "anonymous", "read_token", "oauth_read")


@dataclass(frozen=True)
class Expect:
    owner: int
    other: int
    coach: int
    former_coach: int
    anonymous: int
    read_token: int
    oauth_read: int | None = None  # None: the same as read_token

    def items(self):
        expected = {f.name: getattr(self, f.name) for f in fields(self)}
        if expected["oauth_read"] is None:
            expected["oauth_read"] = expected["read_token"]
        return list(expected.items())


def page(owner=200, coach=404) -> Expect:
    """A creator's HTML page: others 404, anonymous to the login page, tokens don't apply."""
    return Expect(owner, 404, coach, 404, 302, 302)


def api_read(owner=200, coach=200) -> Expect:
    return Expect(owner, 404, coach, 404, 401, owner)


def api_write(owner=200, coach=404) -> Expect:
    return Expect(owner, 404, coach, 404, 401, 403)


class Multipart(dict):
    """Data to send as multipart/form-data (file uploads) rather than the API's JSON."""


def request_as(
    actors: dict,
    role: str,
    method: str,
    url: str,
    data: Any = None,
    format: str | None = None,
    headers: dict | None = None,
):
    """API clients send JSON unless told another `format` (e.g. "multipart" for uploads);
    page clients send a form unless told `format="json"`."""
    client = actors[role]
    call = getattr(client, method.lower())
    extra = {"headers": headers} if headers else {}
    if data is None:
        return call(url, **extra)
    if not hasattr(client, "credentials"):
        if format == "json":
            return call(url, json.dumps(data), content_type="application/json", **extra)
        return call(url, data, **extra)
    if format is None:
        format = "multipart" if isinstance(data, Multipart) else "json"
    return call(url, data, format=format, **extra)


def assert_matrix(
    actors: dict,
    method: str,
    url: str,
    expect: Expect,
    data: Any = None,
    format: str | None = None,
    headers: dict | None = None,
) -> None:
    """Check every role; the data factory is called afresh so each write has its own object."""
    failures = []
    for role, status in expect.items():
        payload = data() if callable(data) else data
        response = request_as(actors, role, method, url, payload, format=format, headers=headers)
        if response.status_code != status:
            failures.append(f"{role}: expected {status}, got {response.status_code}")
    assert not failures, f"{method} {url}: " + "; ".join(failures)
