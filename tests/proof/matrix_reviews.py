"""Authorization matrix entries for the reviews (pages under `growth/reviews/`, the REST
`reviews/` and `mentees/<id>/reviews/`) and accounts' notification centre and reminder
preferences.

The rules: the owner works on their own reviews; another creator and a former coach get
404 for the owner's reviews; the active coach reads a review page, lists the mentee's
reviews and comments, and every other write of theirs is a 404. On the API a coach reads
a mentee's reviews only under `mentees/<id>/reviews/` (`reviews/` is the caller's own).
Checklist templates, notifications and reminder preferences are the visitor's own: every
signed-in user reaches theirs. Anonymous visitors go to the login page (401 on the API); a
read-only token reads the API, is refused every API write (403) and signs nobody in on
HTML pages.
"""

from accounts.models import Notification
from analytics.models import Review
from tests.authz import Expect, api_read, api_write, page
from tests.proof.matrix import ANY_USER_API, ANY_USER_PAGE, Check, World, entry, first

# The owner's review page: the owner and their active coach read it.
READABLE = page(owner=200, coach=200)
# A write on the owner's review: the owner is sent back to it, anyone else gets a 404.
WRITE = Expect(302, 404, 404, 404, 302, 302)
# A write on the visitor's own things: signed-in users are sent back to theirs, the rest
# to the login page.
OWN_WRITE = Expect(302, 302, 302, 302, 302, 302)
# A coach's read-only view of a mentee: only the active coach.
MENTEE = Expect(404, 404, 200, 404, 302, 302)
MENTEE_API = Expect(404, 404, 200, 404, 401, 404)
# Nobody reaches what a creator who has not invited them owns.
NOBODY = Expect(404, 404, 404, 404, 302, 302)
NOBODY_API = Expect(404, 404, 404, 404, 401, 404)
# A method the endpoint does not offer (the token's 403 comes first: it may not write).
NOT_ALLOWED = Expect(405, 405, 405, 405, 401, 403)


def _open(w: World) -> Review:
    """The owner's open review (last week's, from the demo seed)."""
    return first(Review, w.owner, completed_at__isnull=True, prepared_at__isnull=False)


def _done(w: World) -> Review:
    """The owner's completed review (it has a next focus, so ideas can be made from it)."""
    return first(Review, w.owner, completed_at__isnull=False)


def _foreign(w: World) -> Review:
    return first(Review, w.other)


def _notification(w: World) -> Notification:
    """The owner's notification of the coach's comment on their review (the demo seed)."""
    row = Notification.objects.filter(recipient=w.owner).order_by("pk").first()
    assert row is not None, "the demo seed made no notification for the owner"
    return row


# The visitor's own reviews and templates

entry(
    "growth/reviews/",
    Check("get", lambda w: "/growth/reviews/", ANY_USER_PAGE),
    Check("get", lambda w: "/growth/reviews/?q=vLLM&kind=weekly", ANY_USER_PAGE),
)
entry("growth/reviews/panel/", Check("get", lambda w: "/growth/reviews/panel/", ANY_USER_PAGE))
entry(
    "growth/reviews/templates/",
    Check("get", lambda w: "/growth/reviews/templates/", ANY_USER_PAGE),
    # Adding an item edits the visitor's own template; the page is shown again.
    Check(
        "post",
        lambda w: "/growth/reviews/templates/",
        ANY_USER_PAGE,
        lambda w: {"text": "回看评论区的提问"},
    ),
)
entry(
    "growth/reviews/templates/<str:kind>/",
    Check("get", lambda w: "/growth/reviews/templates/monthly/", ANY_USER_PAGE),
    Check(
        "post",
        lambda w: "/growth/reviews/templates/monthly/",
        ANY_USER_PAGE,
        lambda w: {"text": "整理本月的选题"},
    ),
)
entry(
    "growth/reviews/templates/<str:kind>/items/<int:position>/",
    Check(
        "post",
        lambda w: "/growth/reviews/templates/weekly/items/1/",
        OWN_WRITE,
        lambda w: {"action": "down"},
    ),
    Check(
        "post",
        lambda w: "/growth/reviews/templates/weekly/items/0/",
        OWN_WRITE,
        lambda w: {"action": "remove"},
    ),
)

# One review of the owner's

