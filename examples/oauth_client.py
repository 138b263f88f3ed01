#!/usr/bin/env python3
"""Connect to Sweetspot the OAuth 2 way (authorization code + PKCE), then sync the plan.

Usage:
    pip install authlib==1.9.10 requests
    python examples/oauth_client.py --base-url https://sweetspot.example.com --state plan.json

The first run discovers the server (RFC 8414 metadata at /.well-known/oauth-authorization-server),
registers itself as a public client (RFC 7591: no secret, a loopback redirect URI), opens the
browser at the consent page, receives the code on http://127.0.0.1:<port>/callback, exchanges it
with its PKCE verifier (S256) and keeps the client id and tokens in `<state>.oauth.json`. Later
runs reuse them and refresh the access token when it has expired (Sweetspot rotates refresh
tokens: the new one replaces the old, which stops working). Then it syncs the content plan
into `--state` exactly as examples/sync_client.py does with a personal token.

It uses Authlib's OAuth 2 client (requests integration) for the protocol.
"""

import argparse
import http.server
import json
import secrets
import sys
import threading
import time
import urllib.parse
import webbrowser
from pathlib import Path

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sync_client import report, sync

TIMEOUT_SECONDS = 30
CLIENT_NAME = "Sweetspot example sync (OAuth)"


def discover(base_url: str) -> dict:
    """The authorization server's RFC 8414 metadata."""
    url = base_url.rstrip("/") + "/.well-known/oauth-authorization-server"
    response = requests.get(url, timeout=TIMEOUT_SECONDS)
    response.raise_for_status()
    return response.json()


def register(metadata: dict, redirect_uri: str, name: str = CLIENT_NAME) -> str:
    """Register a public client (RFC 7591) and return its client id."""
    response = requests.post(
        metadata["registration_endpoint"],
        json={
            "client_name": name,
            "redirect_uris": [redirect_uri],
            "grant_types": ["authorization_code", "refresh_token"],
            "token_endpoint_auth_method": "none",
        },
        timeout=TIMEOUT_SECONDS,
    )
    response.raise_for_status()
    return response.json()["client_id"]


def session_for(client_id: str, redirect_uri: str, scope: str = "read", token=None):
    return OAuth2Session(
        client_id,
        redirect_uri=redirect_uri,
        scope=scope,
        token=token,
        code_challenge_method="S256",
        token_endpoint_auth_method="none",
    )


def authorization_url(session: OAuth2Session, metadata: dict) -> tuple[str, str, str]:
    """(URL to open in the browser, state, PKCE code verifier)."""
    verifier = generate_token(64)
    url, state = session.create_authorization_url(
        metadata["authorization_endpoint"], code_verifier=verifier, state=secrets.token_urlsafe(16)
    )
    return url, state, verifier


def exchange(session: OAuth2Session, metadata: dict, callback_url: str, state: str, verifier: str):
    """Check the callback (state, and the issuer against mix-up, RFC 9207), then fetch tokens."""
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(callback_url).query))
    if query.get("state") != state:
        raise RuntimeError("the callback's state does not match: not our request")
    if "iss" in query and query["iss"] != metadata["issuer"]:
        raise RuntimeError("the callback came from another authorization server")
    if "error" in query:
        raise RuntimeError(f"authorization refused: {query['error']}")
    return session.fetch_token(
        metadata["token_endpoint"], code=query["code"], code_verifier=verifier
    )


def fresh_token(session: OAuth2Session, metadata: dict) -> dict:
    """The session's token, refreshed (and so rotated) if it has expired."""
    token = session.token
    if token.get("expires_at") and token["expires_at"] - 30 < time.time():
        token = session.refresh_token(
            metadata["token_endpoint"], refresh_token=token["refresh_token"]
        )
    return token


class CallbackReceiver:
    """A one-shot HTTP server on a loopback port that waits for the redirect with the code."""

    def __init__(self, port: int = 0):
        self.url: str | None = None
        self._done = threading.Event()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                receiver.url = f"http://127.0.0.1:{receiver.port}{self.path}"
                receiver._done.set()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.end_headers()
                self.wfile.write(b"Sweetspot is connected. You can close this tab.\n")

            def log_message(self, *args):
                pass

        self._server = http.server.HTTPServer(("127.0.0.1", port), Handler)
        self.port = self._server.server_address[1]
        self.redirect_uri = f"http://127.0.0.1:{self.port}/callback"
        threading.Thread(target=self._server.handle_request, daemon=True).start()

    def wait(self, timeout: float = 300) -> str:
        if not self._done.wait(timeout):
            raise TimeoutError("no answer from the browser")
        self._server.server_close()
        return self.url or ""


def connect(base_url: str, oauth_path: Path, scope: str = "read") -> tuple[OAuth2Session, dict]:
    """A session with a live token: from the saved file, or through the browser."""
    metadata = discover(base_url)
    saved = json.loads(oauth_path.read_text(encoding="utf-8")) if oauth_path.exists() else {}
    if saved.get("token"):
        session = session_for(saved["client_id"], saved["redirect_uri"], scope, saved["token"])
        saved["token"] = dict(fresh_token(session, metadata))
    else:
        receiver = CallbackReceiver(port=saved.get("port", 0))
        client_id = saved.get("client_id") or register(metadata, receiver.redirect_uri)
        session = session_for(client_id, receiver.redirect_uri, scope)
        url, state, verifier = authorization_url(session, metadata)
        print(f"Opening {url}")
        webbrowser.open(url)
        token = exchange(session, metadata, receiver.wait(), state, verifier)
        saved = {
            "client_id": client_id,
            "redirect_uri": receiver.redirect_uri,
            "port": receiver.port,
            "token": dict(token),
        }
    oauth_path.write_text(json.dumps(saved, indent=2), encoding="utf-8")
    return session, saved["token"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True, help="e.g. https://sweetspot.example.com")
    parser.add_argument("--state", type=Path, default=Path("sweetspot-plan.json"))
    args = parser.parse_args(argv)
    oauth_path = args.state.with_suffix(args.state.suffix + ".oauth.json")
    try:
        _, token = connect(args.base_url, oauth_path)
        changes = sync(args.base_url, token["access_token"], args.state)
    except (requests.RequestException, RuntimeError, TimeoutError, OSError) as error:
        print(f"failed: {error}", file=sys.stderr)
        return 1
    print("\n".join(report(changes)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
