"""Connectors follow their listings' pages as each platform documents them (Link rel="next",
nextPageToken, cursor, page numbers), at most CONNECTOR_MAX_PAGES, each page through the same
guarded request as the first, and never to another host."""

import json
from datetime import timedelta

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from analytics.models import Publication
from calendar_app.connectors.registry import CONNECTORS
from tests.analytics.connectors import CASES, FIXTURES, PLANNED_FOR, serve
from tests.analytics.test_connectors import beat, connect
from tests.calendar_app.factories import ContentItemFactory

pytestmark = pytest.mark.django_db

PAGES = json.loads((FIXTURES / "pages.json").read_text())


@pytest.fixture
def other_server():
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    server.stop()


def serve_pages(server, kind: str, monkeypatch, *, next_link: str | None = None) -> None:
    """The listing in pages of one post: page 1 says where page 2 is, page 2 is the last
    (dev.to tells it only by an empty page 3). Registered before the platform's other
    answers, so it wins for the listing's path."""
    spec = PAGES[kind]
    monkeypatch.setattr(CONNECTORS[kind], "max_posts", 1)  # one post a page, as served
    links = []
    if "next_link" in spec:
        links.append(f'<{next_link or server.url_for(spec["next_link"])}>; rel="next"')
    if "prev_link" in spec:
        links.append(f'<{server.url_for(spec["prev_link"])}>; rel="prev"')

    def answer(request: Request) -> Response:
        page = next(
            (
                name
                for name in ("page3", "page2")
                if f"{name}_when" in spec
                and all(request.args.get(k) == v for k, v in spec[f"{name}_when"].items())
            ),
            "page1",
        )
        second = page != "page1"
        body = spec[page]
        headers = {} if second or not links else {"Link": ", ".join(links)}
        return Response(json.dumps(body), content_type="application/json", headers=headers)

    server.expect_request(spec["listing"]).respond_with_handler(answer)
    serve(server, kind)


def listing_requests(server, kind: str) -> list[dict]:
    return [
        dict(request.args) for request, _ in server.log if request.path == PAGES[kind]["listing"]
    ]


def planned_piece(owner, channel, kind: str):
    return ContentItemFactory(
        creator=owner,
        channel=channel,
        title=CASES[kind].get("title", "understanding RUST lifetimes!"),
        status="draft",
        planned_for=PLANNED_FOR,
    )


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_the_second_page_is_read_and_matched(
    kind, owner, owner_api, httpserver, settings, commits, monkeypatch
):
    serve_pages(httpserver, kind, monkeypatch)
    channel = connect(owner_api, settings, httpserver, kind)
    planned = planned_piece(owner, channel, kind)

    beat(commits)

    asked = listing_requests(httpserver, kind)
    assert len(asked) == (3 if "page3" in PAGES[kind] else 2)
    assert all(k in asked[1] and asked[1][k] == v for k, v in PAGES[kind]["page2_when"].items())
    item = owner_api.get(f"/api/v1/content-items/{planned.pk}/").json()
    assert (item["status"], item["url"]) == ("published", CASES[kind]["url"])  # from page 2
    unplanned = Publication.objects.get(channel=channel, state="unplanned")
    assert "RustConf" in unplanned.title  # from page 1
    channel.refresh_from_db()
    assert (channel.source_state, channel.source_last_error) == ("ok", "")


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_the_page_cap_holds(kind, owner, owner_api, httpserver, settings, commits, monkeypatch):
    settings.CONNECTOR_MAX_PAGES = 1
    serve_pages(httpserver, kind, monkeypatch)
    channel = connect(owner_api, settings, httpserver, kind)
    planned = planned_piece(owner, channel, kind)

    beat(commits)

    assert len(listing_requests(httpserver, kind)) == 1
    assert owner_api.get(f"/api/v1/content-items/{planned.pk}/").json()["status"] == "draft"
    assert Publication.objects.filter(channel=channel).count() == 1


def test_a_later_run_stops_paging_at_posts_it_already_knows(
    owner, owner_api, httpserver, settings, commits, monkeypatch, pinned_now
):
    serve_pages(httpserver, "bluesky", monkeypatch)
    channel = connect(owner_api, settings, httpserver, "bluesky")
    beat(commits)
    assert len(listing_requests(httpserver, "bluesky")) == 2

    # Two months on: this run still reads both pages (its posts are newer than the last
    # success less the matching window), and it succeeds two months later than the first.
    pinned_now.shift(timedelta(days=60))
    type(channel).objects.filter(pk=channel.pk).update(source_next_run_at=PLANNED_FOR)
    beat(commits)
    assert len(listing_requests(httpserver, "bluesky")) == 4

    # The next run reaches posts older than that on page 1, and stops there.
    pinned_now.shift(timedelta(days=1))
    type(channel).objects.filter(pk=channel.pk).update(source_next_run_at=PLANNED_FOR)
    beat(commits)
    assert len(listing_requests(httpserver, "bluesky")) == 5
    channel.refresh_from_db()
    assert channel.source_state == "ok"
    assert Publication.objects.filter(channel=channel).count() == 2


@pytest.mark.parametrize("kind", ["github", "mastodon"])
@pytest.mark.parametrize("where", ["private", "other_host"])
def test_a_next_link_to_another_host_is_not_followed(
    kind, where, owner, owner_api, httpserver, other_server, settings, commits, monkeypatch
):
    other_server.expect_request(PAGES[kind]["listing"]).respond_with_json(PAGES[kind]["page2"])
    target = {
        "private": f"http://169.254.169.254{PAGES[kind]['next_link']}",
        "other_host": other_server.url_for(PAGES[kind]["next_link"]),
    }[where]
    serve_pages(httpserver, kind, monkeypatch, next_link=target)
    channel = connect(owner_api, settings, httpserver, kind)
    settings.CONNECTOR_ALLOW_PRIVATE_HOSTS = True  # even where private hosts are allowed
    planned = planned_piece(owner, channel, kind)

    beat(commits)

    assert other_server.log == []
    assert len(listing_requests(httpserver, kind)) == 1
    channel.refresh_from_db()
    assert (channel.source_state, channel.source_last_error) == ("ok", "")
    assert Publication.objects.filter(channel=channel).count() == 1  # page 1 stands
    assert owner_api.get(f"/api/v1/content-items/{planned.pk}/").json()["status"] == "draft"


def test_a_next_page_redirecting_to_a_private_address_is_refused(
    owner, owner_api, httpserver, settings, commits, monkeypatch
):
    settings.CONNECTOR_ALLOW_PRIVATE_HOSTS = False
    moved = "/repos/octocat/hello-world/releases/moved"
    httpserver.expect_request(moved).respond_with_data(
        "", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    serve_pages(httpserver, "github", monkeypatch, next_link=httpserver.url_for(moved))
    channel = connect(owner_api, settings, httpserver, "github")

    beat(commits)

    channel.refresh_from_db()
    assert (channel.source_state, channel.source_last_error) == ("failing", "private_host")
    assert [request.path for request, _ in httpserver.log].count(moved) == 1
