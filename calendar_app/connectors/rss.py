"""Any RSS or Atom feed (a blog, dev.to, Medium, Substack, a WeChat or Zhihu feed bridge).

Publications only (a feed has no numbers). The body is fetched through the guarded client
(size cap, private addresses refused, conditional GET) and only then handed to feedparser,
which resolves no external entities and fetches nothing itself when given bytes.
"""

import calendar
import io
from datetime import UTC, datetime
from urllib.parse import urlsplit

import feedparser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .base import Connector, Post, Result
from .http import Client, FetchError


class RssConnector(Connector):
    kind = "rss"
    ref_help = _("The feed's full address, starting with https:// or http://.")

    def clean_ref(self, ref: str) -> str:
        ref = ref.strip()
        try:
            parts = urlsplit(ref)
            valid = parts.scheme in {"http", "https"} and bool(parts.hostname)
            parts.port  # noqa: B018 - raises ValueError on a port out of range
        except ValueError:
            valid = False
        if not valid or len(ref) > 300 or any(c.isspace() or ord(c) < 32 for c in ref):
            raise ValidationError({"source_ref": [self.ref_help]})
        return ref

    def fetch(self, client: Client, *, base: str, ref: str, secret: str) -> Result:
        response = client.get(
            ref,
            headers={"Accept": "application/atom+xml, application/rss+xml, application/xml"},
            conditional=True,
        )
        if response is None:
            return Result()
        # A stream, never bytes or str: feedparser would open those as a path or a URL.
        parsed = feedparser.parse(
            io.BytesIO(response.body),
            sanitize_html=False,
            resolve_relative_uris=False,
        )
        if parsed.bozo and not parsed.entries:
            raise FetchError("malformed", detail=type(parsed.get("bozo_exception")).__name__)
        posts = []
        for entry in parsed.entries[: self.max_posts]:
            moment = entry.get("published_parsed") or entry.get("updated_parsed")
            link = entry.get("link", "")
            if not moment or not link.startswith(("http://", "https://")):
                continue
            posts.append(
                Post(
                    external_id=(entry.get("id") or link)[:300],
                    url=link[:500],
                    title=(entry.get("title") or link)[:300],
                    published_at=datetime.fromtimestamp(calendar.timegm(moment), UTC),
                )
            )
        return Result(posts=posts)
