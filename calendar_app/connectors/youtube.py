"""YouTube Data API v3 (an API key is required).

Reference: the channel id (UC...). GET channels?part=statistics,contentDetails gives
subscribers, total views and the uploads playlist; playlistItems?part=contentDetails,snippet
lists the newest uploads (pages of 50, followed by nextPageToken); videos?part=statistics
gives each one's views, likes and comments (at most 50 ids a request).
"""

from django.utils.translation import gettext_lazy as _

from .base import Connector, Post, Result, counts, need, paged, parse_time
from .http import Client, FetchError, Response


class YouTubeConnector(Connector):
    kind = "youtube"
    needs_secret = True
    ref_help = _("The YouTube channel id, which starts with UC (24 characters).")
    ref_pattern = r"UC[A-Za-z0-9_\-]{22}"

    def fetch(self, client: Client, *, base: str, ref: str, secret: str) -> Result:
        if not secret:
            raise FetchError("no_secret")
        # The key goes in a header (Google APIs accept X-Goog-Api-Key), never in a URL that
        # a proxy or a debug log could keep.
        key = {"X-Goog-Api-Key": secret}
        channels = client.get(
            f"{base}/channels",
            params={"part": "statistics,contentDetails", "id": ref},
            headers=key,
        ).json()
        items = need(channels, "items") if "items" in channels else []
        if not items:
            raise FetchError("not_found")
        stats = need(items[0], "statistics")
        account = counts(followers=stats.get("subscriberCount"), views=stats.get("viewCount"))
        uploads = need(items[0], "contentDetails", "relatedPlaylists", "uploads")
        videos = {
            post.external_id: post
            for post in paged(
                client,
                f"{base}/playlistItems",
                params={
                    "part": "contentDetails,snippet",
                    "playlistId": uploads,
                    "maxResults": self.max_posts,
                },
                headers=key,
                read=_uploads,
            )
        }
        ids = list(videos)
        for start in range(0, len(ids), self.max_posts):
            numbers = client.get(
                f"{base}/videos",
                params={"part": "statistics", "id": ",".join(ids[start : start + self.max_posts])},
                headers=key,
            ).json()
            for video in numbers.get("items", []):
                post = videos.get(str(video.get("id")))
                if post is not None:
                    stats = video.get("statistics") or {}
                    post.counts = counts(
                        views=stats.get("viewCount"),
                        likes=stats.get("likeCount"),
                        comments=stats.get("commentCount"),
                    )
        return Result(account=account, posts=list(videos.values()))


def _uploads(response: Response, _asked: dict) -> tuple[list[Post], dict | None]:
    """One page of the uploads playlist, and the `pageToken` of the next one."""
    listing = response.json()
    posts = []
    for entry in need(listing, "items") if "items" in listing else []:
        video_id = str(need(entry, "contentDetails", "videoId"))
        when = entry["contentDetails"].get("videoPublishedAt") or need(
            entry, "snippet", "publishedAt"
        )
        posts.append(
            Post(
                external_id=video_id,
                url=f"https://www.youtube.com/watch?v={video_id}",
                title=str(need(entry, "snippet", "title"))[:300],
                published_at=parse_time(when),
            )
        )
    token = listing.get("nextPageToken")
    return posts, {"pageToken": str(token)[:200]} if token else None
