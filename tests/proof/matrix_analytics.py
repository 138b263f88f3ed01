"""Authorization matrix entries for growth analytics: the pages under `growth/` (but the
reviews, see `matrix_reviews.py`) and the REST `growth/`, `metric-snapshots/`,
`time-entries/`, `income-entries/` and `mentees/<id>/growth/`.

The rules: the owner records and deletes their own numbers, time and income; another
creator and a former coach get 404 for the owner's rows; the active coach reads the
mentee's numbers (`growth/mentees/<id>/`, API objects and lists, `mentees/<id>/growth/`)
and every write of theirs on the owner's rows is refused (404, or a 400 when they name the
owner's channel in a form or payload of their own). Dashboards, lists, exports, the import
and the create forms are about the visitor's own numbers: every signed-in user reaches
theirs. Anonymous visitors go to the login page (401 on the API); a read-only token reads
the API, is refused every API write (403) and signs nobody in on HTML pages.
"""

from datetime import date

from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile

from analytics.models import COUNTERS, IncomeEntry, MetricSnapshot, TimeEntry
from calendar_app.models import Channel
from tests.authz import Expect, api_read, api_write
from tests.proof.matrix import ANY_USER_API, ANY_USER_PAGE, Check, World, entry, first

# HTML pages

# A coach's read-only view of a mentee: only the active coach.
MENTEE = Expect(404, 404, 200, 404, 302, 302)
# Nobody reaches the numbers of a creator who has not invited them.
NOBODY = Expect(404, 404, 404, 404, 302, 302)
# A write on the owner's row: the owner is sent back to the list, anyone else gets a 404.
WRITE = Expect(302, 404, 404, 404, 302, 302)
# A write on the visitor's own numbers: signed-in users are sent back to theirs, the rest
# to the login page.
OWN_WRITE = Expect(302, 302, 302, 302, 302, 302)
# A form of the visitor's own naming the owner's channel: the owner's is saved (302), for
# anyone else the form is shown again with an error (200).
FOREIGN_CHOICE = Expect(302, 200, 200, 200, 302, 302)

# The REST API

MENTEE_API = Expect(404, 404, 200, 404, 401, 404)
NOBODY_API = Expect(404, 404, 404, 404, 401, 404)
# Every signed-in user records rows of their own; a read-only token may not.
API_CREATE = Expect(201, 201, 201, 201, 401, 403)
# A payload naming the owner's channel: only the owner's is valid, the rest get a 400.
API_FOREIGN_CHOICE = Expect(201, 400, 400, 400, 401, 403)
API_DELETE = Expect(204, 404, 404, 404, 401, 403)
# A method the endpoint does not offer (the token's 403 comes first: it may not write).
NOT_ALLOWED = Expect(405, 405, 405, 405, 401, 403)

CSV_HEADER = ",".join(["channel", "content_item", "captured_at", *COUNTERS]) + "\n"


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


def _channel(w: World) -> Channel:
    return first(Channel, w.owner)


def _snapshot(w: World) -> MetricSnapshot:
    """One of the owner's channel-level numbers (the demo seed's 90 days)."""
    return first(MetricSnapshot, w.owner, content_item__isnull=True)


def _csv(w: World) -> SimpleUploadedFile:
    """A fresh upload naming the owner's channel by id (no one else's channel has that id)."""
    text = CSV_HEADER + f"{_channel(w).pk},,2025-03-01,1200,,,,,\n"
    return SimpleUploadedFile("numbers.csv", text.encode(), content_type="text/csv")


def _owner_import_token(w: World) -> dict:
    """The token of the owner's pending import, read from their session as the page would
    have shown it (the preview check ran just before); every role posts it.

    The owner confirms their own preview; for everyone else the token is the owner's, not
    one of their session's, so nothing is imported under them. From the second role on,
    the owner's confirm (the first request) is checked to have saved the previewed row.
    """
    if "import_token" in w.extra:
        imported = MetricSnapshot.objects.filter(
            creator=w.owner, channel=_channel(w), captured_on=date(2025, 3, 1), followers=1200
        )
        assert imported.exists(), "the owner's confirm did not save the previewed row"
    else:
        for session in Session.objects.all():
            data = session.get_decoded()
            if data.get("_auth_user_id") == str(w.owner.pk) and "growth_import" in data:
                w.extra["import_token"] = data["growth_import"]["token"]
        assert "import_token" in w.extra, "the owner's preview left no pending import"
    return {"token": w.extra["import_token"]}


