"""Authorization matrix entries for calendar_app's URLs (the HTML pages under `plan/`).

The rules: the owner acts on their own plan; another creator and a former coach get 404
for the owner's objects; the active coach reads (item pages, `plan/mentees/<id>/...`) and
comments, and every write of theirs on the owner's objects is a 404; anonymous visitors
are sent to the login page; a read-only API token does not sign anyone in on HTML pages.
Pages about the visitor's own plan (the calendars, lists, setup pages) answer 200 to every
signed-in user, each seeing their own.
"""

from datetime import timedelta

from django.utils import timezone

from calendar_app.models import Channel, ContentItem, PlanPhase, Series
from tests.authz import Expect, page
from tests.proof.matrix import ANY_USER_PAGE, Check, World, entry, first

# The owner's item page: the owner and their active coach read it.
READABLE = Expect(200, 404, 200, 404, 302, 302)
# A coach's read-only view of a mentee's plan: only the active coach.
MENTEE = Expect(404, 404, 200, 404, 302, 302)
# A write on the owner's object: the owner's redirects back, anyone else's is a 404.
WRITE = Expect(302, 404, 404, 404, 302, 302)
# A write on the visitor's own plan (or a form post that redirects): everyone gets 302,
# signed-in users to their own plan, the rest to the login page.
OWN_WRITE = Expect(302, 302, 302, 302, 302, 302)
# A form of the visitor's own that names another creator's object: the form is shown
# again with an error (200) to anyone but the owner.
FOREIGN_CHOICE = Expect(302, 200, 200, 200, 302, 302)


def _held(w: World, key: str, obj):
    """Remember the object a delete check points at, so the data callable can revive it."""
    w.extra.setdefault(key, obj)
    return w.extra[key]


def _revived(w: World, key: str) -> dict:
    """Put the row back (same pk) if an earlier role deleted it; post no fields.

    The data callable runs before each role's request, so every role meets the object:
    the other roles' 404 then comes from the authorization check, not from a missing row.
    """
    obj = w.extra[key]
    if not type(obj).objects.filter(pk=obj.pk).exists():
        obj.save(force_insert=True)
    return {}


def _item(w: World):
    """The owner's item with no series (a series occurrence cannot be deleted)."""
    return first(ContentItem, w.owner, series__isnull=True)


def _occurrence(w: World):
    return first(ContentItem, w.owner, series__isnull=False)


def _leaf(w: World):
    """An item of the owner's that can be deleted: no series, no derivatives."""
    return first(ContentItem, w.owner, series__isnull=True, derivatives__isnull=True)


# The visitor's own plan

entry("plan/", Check("get", lambda w: "/plan/", ANY_USER_PAGE))
entry("plan/week/", Check("get", lambda w: "/plan/week/", ANY_USER_PAGE))
entry("plan/day/<str:day>/", Check("get", lambda w: "/plan/day/2026-06-17/", ANY_USER_PAGE))
entry("plan/board/", Check("get", lambda w: "/plan/board/", ANY_USER_PAGE))
entry("plan/backlog/", Check("get", lambda w: "/plan/backlog/", ANY_USER_PAGE))
entry(
    "plan/items/",
    Check("get", lambda w: "/plan/items/", ANY_USER_PAGE),
    # Filtering by the owner's channel is not a way into the owner's items: the filter
    # only offers the visitor's own channels, so for anyone else it is ignored.
    Check("get", lambda w: f"/plan/items/?channel={first(Channel, w.owner).pk}", ANY_USER_PAGE),
)
entry(
    "plan/items/new/",
    Check("get", lambda w: "/plan/items/new/", ANY_USER_PAGE),
    Check(
        "post",
        lambda w: "/plan/items/new/",
        OWN_WRITE,
        lambda w: {"title": "矩阵新稿", "format": "principles", "status": "idea"},
    ),
    # Nobody files an item under the owner's channel, topic or item but the owner.
    Check(
        "post",
        lambda w: "/plan/items/new/",
        FOREIGN_CHOICE,
        lambda w: {
            "title": "矩阵衍生",
            "format": "answer",
            "status": "idea",
            "channel": first(Channel, w.owner).pk,
            "repurposed_from": _item(w).pk,
        },
    ),
)
entry(
    "plan/items/quick-add/",
    Check(
        "post",
        lambda w: "/plan/items/quick-add/",
        OWN_WRITE,
        lambda w: {"title": "新想法", "day": "2026-05-01"},
    ),
)

# One item of the owner's

entry("plan/items/<int:pk>/", Check("get", lambda w: f"/plan/items/{_item(w).pk}/", READABLE))
entry(
    "plan/items/<int:pk>/edit/",
    Check("get", lambda w: f"/plan/items/{_item(w).pk}/edit/", page()),
    Check(
        "post",
        lambda w: f"/plan/items/{_item(w).pk}/edit/",
        WRITE,
        lambda w: {"title": "改过的标题", "format": "principles", "status": "draft"},
    ),
)
entry(
    "plan/items/<int:pk>/reschedule/",
    Check(
        "post",
        lambda w: f"/plan/items/{_item(w).pk}/reschedule/",
        WRITE,
        lambda w: {"day": "2026-05-01"},
    ),
)
entry(
    "plan/items/<int:pk>/status/",
    Check(
        "post",
        lambda w: f"/plan/items/{_item(w).pk}/status/",
        WRITE,
        lambda w: {"status": "review"},
    ),
)
entry(
    "plan/items/<int:pk>/skip/",
    Check(
        "post",
        lambda w: f"/plan/items/{_occurrence(w).pk}/skip/",
        WRITE,
        lambda w: {"skipped": "1"},
    ),
)
entry(
    "plan/items/<int:pk>/derive/",
    Check(
        "post",
        lambda w: f"/plan/items/{_item(w).pk}/derive/",
        WRITE,
        lambda w: {"format": "answer", "title": "矩阵衍生"},
    ),
)
entry(
    "plan/items/<int:pk>/delete/",
    # A series occurrence is refused (skip it instead): the owner is sent back with a
    # message and the item stays, so every other role meets it.
    Check("post", lambda w: f"/plan/items/{_occurrence(w).pk}/delete/", WRITE),
    Check(
        "post",
        lambda w: f"/plan/items/{_held(w, 'item', _leaf(w)).pk}/delete/",
        WRITE,
        lambda w: _revived(w, "item"),
    ),
)
entry(
    "plan/items/<int:pk>/comments/",
    Check(
        "post",
        lambda w: f"/plan/items/{_item(w).pk}/comments/",
        Expect(302, 404, 302, 404, 302, 302),
        lambda w: {"body": "好文章"},
    ),
)

