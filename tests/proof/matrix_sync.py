"""Authorization matrix entries for the calendar REST API, the iCalendar feed and the sync pages.

The rules: lists, exports, imports and the sync endpoint are about the visitor's own plan, so
they answer every signed-in user (and the owner's read-only token reads them), each seeing
their own; an object of the owner's is read by the owner and the active coach, and written by
the owner only (everyone else's write is a 404, the read-only token's a 403); a reference to
the owner's object from anyone else's write is a 400 naming the field. A coach reads a
mentee's items under `api/v1/mentees/<id>/`. The feed needs no login: its secret token is the
credential. The sync pages (feed, import, webhooks) belong to the visitor; a webhook of the
owner's, which shows its signing secret, is for the owner alone.

Webhook endpoints point at a closed port on 127.0.0.1, so a test delivery can never reach the
network: the delivery task is enqueued on commit, which never comes in these tests. A private
address is refused when saved and before connecting unless WEBHOOK_ALLOW_PRIVATE_HOSTS is set,
as the `world` fixture does.
"""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.tokens import calendar_feed_token
from calendar_app.models import Channel, ContentItem, Series, WebhookEndpoint, WebhookEvent
from calendar_app.sync import changes, ical, webhooks
from positioning.models import Topic
from tests.authz import Expect, Multipart, api_read, api_write, page
from tests.proof.matrix import ANY_USER_API, ANY_USER_PAGE, PUBLIC, Check, World, entry, first

CHANNELS = "/api/v1/channels/"
ITEMS = "/api/v1/content-items/"
SERIES = "/api/v1/series/"
SYNC_PAGES = "/plan/sync/"

# Creating in one's own plan: every signed-in user; the read-only token may not write.
OWN_CREATE = Expect(201, 201, 201, 201, 401, 403)
# A write naming the owner's object: anyone else's is refused with a 400 on that field.
FOREIGN_FIELD = Expect(201, 400, 400, 400, 401, 403)
# A list or export filtered by the owner's channel: the coach may name a mentee's channel
# (their own list is then empty); anyone else's filter is invalid.
FOREIGN_FILTER = Expect(200, 400, 200, 400, 401, 200)
# An import into one's own plan.
OWN_IMPORT = Expect(200, 200, 200, 200, 401, 403)
# An API delete of the owner's object.
API_DELETE = Expect(204, 404, 404, 404, 401, 403)
# A coach's read-only view of a mentee's items: only the active coach.
MENTEE_API = Expect(404, 404, 200, 404, 401, 404)
NOBODY_API = Expect(404, 404, 404, 404, 401, 404)
# A page write on the visitor's own data that redirects: 302 for everyone (anonymous
# visitors and the token to the login page).
OWN_WRITE = Expect(302, 302, 302, 302, 302, 302)
# A page write on the owner's object: the owner's redirects, anyone else's is a 404.
WRITE = Expect(302, 404, 404, 404, 302, 302)
ONLY_POST = Expect(405, 405, 405, 405, 302, 302)

LOCAL_HOOK = "http://127.0.0.1:9/matrix-hook"

ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Matrix//Calendar//EN
BEGIN:VEVENT
UID:{uid}
DTSTAMP:20260101T000000Z
DTSTART:20260305T120000Z
SUMMARY:{title}
END:VEVENT
END:VCALENDAR
"""


def _held(w: World, key: str, obj):
    """Remember the object a delete check points at, so the data callable can revive it."""
    w.extra.setdefault(key, obj)
    return w.extra[key]


def _revive(w: World, key: str) -> None:
    """Put the row back (same pk) if an earlier role deleted it, so every role meets it."""
    obj = w.extra[key]
    if not type(obj).objects.filter(pk=obj.pk).exists():
        obj.save(force_insert=True)


def _revived(w: World, key: str) -> dict:
    _revive(w, key)
    return {}


def _item(w: World) -> ContentItem:
    return first(ContentItem, w.owner, series__isnull=True)


def _leaf(w: World) -> ContentItem:
    """An item of the owner's that can be deleted: no series, no derivatives."""
    return first(ContentItem, w.owner, series__isnull=True, derivatives__isnull=True)


