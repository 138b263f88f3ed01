"""Factories and fixtures for the sync, feed, import/export and webhook tests.

Kept apart from tests/calendar_app/conftest.py and factories.py, which the planning pages own;
test modules import what they use from here.
"""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import factory
import pytest
from django.utils import timezone

from calendar_app.models import Channel
from tests.calendar_app import factories as base


class TopicFactory(base.TopicFactory):
    name = factory.Sequence(lambda n: f"主题 {n}")


class ChannelFactory(base.ChannelFactory):
    platform = Channel.Platform.ZHIHU
    name = factory.Sequence(lambda n: f"知乎专栏 {n}")


class ContentItemFactory(base.ContentItemFactory):
    title = factory.Sequence(lambda n: f"深入理解 Rust 所有权 第{n}篇")
    planned_for = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))


@pytest.fixture
def item(owner):
    return ContentItemFactory(creator=owner)


class Receiver:
    """A webhook receiver on 127.0.0.1: records requests, answers with queued status codes."""

    def __init__(self):
        self.requests: list[dict] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                code = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def json(self, index: int = -1) -> dict:
        return json.loads(self.requests[index]["body"])


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = True
    server = Receiver()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()
