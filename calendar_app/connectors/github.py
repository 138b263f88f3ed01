"""GitHub (REST API v3; a token is optional and lifts the rate limit).

Reference `user` or `user/repo, repo2`: the user's followers; stars, forks and watchers
summed over the chosen repositories (as likes, shares and saves); their releases as
publications. Endpoints: GET /users/{user}, /repos/{owner}/{repo}, /repos/{owner}/{repo}/releases.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .base import Connector, Post, Result, count, link_next, need, paged, parse_time
from .http import Client, Response

NAME = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,38})"
REPO = r"[A-Za-z0-9_.\-]{1,100}"
MAX_REPOS = 10


class GitHubConnector(Connector):
    kind = "github"
    ref_help = _(
        "A GitHub user name, optionally followed by a slash and repositories separated by "
        "commas: octocat/hello-world, spoon-knife."
    )
    max_posts = 20

    def clean_ref(self, ref: str) -> str:
        user, _sep, repos = ref.strip().lstrip("@").partition("/")
        names = [name.strip() for name in repos.split(",") if name.strip()]
        if (
            not re.fullmatch(NAME, user)
            or len(names) > MAX_REPOS
            or not all(re.fullmatch(REPO, name) and name not in {".", ".."} for name in names)
        ):
            raise ValidationError({"source_ref": [self.ref_help]})
        return f"{user}/{', '.join(names)}" if names else user

    def fetch(self, client: Client, *, base: str, ref: str, secret: str) -> Result:
        user, _sep, repos = ref.partition("/")
        headers = {
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
        }
        if secret:
            headers["Authorization"] = f"Bearer {secret}"
        profile = client.get(f"{base}/users/{user}", headers=headers).json()
        account = {"followers": count(need(profile, "followers")) or 0}
        totals = {"likes": 0, "shares": 0, "saves": 0}
        posts: list[Post] = []
        for name in [n.strip() for n in repos.split(",") if n.strip()]:
            repo = client.get(f"{base}/repos/{user}/{name}", headers=headers).json()
            totals["likes"] += count(repo.get("stargazers_count")) or 0
            totals["shares"] += count(repo.get("forks_count")) or 0
            totals["saves"] += count(repo.get("subscribers_count")) or 0
            posts += paged(
                client,
                f"{base}/repos/{user}/{name}/releases",
                params={"per_page": self.max_posts},
                headers=headers,
                read=lambda response, _asked, name=name: (
                    _releases(response, name),
                    link_next(response),
                ),
            )
        if repos:
            account.update(totals)
        return Result(account=account, posts=posts)


def _releases(response: Response, name: str) -> list[Post]:
    """One page of a repository's releases (newest first; drafts skipped)."""
    releases = response.json()
    posts = []
    for release in releases if isinstance(releases, list) else []:
        if not isinstance(release, dict) or release.get("draft"):
            continue
        when = release.get("published_at") or release.get("created_at")
        if not when or not release.get("html_url"):
            continue
        posts.append(
            Post(
                external_id=f"release:{need(release, 'id')}",
                url=str(release["html_url"])[:500],
                title=str(release.get("name") or release.get("tag_name") or name)[:300],
                published_at=parse_time(when),
            )
        )
    return posts