def _snapshot_payload(w: World, **changes) -> dict:
    return {
        "channel": _channel(w).pk,
        "content_item": None,
        "captured_at": "2025-02-01T12:00:00Z",
        "followers": 42,
        **changes,
    }


def _time_form(w: World) -> dict:
    return {"spent_on": "2026-04-01", "activity": "creation", "hours": 1.5, "note": "矩阵"}


def _income_form(w: World) -> dict:
    return {"received_on": "2026-04-01", "route": "courses", "amount": 99.00, "note": "矩阵"}


def _factors_form(w: World) -> dict:
    return {
        "k_creation": "0.8",
        "k_promotion": "0.6",
        "k_monetisation": "0.5",
        "k_technical": "1",
        "k_quality": "1",
        "k_interaction": "1",
        "k_exposure": "1",
        "k_frequency": "1.2",
        "k_monetisation_ip": "1",
        "k_overall": "4",
    }


# The visitor's own dashboards, lists and exports

entry("growth/", Check("get", lambda w: "/growth/", ANY_USER_PAGE))
entry(
    "growth/coach/",
    Check("get", lambda w: "/growth/coach/", ANY_USER_PAGE),
    Check("get", lambda w: "/growth/coach/?sort=followers", ANY_USER_PAGE),
)
entry("growth/export/all.json", Check("get", lambda w: "/growth/export/all.json", ANY_USER_PAGE))
entry(
    "growth/export/metrics.csv",
    Check("get", lambda w: "/growth/export/metrics.csv", ANY_USER_PAGE),
)
entry(
    "growth/recompute/",
    Check("post", lambda w: "/growth/recompute/", OWN_WRITE),
)
entry(
    "growth/factors/",
    Check("get", lambda w: "/growth/factors/", ANY_USER_PAGE),
    Check("post", lambda w: "/growth/factors/", OWN_WRITE, _factors_form),
)

# A coach's read-only view of a mentee's dashboard

entry(
    "growth/mentees/<int:pk>/",
    Check("get", lambda w: f"/growth/mentees/{w.owner.pk}/", MENTEE),
    Check("get", lambda w: f"/growth/mentees/{w.other.pk}/", NOBODY),
)

# Numbers (snapshots)

entry(
    "growth/snapshots/",
    Check("get", lambda w: "/growth/snapshots/", ANY_USER_PAGE),
    Check(
        "post",
        lambda w: "/growth/snapshots/",
        FOREIGN_CHOICE,
        lambda w: {"channel": _channel(w).pk, "captured_at": "2025-03-01T21:00", "followers": "7"},
    ),
)
entry(
    "growth/snapshots/<int:pk>/delete/",
    Check(
        "post",
        lambda w: f"/growth/snapshots/{_held(w, 'snapshot', _snapshot(w)).pk}/delete/",
        WRITE,
        lambda w: _revived(w, "snapshot"),
    ),
)
entry(
    "growth/snapshots/template.csv",
    Check("get", lambda w: "/growth/snapshots/template.csv", ANY_USER_PAGE),
)
entry(
    "growth/snapshots/import/",
    Check("get", lambda w: "/growth/snapshots/import/", ANY_USER_PAGE),
    # The owner sees a preview of their rows; anyone else the page again with the error
    # that the owner's channel is unknown to them.
    Check(
        "post", lambda w: "/growth/snapshots/import/", ANY_USER_PAGE, lambda w: {"file": _csv(w)}
    ),
)
entry(
    "growth/snapshots/import/confirm/",
    # Every role previews first (their session keeps what they previewed); then each posts
    # the owner's token: the owner's import is saved, the rest are sent back to upload again.
    Check(
        "post", lambda w: "/growth/snapshots/import/", ANY_USER_PAGE, lambda w: {"file": _csv(w)}
    ),
    Check("post", lambda w: "/growth/snapshots/import/confirm/", OWN_WRITE, _owner_import_token),
)

# Time and income

for kind, model, form in (("time", TimeEntry, _time_form), ("income", IncomeEntry, _income_form)):
    entry(
        f"growth/{kind}/",
        Check("get", lambda w, k=kind: f"/growth/{k}/", ANY_USER_PAGE),
        Check("post", lambda w, k=kind: f"/growth/{k}/", OWN_WRITE, form),
    )
    entry(
        f"growth/{kind}/<int:pk>/delete/",
        Check(
            "post",
            lambda w, k=kind, m=model: f"/growth/{k}/{_held(w, k, first(m, w.owner)).pk}/delete/",
            WRITE,
            lambda w, k=kind: _revived(w, k),
        ),
    )

