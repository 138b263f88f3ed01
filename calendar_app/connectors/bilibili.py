"""Bilibili's public web API (no key).

Reference: the numeric user id (mid). x/relation/stat gives followers; the uploads list,
x/space/wbi/arc/search (paged by pn and ps), needs a WBI signature on every page: the day's
img/sub keys from x/web-interface/nav are shuffled by a fixed table into a mixin key, and
w_rid = md5(sorted query + wts + mixin key). Each upload's likes, coins, favourites and
shares come from x/web-interface/archive/stat (coins have no column of their own and are
not stored). Every answer carries `code`; non-zero is the platform refusing.
"""

import hashlib
import time
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from .base import Connector, Post, Result, count, counts, need, paged, parse_time
from .http import Client, FetchError, Response

MIXIN_TABLE = [
    46, 47, 18, 2, 53, 8, 23, 32, 15, 50, 10, 31, 58, 3, 45, 35, 27, 43, 5, 49,
    33, 9, 42, 19, 29, 28, 14, 39, 12, 38, 41, 13, 37, 48, 7, 16, 24, 55, 40,
    61, 26, 17, 0, 1, 60, 51, 30, 4, 22, 25, 54, 21, 56, 59, 6, 63, 57, 62, 11,
    36, 20, 34, 44, 52,
]  # fmt: skip


def mixin_key(img_key: str, sub_key: str) -> str:
    joined = img_key + sub_key
    return "".join(joined[i] for i in MIXIN_TABLE if i < len(joined))[:32]


def sign(params: dict, key: str, now: int) -> dict:
    signed = dict(sorted({**params, "wts": now}.items()))
    signed = {k: "".join(c for c in str(v) if c not in "!'()*") for k, v in signed.items()}
    signed["w_rid"] = hashlib.md5((urlencode(signed) + key).encode()).hexdigest()  # noqa: S324
    return signed


def _data(response) -> dict:
    body = response.json()
    code = body.get("code") if isinstance(body, dict) else None
    if code in (-404, -400):
        raise FetchError("not_found")
    if code == -412 or code == -799:
        raise FetchError("rate_limited")
    if code != 0:
        raise FetchError("refused", detail=str(code))
    return need(body, "data")


def _file_stem(url: str) -> str:
    return str(url).rsplit("/", 1)[-1].split(".")[0]


class BilibiliConnector(Connector):
    kind = "bilibili"
    ref_help = _("The Bilibili user id (mid): the digits in space.bilibili.com/<id>.")
    ref_pattern = r"[0-9]{1,20}"
    max_posts = 20

    def fetch(self, client: Client, *, base: str, ref: str, secret: str) -> Result:
        headers = {"Referer": "https://space.bilibili.com/"}
        stat = _data(client.get(f"{base}/x/relation/stat", params={"vmid": ref}, headers=headers))
        account = counts(followers=stat.get("follower"))
        nav = client.get(f"{base}/x/web-interface/nav", headers=headers).json()
        images = need(nav, "data", "wbi_img")
        key = mixin_key(_file_stem(need(images, "img_url")), _file_stem(need(images, "sub_url")))
        listing = paged(
            client,
            f"{base}/x/space/wbi/arc/search",
            params={"mid": ref, "ps": self.max_posts, "pn": 1},
            headers=headers,
            prepare=lambda params: sign(params, key, int(time.time())),
            read=_uploads,
        )
        posts = []
        for post in listing:
            archive = _data(
                client.get(
                    f"{base}/x/web-interface/archive/stat",
                    params={"bvid": post.external_id},
                    headers=headers,
                )
            )
            post.counts.update(
                counts(
                    views=archive.get("view"),
                    likes=archive.get("like"),
                    comments=archive.get("reply"),
                    shares=archive.get("share"),
                    saves=archive.get("favorite"),
                )
            )
            posts.append(post)
        return Result(account=account, posts=posts)


def _uploads(response: Response, asked: dict) -> tuple[list[Post], dict | None]:
    """One page of the uploads; the next page is pn + 1 while `page.count` has more."""
    listing = _data(response)
    videos = (need(listing, "list").get("vlist") or [])[: asked["ps"]]
    posts = []
    for video in videos:
        bvid = str(need(video, "bvid"))
        posts.append(
            Post(
                external_id=bvid,
                url=f"https://www.bilibili.com/video/{bvid}",
                title=str(need(video, "title"))[:300],
                published_at=parse_time(need(video, "created")),
                counts=counts(views=video.get("play"), comments=video.get("comment")),
            )
        )
    total = count((listing.get("page") or {}).get("count")) or 0
    more = len(videos) >= asked["ps"] and asked["pn"] * asked["ps"] < total
    return posts, {"pn": asked["pn"] + 1} if more else None
