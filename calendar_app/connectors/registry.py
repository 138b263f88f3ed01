"""Every connector by its `Channel.Source` kind."""

from .base import Connector
from .bilibili import BilibiliConnector
from .bluesky import BlueskyConnector
from .devto import DevtoConnector
from .github import GitHubConnector
from .mastodon import MastodonConnector
from .rss import RssConnector
from .youtube import YouTubeConnector

CONNECTORS: dict[str, Connector] = {
    connector.kind: connector
    for connector in (
        RssConnector(),
        GitHubConnector(),
        YouTubeConnector(),
        BilibiliConnector(),
        MastodonConnector(),
        BlueskyConnector(),
        DevtoConnector(),
    )
}