def _item_of_other(w: World) -> ContentItem:
    return first(ContentItem, w.other, series__isnull=True)


def _file(name: str, content: str) -> Multipart:
    return Multipart(file=SimpleUploadedFile(name, content.encode()))


def _endpoint(w: World) -> WebhookEndpoint:
    """The owner's webhook (the demo seed makes none), created once per world."""
    if "endpoint" not in w.extra:
        w.extra["endpoint"] = webhooks.endpoint_create(
            creator=w.owner, url=LOCAL_HOOK, events=list(WebhookEvent.values)
        )
    return w.extra["endpoint"]


def _cursor(w: World) -> str:
    return changes.make_cursor(w.owner.pk, changes.current_position())


def _ics_over_owner_item(w: World) -> Multipart:
    """An .ics whose UID is the one the owner's feed gives the owner's item.

    The owner's import (the first request) renames that item; every later call checks that
    the previous role's import left it alone (theirs creates an item in their own plan).
    """
    item = _item(w)
    calls = w.extra["ics_calls"] = w.extra.get("ics_calls", 0) + 1
    if calls > 1:
        title = ContentItem.objects.get(pk=item.pk).title
        assert title == "矩阵导入 1", f"another role's import changed the owner's item: {title}"
    return _file("plan.ics", ICS.format(uid=ical.item_uid(item), title=f"矩阵导入 {calls}"))


# Channels

entry(
    "api/v1/channels/",
    Check("get", lambda w: CHANNELS, ANY_USER_API),
    Check(
        "post",
        lambda w: CHANNELS,
        OWN_CREATE,
        lambda w: {"platform": "blog", "name": "矩阵博客", "role": "home"},
    ),
)
entry(
    "api/v1/channels/<pk>/",
    Check("get", lambda w: f"{CHANNELS}{first(Channel, w.owner).pk}/", api_read()),
    Check(
        "patch",
        lambda w: f"{CHANNELS}{first(Channel, w.owner).pk}/",
        api_write(),
        lambda w: {"name": "改名的频道"},
    ),
    Check(
        "put",
        lambda w: f"{CHANNELS}{first(Channel, w.owner).pk}/",
        api_write(),
        lambda w: {"platform": "blog", "name": "整体替换", "role": "home"},
    ),
    Check(
        "delete",
        lambda w: f"{CHANNELS}{_held(w, 'channel', first(Channel, w.owner)).pk}/",
        API_DELETE,
        lambda w: _revived(w, "channel"),
    ),
)

# Content items

entry(
    "api/v1/content-items/",
    Check("get", lambda w: ITEMS, ANY_USER_API),
    Check("get", lambda w: f"{ITEMS}?channel={first(Channel, w.owner).pk}", FOREIGN_FILTER),
    Check("post", lambda w: ITEMS, OWN_CREATE, lambda w: {"title": "矩阵新想法"}),
    # Nobody files an item under the owner's channel, topic or item but the owner.
    Check(
        "post",
        lambda w: ITEMS,
        FOREIGN_FIELD,
        lambda w: {"title": "矩阵衍生", "channel": first(Channel, w.owner).pk},
    ),
    Check(
        "post",
        lambda w: ITEMS,
        FOREIGN_FIELD,
        lambda w: {"title": "矩阵衍生", "topic": first(Topic, w.owner).pk},
    ),
    Check(
        "post",
        lambda w: ITEMS,
        FOREIGN_FIELD,
        lambda w: {"title": "矩阵衍生", "repurposed_from": _item(w).pk},
    ),
)
entry(
    "api/v1/content-items/<pk>/",
    Check("get", lambda w: f"{ITEMS}{_item(w).pk}/", api_read()),
    Check("patch", lambda w: f"{ITEMS}{_item(w).pk}/", api_write(), lambda w: {"notes": "改"}),
    Check("put", lambda w: f"{ITEMS}{_item(w).pk}/", api_write(), lambda w: {"title": "改过"}),
    # The owner cannot attach another creator's channel to their item either.
    Check(
        "patch",
        lambda w: f"{ITEMS}{_item(w).pk}/",
        Expect(400, 404, 404, 404, 401, 403),
        lambda w: {"channel": first(Channel, w.other).pk},
    ),
    Check(
        "delete",
        lambda w: f"{ITEMS}{_held(w, 'item', _leaf(w)).pk}/",
        API_DELETE,
        lambda w: _revived(w, "item"),
    ),
)
# Recurring series (writes materialise occurrences as content items)