entry(
    "growth/reviews/<int:pk>/",
    Check("get", lambda w: f"/growth/reviews/{_open(w).pk}/", READABLE),
    Check("get", lambda w: f"/growth/reviews/{_done(w).pk}/", READABLE),
    Check(
        "get", lambda w: f"/growth/reviews/{_foreign(w).pk}/", Expect(404, 200, 404, 404, 302, 302)
    ),
)
entry(
    "growth/reviews/<int:pk>/items/<int:item_id>/",
    Check(
        "post",
        lambda w: f"/growth/reviews/{_open(w).pk}/items/{_open(w).items.first().pk}/",
        WRITE,
        lambda w: {"done": "1"},
    ),
    # The owner's review with another creator's item: the owner is told there is no such
    # item (and the item is not touched); the rest never reach the review.
    Check(
        "post",
        lambda w: f"/growth/reviews/{_open(w).pk}/items/{_foreign(w).items.first().pk}/",
        WRITE,
        lambda w: {"done": "1"},
    ),
)
entry(
    "growth/reviews/<int:pk>/reflection/",
    Check(
        "post",
        lambda w: f"/growth/reviews/{_open(w).pk}/reflection/",
        WRITE,
        lambda w: {"went_well": "写完了长文", "went_badly": "", "next_focus": "压测方法"},
    ),
)
entry(
    "growth/reviews/<int:pk>/reopen/",
    Check("post", lambda w: f"/growth/reviews/{_done(w).pk}/reopen/", WRITE),
)
entry(
    "growth/reviews/<int:pk>/refresh/",
    Check("post", lambda w: f"/growth/reviews/{_done(w).pk}/refresh/", WRITE),
)
entry(
    "growth/reviews/<int:pk>/ideas/",
    Check("post", lambda w: f"/growth/reviews/{_done(w).pk}/ideas/", WRITE),
)
entry(
    "growth/reviews/<int:pk>/comments/",
    Check(
        "post",
        lambda w: f"/growth/reviews/{_done(w).pk}/comments/",
        Expect(302, 404, 302, 404, 302, 302),
        lambda w: {"body": "这周节奏不错"},
    ),
)

# A coach's read-only list of a mentee's reviews

entry(
    "growth/mentees/<int:mentee_id>/reviews/",
    Check("get", lambda w: f"/growth/mentees/{w.owner.pk}/reviews/", MENTEE),
    Check("get", lambda w: f"/growth/mentees/{w.other.pk}/reviews/", NOBODY),
)

# REST: the caller's own reviews

entry(
    "api/v1/reviews/",
    Check("get", lambda w: "/api/v1/reviews/", ANY_USER_API),
    Check("get", lambda w: "/api/v1/reviews/?kind=weekly&search=vLLM", ANY_USER_API),
)
entry(
    "api/v1/reviews/<pk>/",
    Check("get", lambda w: f"/api/v1/reviews/{_open(w).pk}/", api_read(coach=404)),
    Check(
        "patch",
        lambda w: f"/api/v1/reviews/{_open(w).pk}/",
        api_write(),
        lambda w: {
            "reflection": {"went_well": "按时发布"},
            "items": [{"id": _open(w).items.first().pk, "done": True}],
        },
    ),
    # Reviews are opened by the schedule, never deleted nor replaced whole.
    Check("put", lambda w: f"/api/v1/reviews/{_open(w).pk}/", NOT_ALLOWED, lambda w: {}),
    Check("delete", lambda w: f"/api/v1/reviews/{_open(w).pk}/", NOT_ALLOWED),
)

# REST: a coach's read-only view of a mentee's reviews

entry(
    "api/v1/mentees/<int:mentee_id>/reviews/",
    Check("get", lambda w: f"/api/v1/mentees/{w.owner.pk}/reviews/", MENTEE_API),
    Check("get", lambda w: f"/api/v1/mentees/{w.other.pk}/reviews/", NOBODY_API),
)
entry(
    "api/v1/mentees/<int:mentee_id>/reviews/<int:pk>/",
    Check("get", lambda w: f"/api/v1/mentees/{w.owner.pk}/reviews/{_done(w).pk}/", MENTEE_API),
    # Another creator's review under the coach's mentee is not found either.
    Check(
        "get",
        lambda w: f"/api/v1/mentees/{w.owner.pk}/reviews/{_foreign(w).pk}/",
        NOBODY_API,
    ),
    Check(
        "patch",
        lambda w: f"/api/v1/mentees/{w.owner.pk}/reviews/{_done(w).pk}/",
        NOT_ALLOWED,
        lambda w: {"reflection": {"went_well": "教练改的"}},
    ),
)

# The notification centre and reminder preferences (the visitor's own)

entry("notifications/", Check("get", lambda w: "/notifications/", ANY_USER_PAGE))
entry("notifications/count/", Check("get", lambda w: "/notifications/count/", ANY_USER_PAGE))
entry(
    "notifications/<int:pk>/open/",
    Check("post", lambda w: f"/notifications/{_notification(w).pk}/open/", WRITE),
)
entry("notifications/read-all/", Check("post", lambda w: "/notifications/read-all/", OWN_WRITE))
entry(
    "settings/reminders/",
    Check(
        "post",
        lambda w: "/settings/reminders/",
        OWN_WRITE,
        lambda w: {
            "reviews_enabled": "on",
            "review_weekday": "6",
            "content_due_lead_hours": "48",
            "stale_draft_days": "10",
            "quiet_hours_start": "22:00",
            "quiet_hours_end": "07:30",
            "email_review_due": "on",
        },
    ),
)
