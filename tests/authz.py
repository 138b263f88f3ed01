"""The authorization matrix every endpoint is checked against.

Each feature lists, per URL and method, the status every actor gets:
the owner, another creator, the owner's invited coach, a former coach,
an anonymous visitor, and a read-only API token of the owner.
"""

from dataclasses import dataclass, fields
from typing import Any

ROLES = ("owner", "other", "coach", "former_coach", "anonymous", "read_token")


@dataclass(frozen=True)
class Expect:
    owner: int
    other: int
    coach: int
    former_coach: int
    anonymous: int
    read_token: int

    def items(self):
        return [(f.name, getattr(self, f.name)) for f in fields(self)]


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
    actors: dict, role: str, method: str, url: str, data: Any = None, format: str | None = None
):
    """API clients send JSON unless told another `format` (e.g. "multipart" for uploads)."""
    client = actors[role]
    call = getattr(client, method.lower())
    if data is None:
        return call(url)
    if not hasattr(client, "credentials"):
        return call(url, data)
    if format is None:
        format = "multipart" if isinstance(data, Multipart) else "json"
    return call(url, data, format=format)


def assert_matrix(
    actors: dict, method: str, url: str, expect: Expect, data: Any = None, format: str | None = None
) -> None:
    """Check every role; the data factory is called afresh so each write has its own object."""
    failures = []
    for role, status in expect.items():
        payload = data() if callable(data) else data
        response = request_as(actors, role, method, url, payload, format=format)
        if response.status_code != status:
            failures.append(f"{role}: expected {status}, got {response.status_code}")
    assert not failures, f"{method} {url}: " + "; ".join(failures)