def _series_payload(w: World, **changes) -> dict:
    return {
        "title": "矩阵周更 #{n}",
        "frequency": "weekly",
        "weekdays": [1],
        "time_of_day": "20:00",
        "starts_on": (timezone.localdate() + timedelta(days=14)).isoformat(),  # pinned "now"
        "count": 3,
        **changes,
    }


def _series(w: World) -> Series:
    return first(Series, w.owner)


entry(
    "api/v1/series/",
    Check("get", lambda w: SERIES, ANY_USER_API),
    Check("get", lambda w: f"{SERIES}?channel={first(Channel, w.owner).pk}", FOREIGN_FILTER),
    Check("post", lambda w: SERIES, OWN_CREATE, _series_payload),
    # Nobody files a series under the owner's channel or topic but the owner.
    Check(
        "post",
        lambda w: SERIES,
        FOREIGN_FIELD,
        lambda w: _series_payload(w, channel=first(Channel, w.owner).pk),
    ),
    Check(
        "post",
        lambda w: SERIES,
        FOREIGN_FIELD,
        lambda w: _series_payload(w, topic=first(Topic, w.owner).pk),
    ),
)
entry(
    "api/v1/series/<pk>/",
    Check("get", lambda w: f"{SERIES}{_series(w).pk}/", api_read()),
    Check(
        "patch",
        lambda w: f"{SERIES}{_series(w).pk}/",
        api_write(),
        lambda w: {"title": "矩阵改名 #{n}"},
    ),
    Check("put", lambda w: f"{SERIES}{_series(w).pk}/", api_write(), _series_payload),
    # The owner cannot attach another creator's channel to their series either.
    Check(
        "patch",
        lambda w: f"{SERIES}{_series(w).pk}/",
        Expect(400, 404, 404, 404, 401, 403),
        lambda w: {"channel": first(Channel, w.other).pk},
    ),
    Check(
        "delete",
        lambda w: f"{SERIES}{_held(w, 'series', _series(w)).pk}/",
        API_DELETE,
        lambda w: _revived(w, "series"),
    ),
)
for action in ("export-csv", "export-json"):
    entry(
        f"api/v1/content-items/{action}/",
        Check("get", lambda w, a=action: f"{ITEMS}{a}/", ANY_USER_API),
        Check(
            "get",
            lambda w, a=action: f"{ITEMS}{a}/?channel={first(Channel, w.owner).pk}",
            FOREIGN_FILTER,
        ),
    )
entry(
    "api/v1/content-items/import-csv/",
    Check(
        "post",
        lambda w: f"{ITEMS}import-csv/",
        OWN_IMPORT,
        lambda w: _file("plan.csv", "title,status\n矩阵导入,idea\n"),
    ),
    # A row naming the owner's item updates it for the owner; for anyone else it is
    # "no such content item in your plan" and nothing is written.
    Check(
        "post",
        lambda w: f"{ITEMS}import-csv/",
        Expect(200, 400, 400, 400, 401, 403),
        lambda w: _file("plan.csv", f"id,title\n{_item(w).pk},矩阵改名\n"),
    ),
)
entry(
    "api/v1/content-items/import-ics/",
    Check(
        "post",
        lambda w: f"{ITEMS}import-ics/",
        OWN_IMPORT,
        lambda w: _file("plan.ics", ICS.format(uid="matrix-1@calendar.example", title="矩阵")),
    ),
    Check("post", lambda w: f"{ITEMS}import-ics/", OWN_IMPORT, _ics_over_owner_item),
)
entry(
    "api/v1/content-items/sync/",
    Check("get", lambda w: f"{ITEMS}sync/", ANY_USER_API),
    # The owner's cursor is signed for the owner: anyone else is told to start over.
    Check(
        "get",
        lambda w: f"{ITEMS}sync/?cursor={_cursor(w)}",
        Expect(200, 410, 410, 410, 401, 200),
    ),
)

