"""Which planned piece a fetched publication is: the same URL, else the same normalised
title planned within a few days of when it came out. Pure functions, no database."""

import re
import unicodedata
from datetime import timedelta
from urllib.parse import urlsplit

from calendar_app.connectors.base import Post
from calendar_app.models import ContentItem

TITLE_WINDOW = timedelta(days=14)


def normal_url(url: str) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    return f"{host}{path}?{parts.query}" if parts.query else f"{host}{path}"


def normal_title(title: str) -> str:
    """Case, width and punctuation folded; CJK characters kept as they are."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    return re.sub(r"[\W_]+", "", folded)


def match(post: Post, candidates: list[ContentItem], taken: set[int]) -> ContentItem | None:
    url = normal_url(post.url)
    for item in candidates:
        if item.pk not in taken and item.url and normal_url(item.url) == url:
            return item
    title = normal_title(post.title)
    if not title:
        return None
    near = [
        item
        for item in candidates
        if item.pk not in taken
        and not item.url
        and item.planned_for is not None
        and abs(item.planned_for - post.published_at) <= TITLE_WINDOW
        and normal_title(item.title) == title
    ]
    return min(near, key=lambda item: abs(item.planned_for - post.published_at), default=None)
