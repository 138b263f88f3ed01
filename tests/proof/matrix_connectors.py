"""Authorization matrix entries for the platform connectors: the channel's numbers page,
its "fetch now", the answers to unplanned publications, and `channels/<id>/fetch/`.

Only the owner reaches their channel's connector; everyone else gets 404 (the coach too:
connector settings are the creator's own), anonymous visitors go to the login page (401 on
the API) and a read-only token may not ask for a fetch (403).
"""

from datetime import UTC, datetime

from analytics.models import Publication
from calendar_app.models import Channel
from tests.authz import Expect, api_write, page
from tests.proof.matrix import Check, World, entry, first

OWNER_POST = Expect(302, 404, 404, 404, 302, 302)


def _connected(w: World) -> Channel:
    """The owner's first channel, with a connector (the matrix test never commits, so the
    queued run never starts)."""
    channel = first(Channel, w.owner)
    Channel.objects.filter(pk=channel.pk).update(source_kind="devto", source_ref="matrix")
    return channel


def _publication(w: World) -> Publication:
    channel = _connected(w)
    publication, _ = Publication.objects.get_or_create(
        channel=channel,
        external_id="matrix-1",
        defaults={
            "creator": w.owner,
            "url": "https://dev.to/matrix/one",
            "title": "矩阵 one",
            "published_at": datetime(2026, 6, 1, tzinfo=UTC),
            "state": Publication.State.UNPLANNED,
        },
    )
    return publication


entry(
    "api/v1/channels/<int:pk>/fetch/",
    Check("post", lambda w: f"/api/v1/channels/{_connected(w).pk}/fetch/", api_write(202)),
)
entry(
    "growth/channels/<int:pk>/",
    Check("get", lambda w: f"/growth/channels/{_connected(w).pk}/", page()),
    Check(
        "post",
        lambda w: f"/growth/channels/{_connected(w).pk}/",
        OWNER_POST,
        data=lambda w: {"source_kind": "devto", "source_ref": "matrix"},
    ),
)
entry(
    "growth/channels/<int:pk>/fetch/",
    Check("post", lambda w: f"/growth/channels/{_connected(w).pk}/fetch/", OWNER_POST),
)
entry(
    "growth/publications/<int:pk>/confirm/",
    Check("post", lambda w: f"/growth/publications/{_publication(w).pk}/confirm/", OWNER_POST),
)
entry(
    "growth/publications/<int:pk>/dismiss/",
    Check("post", lambda w: f"/growth/publications/{_publication(w).pk}/dismiss/", OWNER_POST),
)