# A coach's read-only view of a mentee's items

entry(
    "api/v1/mentees/<int:mentee_id>/content-items/",
    Check("get", lambda w: f"/api/v1/mentees/{w.owner.pk}/content-items/", MENTEE_API),
    # Nobody reaches the items of a creator who has not invited them.
    Check("get", lambda w: f"/api/v1/mentees/{w.other.pk}/content-items/", NOBODY_API),
)
entry(
    "api/v1/mentees/<int:mentee_id>/content-items/<int:pk>/",
    Check(
        "get",
        lambda w: f"/api/v1/mentees/{w.owner.pk}/content-items/{_item(w).pk}/",
        MENTEE_API,
    ),
    # Another creator's item is not reached through the owner's mentee route.
    Check(
        "get",
        lambda w: f"/api/v1/mentees/{w.owner.pk}/content-items/{_item_of_other(w).pk}/",
        NOBODY_API,
    ),
    Check(
        "get",
        lambda w: f"/api/v1/mentees/{w.other.pk}/content-items/{_item_of_other(w).pk}/",
        NOBODY_API,
    ),
)


# The private iCalendar feed: the token is the credential, and only the real one works.

entry(
    "calendar/<str:token>.ics",
    Check("get", lambda w: f"/calendar/{calendar_feed_token(w.owner)}.ics", PUBLIC),
    Check("get", lambda w: "/calendar/" + "0" * 64 + ".ics", Expect(404, 404, 404, 404, 404, 404)),
    Check(
        "post",
        lambda w: f"/calendar/{calendar_feed_token(w.owner)}.ics",
        Expect(405, 405, 405, 405, 405, 405),
    ),
)

# The sync pages: each visitor's own feed, import and webhooks

entry("plan/sync/", Check("get", lambda w: SYNC_PAGES, ANY_USER_PAGE))
entry(
    "plan/sync/feed/regenerate/",
    Check("post", lambda w: f"{SYNC_PAGES}feed/regenerate/", OWN_WRITE),
    Check("get", lambda w: f"{SYNC_PAGES}feed/regenerate/", ONLY_POST),
)
entry(
    "plan/sync/import/",
    Check(
        "post",
        lambda w: f"{SYNC_PAGES}import/",
        OWN_WRITE,
        lambda w: {
            "kind": "csv",
            "file": SimpleUploadedFile("plan.csv", "title,status\n页面导入,idea\n".encode()),
        },
    ),
    # A row naming the owner's item: the form comes back with the line's error.
    Check(
        "post",
        lambda w: f"{SYNC_PAGES}import/",
        Expect(302, 400, 400, 400, 302, 302),
        lambda w: {
            "kind": "csv",
            "file": SimpleUploadedFile("plan.csv", f"id,title\n{_item(w).pk},页面改名\n".encode()),
        },
    ),
    Check("get", lambda w: f"{SYNC_PAGES}import/", ONLY_POST),
)
entry(
    "plan/sync/webhooks/",
    Check("get", lambda w: f"{SYNC_PAGES}webhooks/", ANY_USER_PAGE),
    Check(
        "post",
        lambda w: f"{SYNC_PAGES}webhooks/",
        OWN_WRITE,
        lambda w: {"url": LOCAL_HOOK, "events": [WebhookEvent.CREATED]},
    ),
)
entry(
    "plan/sync/webhooks/<int:pk>/",
    Check("get", lambda w: f"{SYNC_PAGES}webhooks/{_endpoint(w).pk}/", page()),
)
for action in ("test", "enable", "rotate"):
    entry(
        f"plan/sync/webhooks/<int:pk>/{action}/",
        Check("post", lambda w, a=action: f"{SYNC_PAGES}webhooks/{_endpoint(w).pk}/{a}/", WRITE),
    )
entry(
    "plan/sync/webhooks/<int:pk>/delete/",
    Check(
        "post",
        lambda w: f"{SYNC_PAGES}webhooks/{_held(w, 'hook', _endpoint(w)).pk}/delete/",
        WRITE,
        lambda w: _revived(w, "hook"),
    ),
)
