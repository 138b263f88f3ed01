"""`/mcp/`: the MCP Streamable HTTP endpoint, served by a Django view that bridges to the SDK.

The view is a DRF view, so an MCP call goes through exactly what an API call goes through:
Django's middleware (security headers, CSP), the same bearer authentication (personal or
OAuth token; no session, so no CSRF exposure), and the same per-token throttle. It then hands
the request to the SDK's Streamable HTTP transport as an ASGI request, in stateless mode with
JSON responses, and returns its answer as a Django response: every POST answers with one JSON
body, and as there are no sessions to resume or end, GET (the optional event stream) and DELETE
answer 405, as the transport allows. So it runs under any Django server, WSGI (gunicorn sync
workers, runserver) or ASGI, with nothing mounted beside Django.
"""

import anyio
from asgiref.sync import async_to_sync
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from accounts.authentication import BearerTokenAuthentication
from accounts.tokens import token_scope

from .server import CURRENT, server
from .tools import Principal

MAX_BODY = 1024 * 1024
# Headers the transport sets that Django or the server manage themselves.
SKIPPED_HEADERS = {"content-length", "connection", "transfer-encoding", "date", "server"}


class _RawParser(BaseParser):
    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        return None


class _TransportNegotiation(BaseContentNegotiation):
    """The SDK's transport answers `Accept` itself; DRF only renders its own errors (401, 405,
    429), always as JSON."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def _scope(request, body: bytes) -> dict:
    headers = [
        (name.lower().encode("latin-1"), value.encode("latin-1"))
        for name, value in request.headers.items()
    ]
    host, _, port = request.get_host().rpartition(":")
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": request.method,
        "scheme": request.scheme,
        "path": request.path,
        "raw_path": request.path.encode(),
        "query_string": request.META.get("QUERY_STRING", "").encode("latin-1"),
        "root_path": "",
        "headers": headers,
        "server": (host or request.get_host(), int(port) if port.isdigit() else 80),
        "client": (request.META.get("REMOTE_ADDR", ""), 0),
    }


async def _serve(scope: dict, body: bytes, principal: Principal) -> tuple[int, list, bytes]:
    answer = {"status": 500, "headers": [], "body": []}
    delivered = anyio.Event()

    async def receive() -> dict:
        if not delivered.is_set():
            delivered.set()
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
            answer["headers"] = message.get("headers", [])
        elif message["type"] == "http.response.body":
            answer["body"].append(message.get("body", b""))

    CURRENT.set(principal)
    manager = StreamableHTTPSessionManager(
        app=server._lowlevel_server,  # the SDK's documented way to mount an MCPServer
        json_response=True,
        stateless=True,
        max_request_body_size=MAX_BODY,
    )
    async with manager.run():
        await manager.handle_request(scope, receive, send)
    return answer["status"], answer["headers"], b"".join(answer["body"])


@extend_schema(exclude=True)
class McpView(APIView):
    """The MCP endpoint; the tools check the token's scope themselves (a read is a POST too)."""

    authentication_classes = [BearerTokenAuthentication]
    permission_classes = [IsAuthenticated]
    parser_classes = [_RawParser]
    content_negotiation_class = _TransportNegotiation

    def handle(self, request):
        body = request.body
        principal = Principal(user=request.user, scope=token_scope(request.auth))
        status, headers, content = async_to_sync(_serve)(_scope(request, body), body, principal)
        response = HttpResponse(content, status=status)
        for name, value in headers:
            name = name.decode("latin-1")
            if name.lower() not in SKIPPED_HEADERS:
                response[name] = value.decode("latin-1")
        return response

    def post(self, request):
        return self.handle(request)
