"""Authorization matrix entries for the OAuth endpoints and the MCP endpoint."""

from urllib.parse import urlencode

from tests.authz import Expect
from tests.proof.matrix import PUBLIC, Check, entry

REDIRECT = "http://127.0.0.1:8765/cb"
# Open to anyone, and the same answer for everyone (none of them reads a user's data).
EVERYONE = {code: Expect(code, code, code, code, code, code) for code in (200, 201, 400, 401)}


def _authorize_url(w) -> str:
    query = {
        "response_type": "code",
        "client_id": w.extra["oauth_client"].client_id,
        "redirect_uri": REDIRECT,
        "scope": "read",
        "state": "matrix",
        "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        "code_challenge_method": "S256",
    }
    return "/oauth/authorize/?" + urlencode(query)


entry(
    ".well-known/oauth-authorization-server",
    Check("get", lambda w: "/.well-known/oauth-authorization-server", PUBLIC),
)
entry(
    ".well-known/oauth-protected-resource/api/v1/",
    Check("get", lambda w: "/.well-known/oauth-protected-resource/api/v1/", PUBLIC),
)
entry(
    ".well-known/oauth-protected-resource/mcp/",
    Check("get", lambda w: "/.well-known/oauth-protected-resource/mcp/", PUBLIC),
)
entry(
    "oauth/authorize/",
    # The consent page for any signed-in user; the login page for anyone else.
    Check("get", _authorize_url, Expect(200, 200, 200, 200, 302, 302)),
)
entry(
    "oauth/token/",
    Check(
        "post",
        lambda w: "/oauth/token/",
        EVERYONE[400],
        lambda w: {
            "grant_type": "authorization_code",
            "code": "not-a-code",
            "client_id": w.extra["oauth_client"].client_id,
            "redirect_uri": REDIRECT,
            "code_verifier": "v" * 43,
        },
    ),
)
entry(
    "oauth/revoke/",
    # RFC 7009: an unknown token is answered 200 alike for everyone.
    Check(
        "post",
        lambda w: "/oauth/revoke/",
        EVERYONE[200],
        lambda w: {"token": "not-a-token", "client_id": w.extra["oauth_client"].client_id},
    ),
)
entry(
    "oauth/register/",
    Check(
        "post",
        lambda w: "/oauth/register/",
        EVERYONE[201],
        lambda w: {
            "client_name": "Matrix assistant",
            "redirect_uris": [REDIRECT],
            "token_endpoint_auth_method": "none",
        },
        format="json",
    ),
)
entry(
    "oauth/register/<str:client_id>/",
    # Only the registration access token reads or changes a registration.
    Check(
        "get",
        lambda w: f"/oauth/register/{w.extra['oauth_client'].client_id}/",
        EVERYONE[401],
    ),
)
entry(
    "settings/tokens/clients/<int:pk>/revoke/",
    Check(
        "post",
        lambda w: f"/settings/tokens/clients/{w.extra['oauth_client'].pk}/revoke/",
        Expect(302, 404, 404, 404, 302, 302),
    ),
)
entry(
    "mcp/",
    # Bearer tokens only (no session, so no cross-site request can use a browser's login).
    Check(
        "post",
        lambda w: "/mcp/",
        Expect(401, 401, 401, 401, 401, 200),
        lambda w: {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {
                "protocolVersion": "2025-06-18",
                "capabilities": {},
                "clientInfo": {"name": "matrix", "version": "1"},
            },
        },
        format="json",
        headers={"Accept": "application/json, text/event-stream"},
    ),
)
