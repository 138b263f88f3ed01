"""dev.to (Forem's public API, no key).

Reference: the user name. GET /api/articles?username=&per_page= lists the published
articles with their public reactions and comments. Forem shows no follower count publicly.
"""

from django.utils.translation import gettext_lazy as _

from .base import Connector, Post, Result, counts, need, paged, parse_time
from .http import Client, Response


class DevtoConnector(Connector):
    kind = "devto"
    ref_help = _("The dev.to user name, as in dev.to/<name>.")
    ref_pattern = r"[A-Za-z0-9_]{1,50}"
    max_posts = 30

    def fetch(self, client: Client, *, base: str, ref: str, secret: str) -> Result:
        posts = paged(
            client,
            f"{base}/api/articles",
            params={"username": ref, "per_page": self.max_posts, "page": 1},
            headers={"Accept": "application/vnd.forem.api-v1+json"},
            read=_articles,
        )
        return Result(posts=posts)


def _articles(response: Response, asked: dict) -> tuple[list[Post], dict | None]:
    """One page of the user's articles; Forem pages by number and a short page is the last."""
    articles = response.json()
    articles = articles if isinstance(articles, list) else []
    full = len(articles) >= asked["per_page"]
    return [_article(article) for article in articles], {
        "page": asked["page"] + 1
    } if full else None


def _article(article) -> Post:
    return Post(
        external_id=str(need(article, "id")),
        url=str(need(article, "url"))[:500],
        title=str(need(article, "title"))[:300],
        published_at=parse_time(
            article.get("published_timestamp") or need(article, "published_at")
        ),
        counts=counts(
            likes=article.get("public_reactions_count"),
            comments=article.get("comments_count"),
        ),
    )
