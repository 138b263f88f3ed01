"""The connector interface: every platform answers two questions in one `fetch`.

1. The account's numbers now (followers, and channel-wide totals where the platform has them).
2. The recent publications, each with its own numbers where the platform shows them.

A connector only reads and parses; `analytics.connectors.services` writes the results, so
each platform is a small module with no database code. To add one: subclass `Connector`,
set `kind` (a new `Channel.Source` choice), and register it in `analytics.connectors.registry`.
"""

import html
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from requests.utils import parse_header_links

from .http import Client, FetchError, Response

logger = logging.getLogger(__name__)


@dataclass
class Post:
    external_id: str
    url: str
    title: str
    published_at: datetime
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class Result:
    # Channel numbers keyed by analytics.models.COUNTERS names; empty when not modified.
    account: dict[str, int] = field(default_factory=dict)
    posts: list[Post] = field(default_factory=list)


class Connector:
    kind = ""
    needs_secret = False
    ref_help = _("The account's handle.")
    ref_pattern = r"[A-Za-z0-9_.\-]{1,100}"
    max_posts = 50

    def clean_ref(self, ref: str) -> str:
        ref = ref.strip().lstrip("@")
        if not re.fullmatch(self.ref_pattern, ref):
            raise ValidationError({"source_ref": [self.ref_help]})
        return ref

    def fetch(self, client: Client, *, base: str, ref: str, secret: str) -> Result:
        raise NotImplementedError


def count(value) -> int | None:
    """A platform's count (int or digit string) as a non-negative int, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.isdigit() and len(value) < 19:
        return int(value)
    return None


def counts(**values) -> dict[str, int]:
    return {name: parsed for name, value in values.items() if (parsed := count(value)) is not None}


def parse_time(value) -> datetime:
    """An ISO 8601 string or Unix seconds as an aware datetime; malformed is an error."""
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return datetime.fromtimestamp(value, UTC)
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except (TypeError, ValueError, OverflowError, OSError) as error:
        raise FetchError("malformed", detail="date") from error
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def plain_text(markup: str, limit: int = 300) -> str:
    """A post's HTML as a one-line title."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup or ""))
    text = " ".join(text.split())
    return text[: limit - 1] + "…" if len(text) > limit else text


def need(data, *path):
    """data[path...] or a 'malformed' error when the platform's answer lacks it."""
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError) as error:
            raise FetchError("malformed", detail=str(key)) from error
    return data


def link_next(response: Response) -> str | None:
    """The `rel="next"` target of an RFC 8288 Link header (GitHub, Mastodon), if any."""
    for link in parse_header_links(response.headers.get("link", "")):
        if "next" in str(link.get("rel", "")).split() and link.get("url"):
            return link["url"]
    return None


# What a page's reader answers: its posts, and where the next page is: a URL (a Link
# header's), the query parameters to change (a cursor, a token, a page number), or None.
Next = str | dict[str, Any] | None


def paged(
    client: Client,
    url: str,
    *,
    read: Callable[[Response, dict[str, Any]], tuple[list[Post], Next]],
    params: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    prepare: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> list[Post]:
    """A listing's posts over at most `CONNECTOR_MAX_PAGES` pages, newest first.

    Every page is an ordinary `client.get` (guard, redirects, caps, host limits). It stops
    at the last page, at a page with nothing new, once a page reaches posts older than
    `client.since` (those are known from earlier runs), and at a next link to another host
    than the first page's, which is not followed (logged; the pages read so far stand).
    `read` gets each answer with the parameters that asked for it (unsigned); `prepare`
    turns each page's parameters into the sent ones (Bilibili signs every page).
    """
    params = dict(params or {})
    origin = urlsplit(url).netloc
    posts: dict[str, Post] = {}
    for _page in range(max(settings.CONNECTOR_MAX_PAGES, 1)):
        sent = prepare(params) if prepare else params
        page, following = read(client.get(url, params=sent or None, headers=headers), params)
        fresh = [post for post in page if post.external_id not in posts]
        posts.update((post.external_id, post) for post in fresh)
        if not fresh or following is None:
            break
        if client.since is not None and min(p.published_at for p in fresh) < client.since:
            break
        if isinstance(following, str):
            target = urljoin(url, following)
            if urlsplit(target).netloc != origin:
                logger.warning("Connector next page on another host not followed: %s", origin)
                break
            url, params = target, {}
        else:
            params = {**params, **following}
    return list(posts.values())