# Channels

entry(
    "plan/channels/",
    Check("get", lambda w: "/plan/channels/", ANY_USER_PAGE),
    Check(
        "post",
        lambda w: "/plan/channels/",
        OWN_WRITE,
        lambda w: {"platform": "medium", "name": "Medium", "role": "traffic"},
    ),
)
entry(
    "plan/channels/<int:pk>/",
    Check("get", lambda w: f"/plan/channels/{first(Channel, w.owner).pk}/", page()),
    Check(
        "post",
        lambda w: f"/plan/channels/{first(Channel, w.owner).pk}/",
        WRITE,
        lambda w: {"platform": "blog", "name": "改名的博客", "role": "home"},
    ),
)
entry(
    "plan/channels/<int:pk>/delete/",
    Check(
        "post",
        lambda w: f"/plan/channels/{_held(w, 'channel', first(Channel, w.owner)).pk}/delete/",
        WRITE,
        lambda w: _revived(w, "channel"),
    ),
)

# Series


def _series_form(w: World) -> dict:
    return {
        "title": "每周推理周报 #{n}",
        "format": "frontier",
        "frequency": "weekly",
        "interval": "1",
        "weekdays": ["4"],
        "time_of_day": "21:00",
        "starts_on": (timezone.localdate() + timedelta(days=14)).isoformat(),  # pinned "now"
        "count": "4",
    }


entry(
    "plan/series/",
    Check("get", lambda w: "/plan/series/", ANY_USER_PAGE),
    Check("post", lambda w: "/plan/series/", OWN_WRITE, _series_form),
)
entry(
    "plan/series/<int:pk>/",
    Check("get", lambda w: f"/plan/series/{first(Series, w.owner).pk}/", page()),
    Check("post", lambda w: f"/plan/series/{first(Series, w.owner).pk}/", WRITE, _series_form),
)
entry(
    "plan/series/<int:pk>/delete/",
    Check(
        "post",
        lambda w: f"/plan/series/{_held(w, 'series', first(Series, w.owner)).pk}/delete/",
        WRITE,
        lambda w: _revived(w, "series"),
    ),
)

# The 12-month plan


def _phase_form(w: World) -> dict:
    return {
        "name": "矩阵阶段",
        "start_month": "1",
        "end_month": "3",
        "follower_target": "100",
        "output_target": "6",
        "goals": "",
    }


entry("plan/twelve-months/", Check("get", lambda w: "/plan/twelve-months/", ANY_USER_PAGE))
entry(
    "plan/twelve-months/default/",
    # Everyone already has a plan (the owner's is refused with a message): 302 back.
    Check(
        "post",
        lambda w: "/plan/twelve-months/default/",
        OWN_WRITE,
        lambda w: {"plan_start": "2026-05-01"},
    ),
)
entry(
    "plan/twelve-months/start/",
    Check(
        "post",
        lambda w: "/plan/twelve-months/start/",
        OWN_WRITE,
        lambda w: {"plan_start": "2026-06-01"},
    ),
)
entry(
    "plan/twelve-months/phases/new/",
    Check("get", lambda w: "/plan/twelve-months/phases/new/", ANY_USER_PAGE),
    Check("post", lambda w: "/plan/twelve-months/phases/new/", OWN_WRITE, _phase_form),
)
entry(
    "plan/twelve-months/phases/<int:pk>/",
    Check("get", lambda w: f"/plan/twelve-months/phases/{first(PlanPhase, w.owner).pk}/", page()),
    Check(
        "post",
        lambda w: f"/plan/twelve-months/phases/{first(PlanPhase, w.owner).pk}/",
        WRITE,
        _phase_form,
    ),
)
entry(
    "plan/twelve-months/phases/<int:pk>/delete/",
    Check(
        "post",
        lambda w: (
            f"/plan/twelve-months/phases/{_held(w, 'phase', first(PlanPhase, w.owner)).pk}/delete/"
        ),
        WRITE,
        lambda w: _revived(w, "phase"),
    ),
)

# A coach's read-only view of a mentee's plan


def _path(suffix: str) -> str:
    return suffix.replace("<str:day>", "2026-06-17")


for suffix in ("", "week/", "board/", "day/<str:day>/"):
    entry(
        f"plan/mentees/<int:mentee_id>/{suffix}",
        Check("get", lambda w, s=suffix: f"/plan/mentees/{w.owner.pk}/{_path(s)}", MENTEE),
        # Nobody reaches the plan of a creator who has not invited them.
        Check(
            "get",
            lambda w, s=suffix: f"/plan/mentees/{w.other.pk}/{_path(s)}",
            Expect(404, 404, 404, 404, 302, 302),
        ),
    )
