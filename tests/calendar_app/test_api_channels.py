import pytest

from calendar_app.models import Channel, ContentItem
from tests.calendar_app.sync_fixtures import ChannelFactory, ContentItemFactory

pytestmark = pytest.mark.django_db

CHANNELS = "/api/v1/channels/"


def test_owner_creates_and_lists_channels(owner_api, owner, other_creator):
    ChannelFactory(creator=other_creator)

    response = owner_api.post(
        CHANNELS, {"platform": "bilibili", "name": "B站技术区", "role": "video"}
    )

    assert response.status_code == 201
    assert response["ETag"] == '"1"'
    assert [row["name"] for row in owner_api.get(CHANNELS).json()["results"]] == ["B站技术区"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"platform": "myspace"}, "platform"),
        ({"role": "vanity"}, "role"),
        ({"url": "not a url"}, "url"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_channel_input_names_the_field(owner_api, payload, field):
    response = owner_api.post(CHANNELS, {"platform": "blog", "name": "博客", **payload})

    assert response.status_code == 400
    assert field in response.json()


def test_filter_search_and_order_channels(owner_api, owner):
    ChannelFactory(creator=owner, platform="zhihu", name="知乎 B")
    ChannelFactory(creator=owner, platform="zhihu", name="知乎 A")
    ChannelFactory(creator=owner, platform="github", name="GitHub")

    rows = owner_api.get(CHANNELS, {"platform": "zhihu", "ordering": "name"}).json()["results"]
    found = owner_api.get(CHANNELS, {"search": "知乎"}).json()["count"]

    assert [row["name"] for row in rows] == ["知乎 A", "知乎 B"]
    assert found == 2


def test_stale_if_match_on_a_channel_is_412(owner_api, owner):
    channel = ChannelFactory(creator=owner)
    owner_api.patch(f"{CHANNELS}{channel.pk}/", {"name": "新名字"})

    response = owner_api.patch(f"{CHANNELS}{channel.pk}/", {"name": "旧"}, HTTP_IF_MATCH='"1"')

    assert response.status_code == 412
    channel.refresh_from_db()
    assert channel.name == "新名字"


def test_deleting_a_channel_bumps_its_items_versions(owner_api, owner):
    channel = ChannelFactory(creator=owner)
    item = ContentItemFactory(creator=owner, channel=channel)

    owner_api.delete(f"{CHANNELS}{channel.pk}/")

    item.refresh_from_db()
    assert item.channel is None and item.version == 2
    assert not Channel.objects.filter(pk=channel.pk).exists()
    assert ContentItem.objects.filter(pk=item.pk).exists()
