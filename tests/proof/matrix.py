"""The authorization matrix over every URL pattern: shared pieces.

Entries live in `matrix_<app>.py`, one module per app, each calling `entry(route, *checks)`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.authz import Expect


@dataclass
class World:
    owner: Any
    other: Any
    coach: Any
    former_coach: Any
    invitation: Any
    extra: dict = field(default_factory=dict)


@dataclass
class Check:
    method: str
    url: Callable[[World], str]
    expect: Expect
    data: Callable[[World], Any] | None = None
    # How the API client encodes `data` (JSON unless told, e.g. "multipart" for uploads).
    format: str | None = None
    headers: dict | None = None


# route (as Django prints it) -> the checks for it
MATRIX: dict[str, list[Check]] = {}


def entry(route: str, *checks: Check) -> None:
    MATRIX[route] = list(checks)


def first(model, creator, **filters):
    """The creator's first row of `model` (the demo seed gives everyone one of each)."""
    row = model.objects.filter(creator=creator, **filters).order_by("pk").first()
    assert row is not None, f"the demo seed made no {model.__name__} for {creator}"
    return row


PUBLIC = Expect(200, 200, 200, 200, 200, 200)
ANY_USER_PAGE = Expect(200, 200, 200, 200, 302, 302)
ANY_USER_API = Expect(200, 200, 200, 200, 401, 200)
