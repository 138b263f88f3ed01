"""Mastodon (public endpoints, no key).

Reference `user@instance.example`. GET /api/v1/accounts/lookup?acct= gives the account id
and followers_count; /api/v1/accounts/{id}/statuses (no replies, no boosts) the newest
posts with favourites, boosts and replies. The instance is the user's choice, so its host
passes the private-address guard; CONNECTOR_BASE_URLS["mastodon"], when set, replaces it.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .base import Connector, Post, Result, counts, link_next, need, paged, parse_time, plain_text
from .http import Client, Response

ACCOUNT = r"([A-Za-z0-9_]{1,30})@([A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63})+)"


class MastodonConnector(Connector):
    kind = "mastodon"
    ref_help = _("The full account address: user@instance.example.")
    max_posts = 40

    def clean_ref(self, ref: str) -> str:
        ref = ref.strip().lstrip("@").lower()
        if not re.fullmatch(ACCOUNT, ref):
            raise ValidationError({"source_ref": [self.ref_help]})
        return ref

    def fetch(self, client: Client, *, base: str, ref: str, secret: str) -> Result:
        instance = ref.partition("@")[2]
        root = base or f"https://{instance}"
        account = client.get(f"{root}/api/v1/accounts/lookup", params={"acct": ref}).json()
        numbers = counts(followers=need(account, "followers_count"))
        posts = paged(
            client,
            f"{root}/api/v1/accounts/{need(account, 'id')}/statuses",
            params={"limit": self.max_posts, "exclude_replies": "true", "exclude_reblogs": "true"},
            read=lambda response, _asked: (_statuses(response), link_next(response)),
        )
        return Result(account=numbers, posts=posts)


def _statuses(response: Response) -> list[Post]:
    """One page of an account's statuses; the next (older) page is the Link header's max_id."""
    statuses = response.json()
    posts = []
    for status in statuses if isinstance(statuses, list) else []:
        url = status.get("url") or status.get("uri") or ""
        if not str(url).startswith(("https://", "http://")):
            continue
        posts.append(
            Post(
                external_id=str(need(status, "id")),
                url=str(url)[:500],
                title=plain_text(status.get("spoiler_text") or need(status, "content"))
                or str(url)[:300],
                published_at=parse_time(need(status, "created_at")),
                counts=counts(
                    likes=status.get("favourites_count"),
                    shares=status.get("reblogs_count"),
                    comments=status.get("replies_count"),
                ),
            )
        )
    return posts