# REST: the caller's own growth document, a coach's view of a mentee's

entry(
    "api/v1/growth/",
    Check("get", lambda w: "/api/v1/growth/", ANY_USER_API),
    Check("post", lambda w: "/api/v1/growth/", NOT_ALLOWED, lambda w: {}),
)
entry(
    "api/v1/mentees/<pk>/growth/",
    Check("get", lambda w: f"/api/v1/mentees/{w.owner.pk}/growth/", MENTEE_API),
    Check("get", lambda w: f"/api/v1/mentees/{w.other.pk}/growth/", NOBODY_API),
)

# REST: snapshots

SNAPSHOTS = "/api/v1/metric-snapshots/"

entry(
    "api/v1/metric-snapshots/",
    Check("get", lambda w: SNAPSHOTS, ANY_USER_API),
    # Filtering by the owner's channel finds the owner's rows for the owner and their coach
    # only; the list is never a way into another creator's numbers.
    Check("get", lambda w: f"{SNAPSHOTS}?channel={_channel(w).pk}", ANY_USER_API),
    Check("post", lambda w: SNAPSHOTS, API_FOREIGN_CHOICE, _snapshot_payload),
)
entry(
    "api/v1/metric-snapshots/<pk>/",
    Check("get", lambda w: f"{SNAPSHOTS}{_snapshot(w).pk}/", api_read()),
    Check("patch", lambda w: f"{SNAPSHOTS}{_snapshot(w).pk}/", api_write(), lambda w: {"views": 3}),
    Check(
        "put",
        lambda w: f"{SNAPSHOTS}{_snapshot(w).pk}/",
        api_write(),
        lambda w: _snapshot_payload(
            w,
            channel=_snapshot(w).channel_id,
            captured_at=_snapshot(w).captured_at.isoformat(),
            followers=_snapshot(w).followers + 1,
        ),
    ),
    Check(
        "delete",
        lambda w: f"{SNAPSHOTS}{_held(w, 'api-snapshot', _snapshot(w)).pk}/",
        API_DELETE,
        lambda w: _revived(w, "api-snapshot"),
    ),
)
entry(
    "api/v1/metric-snapshots/bulk/",
    Check(
        "post",
        lambda w: f"{SNAPSHOTS}bulk/",
        API_FOREIGN_CHOICE,
        lambda w: [_snapshot_payload(w), _snapshot_payload(w, captured_at="2025-02-02T12:00:00Z")],
    ),
)
entry(
    "api/v1/metric-snapshots/import/",
    # A dry run writes nothing but is still a write for the token.
    Check(
        "post",
        lambda w: f"{SNAPSHOTS}import/?dry_run=1",
        Expect(200, 400, 400, 400, 401, 403),
        lambda w: {"file": _csv(w)},
        format="multipart",
    ),
    Check(
        "post",
        lambda w: f"{SNAPSHOTS}import/",
        API_FOREIGN_CHOICE,
        lambda w: {"file": _csv(w)},
        format="multipart",
    ),
)

# REST: time and income entries (create, read, delete; never edited in place)

for endpoint, model, form in (
    ("time-entries", TimeEntry, _time_form),
    ("income-entries", IncomeEntry, _income_form),
):
    entry(
        f"api/v1/{endpoint}/",
        Check("get", lambda w, e=endpoint: f"/api/v1/{e}/", ANY_USER_API),
        Check("post", lambda w, e=endpoint: f"/api/v1/{e}/", API_CREATE, form),
    )
    entry(
        f"api/v1/{endpoint}/<pk>/",
        Check(
            "get", lambda w, e=endpoint, m=model: f"/api/v1/{e}/{first(m, w.owner).pk}/", api_read()
        ),
        Check(
            "patch",
            lambda w, e=endpoint, m=model: f"/api/v1/{e}/{first(m, w.owner).pk}/",
            NOT_ALLOWED,
            lambda w: {"note": "改过"},
        ),
        Check(
            "delete",
            lambda w, e=endpoint, m=model: (
                f"/api/v1/{e}/{_held(w, f'api-{e}', first(m, w.owner)).pk}/"
            ),
            API_DELETE,
            lambda w, e=endpoint: _revived(w, f"api-{e}"),
        ),
    )
