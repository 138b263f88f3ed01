"""The channel's numbers page: choosing a source, its status with live progress, fetch now,
the note for platforms without a public API, answering unplanned publications once; and
the coach's view of a mentee's connector health."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from analytics.models import Publication
from calendar_app.models import Channel, ContentItem
from tests.analytics.connectors import point_at, serve
from tests.calendar_app.factories import ChannelFactory

pytestmark = pytest.mark.django_db


def page_url(channel: Channel) -> str:
    return reverse("analytics:channel_connector", args=[channel.pk])


def test_the_creator_connects_a_channel_and_the_key_is_shown_masked(owner, owner_client):
    channel = ChannelFactory(creator=owner, platform="youtube")
    response = owner_client.post(
        page_url(channel),
        {
            "source_kind": "youtube",
            "source_ref": "UC_x5XG1OV2P6uZZ5FSM9Ttw",
            "source_secret": "AIzaSy-secret-wxyz",
        },
    )
    assert response.status_code == 302

    html = owner_client.get(page_url(channel)).content.decode()

    assert "••••wxyz" in html and "AIzaSy-secret-wxyz" not in html
    assert "UC_x5XG1OV2P6uZZ5FSM9Ttw" in html and "Fetch now" in html


def test_a_bad_reference_is_shown_on_the_form_and_nothing_is_saved(owner, owner_client):
    channel = ChannelFactory(creator=owner)
    response = owner_client.post(
        page_url(channel), {"source_kind": "mastodon", "source_ref": "no-instance"}
    )
    assert response.status_code == 200
    assert "user@instance.example" in response.content.decode()
    channel.refresh_from_db()
    assert channel.source_kind == ""


def test_fetch_now_shows_live_progress_then_the_outcome(
    owner, owner_client, settings, httpserver, django_capture_on_commit_callbacks
):
    serve(httpserver, "devto")
    channel = ChannelFactory(creator=owner)
    owner_client.post(page_url(channel), point_at(settings, httpserver, "devto"))

    queued = owner_client.post(
        reverse("analytics:channel_fetch", args=[channel.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert 'hx-trigger="every 2s"' in queued and "waiting for its turn" in queued
    assert "<html" not in queued  # the status fragment only

    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(reverse("analytics:channel_fetch", args=[channel.pk]))
    polled = owner_client.get(page_url(channel), headers={"HX-Request": "true"}).content.decode()

    assert "every 2s" not in polled and "Last success" in polled
    assert "never yet" not in polled


def test_the_last_error_is_in_plain_words_in_chinese_too(owner, owner_client):
    channel = ChannelFactory(creator=owner)
    Channel.objects.filter(pk=channel.pk).update(
        source_kind="devto",
        source_ref="ferris",
        source_state="failing",
        source_last_error="not_found",
    )
    html = owner_client.get(page_url(channel)).content.decode()
    assert "was not found; check the reference" in html

    owner.language = "zh-hans"
    owner.save()
    html = owner_client.get(
        page_url(channel), headers={"Accept-Language": "zh-hans"}
    ).content.decode()
    assert "was not found" not in html


@pytest.mark.parametrize("platform", ["wechat", "zhihu"])
def test_platforms_without_a_public_api_say_so(owner, owner_client, platform):
    channel = ChannelFactory(creator=owner, platform=platform)
    html = owner_client.get(page_url(channel)).content.decode()
    assert 'id="no-public-api"' in html


def test_a_channel_with_an_api_has_no_such_note(owner, owner_client):
    channel = ChannelFactory(creator=owner, platform="github")
    assert 'id="no-public-api"' not in owner_client.get(page_url(channel)).content.decode()


def _unplanned(channel: Channel) -> Publication:
    return Publication.objects.create(
        creator=channel.creator,
        channel=channel,
        external_id="42",
        url="https://dev.to/ferris/unplanned",
        title="一篇没有计划的文章",
        published_at=datetime(2026, 6, 12, 8, tzinfo=UTC),
        state="unplanned",
        counts={"likes": 9, "comments": 2},
    )


def test_confirming_an_unplanned_publication_adds_it_once(owner, owner_client):
    channel = ChannelFactory(creator=owner)
    Channel.objects.filter(pk=channel.pk).update(source_kind="devto", source_ref="ferris")
    publication = _unplanned(channel)
    assert publication.title in owner_client.get(page_url(channel)).content.decode()
    confirm = reverse("analytics:publication_confirm", args=[publication.pk])

    owner_client.post(confirm)
    owner_client.post(confirm)
    owner_client.post(reverse("analytics:publication_dismiss", args=[publication.pk]))

    item = ContentItem.objects.get(creator=owner)
    assert (item.title, item.status, item.url) == (publication.title, "published", publication.url)
    assert item.metric_snapshots.get().likes == 9
    publication.refresh_from_db()
    assert publication.state == "confirmed" and publication.content_item == item
    assert (
        publication.title
        not in owner_client.get(page_url(channel)).content.decode().split('id="unplanned"')[1]
    )


def test_a_dismissed_publication_stays_dismissed(owner, owner_client):
    channel = ChannelFactory(creator=owner)
    publication = _unplanned(channel)
    owner_client.post(reverse("analytics:publication_dismiss", args=[publication.pk]))
    owner_client.post(reverse("analytics:publication_confirm", args=[publication.pk]))
    publication.refresh_from_db()
    assert publication.state == "dismissed" and not ContentItem.objects.exists()


def test_the_coach_sees_the_mentees_connector_health(owner, coach, client):
    ChannelFactory(creator=owner, source_kind="devto", source_ref="a", source_state="ok")
    ChannelFactory(
        creator=owner, source_kind="rss", source_ref="https://x.example/f", source_state="failing"
    )
    ChannelFactory(creator=owner)
    client.force_login(coach)

    html = client.get(reverse("analytics:growth_coach")).content.decode()

    cell = html.split('class="connector-health"')[1].split("</td>")[0]
    assert "1 failing" in cell and "of 2" in cell
    mentee = client.get("/api/v1/mentees/").json()["results"][0]
    assert (mentee["connectors"], mentee["connectors_failing"]) == (2, 1)


def test_the_coach_list_stays_one_query_however_many_channels(
    coach, client, django_assert_max_num_queries
):
    from tests.factories import CoachInvitationFactory, UserFactory

    for n in range(5):
        mentee = UserFactory(display_name=f"M{n}")
        CoachInvitationFactory(creator=mentee, coach=coach)
        for _ in range(3):
            ChannelFactory(creator=mentee, source_kind="devto", source_ref="a")
    client.force_login(coach)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("analytics:growth_coach")).status_code == 200
