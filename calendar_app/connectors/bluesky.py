"""Bluesky (the public AppView, no key).

Reference: the handle (name.bsky.social or a domain). app.bsky.actor.getProfile gives
followersCount; app.bsky.feed.getAuthorFeed (filter posts_no_replies) the newest posts with
likes, reposts, quotes and replies. Reposts of others' posts are skipped.
"""

from django.utils.translation import gettext_lazy as _

from .base import Connector, Post, Result, counts, need, paged, parse_time, plain_text
from .http import Client, Response


class BlueskyConnector(Connector):
    kind = "bluesky"
    ref_help = _("The Bluesky handle, such as name.bsky.social.")
    ref_pattern = r"[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63})+"

    def fetch(self, client: Client, *, base: str, ref: str, secret: str) -> Result:
        profile = client.get(f"{base}/xrpc/app.bsky.actor.getProfile", params={"actor": ref}).json()
        account = counts(followers=need(profile, "followersCount"))
        posts = paged(
            client,
            f"{base}/xrpc/app.bsky.feed.getAuthorFeed",
            params={"actor": ref, "limit": self.max_posts, "filter": "posts_no_replies"},
            read=lambda response, _asked: _feed(response, ref),
        )
        return Result(account=account, posts=posts)


def _feed(response: Response, ref: str) -> tuple[list[Post], dict | None]:
    """One page of the author feed, and the `cursor` that asks for the next (older) one."""
    feed = response.json()
    posts = []
    for entry in need(feed, "feed"):
        if entry.get("reason"):  # a repost
            continue
        post = need(entry, "post")
        uri = str(need(post, "uri"))
        record = need(post, "record")
        posts.append(
            Post(
                external_id=uri[:300],
                url=f"https://bsky.app/profile/{ref}/post/{uri.rsplit('/', 1)[-1]}"[:500],
                title=plain_text(record.get("text", "")) or uri[:300],
                published_at=parse_time(need(record, "createdAt")),
                counts=counts(
                    likes=post.get("likeCount"),
                    shares=(post.get("repostCount") or 0) + (post.get("quoteCount") or 0),
                    comments=post.get("replyCount"),
                ),
            )
        )
    cursor = feed.get("cursor")
    return posts, {"cursor": str(cursor)[:200]} if cursor else None
