"""The OAuth 2 authorization server through its HTTP surface: PKCE, consent, rotation,
revocation, hashed storage, metadata, registration, and the tokens' reach in the API."""

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.test import Client
from oauth2_provider.models import AccessToken, Grant, RefreshToken
from rest_framework.test import APIClient

from accounts.tokens import token_create
from calendar_app.models import ContentItem
from tests.factories import UserFactory
from tests.oauth import issue_token, public_client

pytestmark = pytest.mark.django_db
REDIRECT = "http://127.0.0.1:8765/cb"


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def authorize_query(app, challenge: str, method: str = "S256", scope: str = "read") -> dict:
    return {
        "response_type": "code",
        "client_id": app.client_id,
        "redirect_uri": REDIRECT,
        "scope": scope,
        "state": "s1",
        "code_challenge": challenge,
        "code_challenge_method": method,
    }


def get_code(client: Client, app, challenge: str, scope: str = "read") -> str:
    """Consent as a signed-in user and return the code from the redirect."""
    query = authorize_query(app, challenge, scope=scope)
    page = client.get("/oauth/authorize/?" + urlencode(query))
    assert page.status_code == 200
    response = client.post("/oauth/authorize/", {**query, "allow": "Authorize"})
    assert response.status_code == 302, response.content
    location = urlsplit(response["Location"])
    assert location.netloc == "127.0.0.1:8765"
    return parse_qs(location.query)["code"][0]


def exchange(app, code: str, verifier: str):
    return Client().post(
        "/oauth/token/",
        {
            "grant_type": "authorization_code",
            "code": code,
            "client_id": app.client_id,
            "redirect_uri": REDIRECT,
            "code_verifier": verifier,
        },
    )


def refresh(app, token: str):
    return Client().post(
        "/oauth/token/",
        {"grant_type": "refresh_token", "refresh_token": token, "client_id": app.client_id},
    )


@pytest.fixture
def app():
    return public_client("Calendar Sync")


def test_pkce_s256_flow_issues_hashed_tokens_and_the_consent_names_client_and_scopes(
    owner_client, owner, app
):
    verifier, challenge = pkce_pair()
    page = owner_client.get(
        "/oauth/authorize/?" + urlencode(authorize_query(app, challenge, scope="read write"))
    )
    text = page.content.decode()
    assert "Calendar Sync" in text
    assert 'data-scope="read"' in text and 'data-scope="write"' in text
    # The redirect after consent may leave the page's origin: its CSP allows that origin only.
    code = get_code(owner_client, app, challenge)

    answer = exchange(app, code, verifier)

    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["scope"] == "read" and body["refresh_token"]
    stored = AccessToken.objects.get(user=owner)
    assert (
        stored.token == ""
        and stored.token_checksum == hashlib.sha256(body["access_token"].encode()).hexdigest()
    )
    assert RefreshToken.objects.get(user=owner).token == ""
    me = APIClient(HTTP_AUTHORIZATION=f"Bearer {body['access_token']}").get("/api/v1/me/")
    assert me.status_code == 200 and me.json()["email"] == owner.email


def test_the_redirect_after_consent_is_allowed_by_the_csp(owner_client, app):
    _, challenge = pkce_pair()
    query = authorize_query(app, challenge)
    page = owner_client.get("/oauth/authorize/?" + urlencode(query))
    assert "form-action 'self' http://127.0.0.1:8765;" in page["Content-Security-Policy"] + ";"
    assert (
        "form-action 'self';"
        in owner_client.get("/settings/tokens/")["Content-Security-Policy"] + ";"
    )


def test_consent_page_speaks_chinese(app):
    user = UserFactory(language="zh-hans")
    client = Client()
    client.force_login(user)
    _, challenge = pkce_pair()
    page = client.get("/oauth/authorize/?" + urlencode(authorize_query(app, challenge)))
    text = page.content.decode()
    assert "想使用你的 Sweetspot 账户" in text and "允许" in text


def test_plain_pkce_and_a_missing_challenge_are_refused(owner_client, app):
    verifier, _ = pkce_pair()
    plain = owner_client.get(
        "/oauth/authorize/?" + urlencode(authorize_query(app, verifier, method="plain"))
    )
    missing = {k: v for k, v in authorize_query(app, "x").items() if not k.startswith("code_")}
    none = owner_client.get("/oauth/authorize/?" + urlencode(missing))

    assert plain.status_code == 400 and "code_challenge_method" in plain.content.decode()
    assert none.status_code == 302
    assert parse_qs(urlsplit(none["Location"]).query)["error"] == ["invalid_request"]
    # A consent form tampered into `plain` is refused when the code would be issued.
    query = authorize_query(app, verifier, method="plain")
    tampered = owner_client.post("/oauth/authorize/", {**query, "allow": "Authorize"})
    assert parse_qs(urlsplit(tampered["Location"]).query)["error"] == ["invalid_request"]
    assert not Grant.objects.exists() and not AccessToken.objects.exists()


def test_wrong_verifier_and_reused_code_fail_with_invalid_grant(owner_client, app):
    verifier, challenge = pkce_pair()
    code = get_code(owner_client, app, challenge)
    wrong = exchange(app, code, pkce_pair()[0])
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"

    code = get_code(owner_client, app, challenge)
    assert exchange(app, code, verifier).status_code == 200
    reused = exchange(app, code, verifier)
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"


def test_refresh_tokens_rotate_and_a_reused_one_revokes_the_family(owner_client, app):
    verifier, challenge = pkce_pair()
    first = exchange(app, get_code(owner_client, app, challenge), verifier).json()

    second = refresh(app, first["refresh_token"])
    assert second.status_code == 200
    rotated = second.json()
    assert rotated["refresh_token"] != first["refresh_token"]
    assert rotated["access_token"] != first["access_token"]

    replay = refresh(app, first["refresh_token"])
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"
    # Reuse of a rotated refresh token ends the whole family (RFC 9700 §4.14.2).
    assert refresh(app, rotated["refresh_token"]).status_code == 400
    gone = APIClient(HTTP_AUTHORIZATION=f"Bearer {rotated['access_token']}").get("/api/v1/me/")
    assert gone.status_code == 401


def test_a_creator_revokes_one_client_on_the_tokens_page(owner_client, owner, app):
    other_app = public_client("Other app")
    revoked = issue_token(owner, scope="read", application=app)
    kept = issue_token(owner, scope="read", application=other_app)
    page = owner_client.get("/settings/tokens/").content.decode()
    assert "Calendar Sync" in page and "Other app" in page

    response = owner_client.post(f"/settings/tokens/clients/{app.pk}/revoke/")

    assert response.status_code == 302
    assert APIClient(HTTP_AUTHORIZATION=f"Bearer {revoked}").get("/api/v1/me/").status_code == 401
    assert APIClient(HTTP_AUTHORIZATION=f"Bearer {kept}").get("/api/v1/me/").status_code == 200
    assert not RefreshToken.objects.filter(application=app, revoked__isnull=True).exists()
    listed = owner_client.get("/settings/tokens/").content.decode()
    assert f"/settings/tokens/clients/{app.pk}/revoke/" not in listed
    assert f"/settings/tokens/clients/{other_app.pk}/revoke/" in listed


def test_another_creator_cannot_revoke_my_client(owner, other_creator, app):
    issue_token(owner, scope="read", application=app)
    client = Client()
    client.force_login(other_creator)
    assert client.post(f"/settings/tokens/clients/{app.pk}/revoke/").status_code == 404


def test_an_oauth_token_has_the_reach_of_a_personal_token_of_its_scope(owner, other_creator):
    mine = ContentItem.objects.create(creator=owner, title="mine")
    theirs = ContentItem.objects.create(creator=other_creator, title="theirs")
    read = APIClient(HTTP_AUTHORIZATION=f"Bearer {issue_token(owner, scope='read')}")
    write = APIClient(HTTP_AUTHORIZATION=f"Bearer {issue_token(owner, scope='read write')}")

    assert read.get(f"/api/v1/content-items/{mine.pk}/").status_code == 200
    assert read.get(f"/api/v1/content-items/{theirs.pk}/").status_code == 404
    refused = read.post("/api/v1/content-items/", {"title": "x"}, format="json")
    assert refused.status_code == 403
    assert write.post("/api/v1/content-items/", {"title": "x"}, format="json").status_code == 201
    assert write.get(f"/api/v1/content-items/{theirs.pk}/").status_code == 404


def test_expired_and_registration_tokens_do_not_authenticate(owner, app):
    expired = issue_token(owner, scope="read", seconds=-10)
    answer = APIClient(HTTP_AUTHORIZATION=f"Bearer {expired}").get("/api/v1/me/")
    assert answer.status_code == 401
    assert "resource_metadata=" in answer["WWW-Authenticate"]
    registered = APIClient().post(
        "/oauth/register/",
        {"redirect_uris": [REDIRECT], "token_endpoint_auth_method": "none"},
        format="json",
    )
    registration_token = registered.json()["registration_access_token"]
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {registration_token}")
    assert client.get("/api/v1/me/").status_code == 401


def test_oauth_clients_are_throttled_per_client_and_user(owner, settings, app):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"client": "2/hour", "anon": "100/hour"},
    }
    first = APIClient(
        HTTP_AUTHORIZATION=f"Bearer {issue_token(owner, scope='read', application=app)}"
    )
    assert first.get("/api/v1/me/").status_code == 200
    assert first.get("/api/v1/me/").status_code == 200
    # A refreshed (new) access token of the same client shares the budget.
    second = APIClient(
        HTTP_AUTHORIZATION=f"Bearer {issue_token(owner, scope='read', application=app)}"
    )
    limited = second.get("/api/v1/me/")
    assert limited.status_code == 429 and "Retry-After" in limited
    _, personal = token_create(user=owner, name="own budget", scope="read")
    assert APIClient(HTTP_AUTHORIZATION=f"Bearer {personal}").get("/api/v1/me/").status_code == 200


def test_metadata_documents(client):
    server = client.get("/.well-known/oauth-authorization-server").json()
    assert server["issuer"] == "http://testserver"
    assert server["authorization_endpoint"] == "http://testserver/oauth/authorize/"
    assert server["token_endpoint"] == "http://testserver/oauth/token/"
    assert server["registration_endpoint"] == "http://testserver/oauth/register/"
    assert server["code_challenge_methods_supported"] == ["S256"]
    assert server["grant_types_supported"] == ["authorization_code", "refresh_token"]
    assert server["response_types_supported"] == ["code"]
    assert server["scopes_supported"] == ["read", "write"]
    for path in ("api/v1/", "mcp/"):
        resource = client.get(f"/.well-known/oauth-protected-resource/{path}").json()
        assert resource["resource"] == f"http://testserver/{path}"
        assert resource["authorization_servers"] == ["http://testserver"]
        assert resource["scopes_supported"] == ["read", "write"]


@pytest.mark.parametrize(
    ("metadata", "error"),
    [
        ({"redirect_uris": [REDIRECT]}, "invalid_client_metadata"),  # confidential by default
        (
            {"redirect_uris": ["http://evil.example/cb"], "token_endpoint_auth_method": "none"},
            "invalid_redirect_uri",
        ),
        (
            {
                "redirect_uris": [REDIRECT],
                "token_endpoint_auth_method": "none",
                "grant_types": ["client_credentials"],
            },
            "invalid_client_metadata",
        ),
        ({"token_endpoint_auth_method": "none"}, "invalid_redirect_uri"),
    ],
)
def test_registration_accepts_only_public_clients_with_safe_redirects(client, metadata, error):
    response = client.post("/oauth/register/", metadata, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == error


def test_registration_of_a_public_client(client):
    response = client.post(
        "/oauth/register/",
        {
            "client_name": "Claude",
            "redirect_uris": ["http://localhost:33418/callback", "https://claude.ai/cb"],
            "token_endpoint_auth_method": "none",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["token_endpoint_auth_method"] == "none" and "client_secret" not in body


def test_registration_is_rate_limited_per_address(client, settings):
    settings.OAUTH_REGISTRATIONS_PER_IP = 2
    metadata = {"redirect_uris": [REDIRECT], "token_endpoint_auth_method": "none"}
    codes = [
        client.post("/oauth/register/", metadata, content_type="application/json").status_code
        for _ in range(3)
    ]
    assert codes == [201, 201, 429]


def test_the_daily_token_sweep_deletes_expired_oauth_tokens(owner, app):
    from accounts.tasks import purge_stale_tokens

    expired = issue_token(owner, scope="read", application=app, seconds=-60, refresh=False)
    live = issue_token(owner, scope="read", application=app)

    purge_stale_tokens.delay().get()

    checksums = set(AccessToken.objects.values_list("token_checksum", flat=True))
    assert hashlib.sha256(expired.encode()).hexdigest() not in checksums
    assert hashlib.sha256(live.encode()).hexdigest() in checksums


def test_an_update_of_a_registration_follows_the_same_rules(client):
    registered = client.post(
        "/oauth/register/",
        {"redirect_uris": [REDIRECT], "token_endpoint_auth_method": "none"},
        content_type="application/json",
    ).json()
    manage = APIClient(HTTP_AUTHORIZATION=f"Bearer {registered['registration_access_token']}")
    url = f"/oauth/register/{registered['client_id']}/"

    refused = manage.put(
        url,
        {"redirect_uris": ["http://evil.example/cb"], "token_endpoint_auth_method": "none"},
        format="json",
    )
    allowed = manage.put(
        url,
        {"redirect_uris": ["https://app.example/cb"], "token_endpoint_auth_method": "none"},
        format="json",
    )

    assert refused.status_code == 400 and refused.json()["error"] == "invalid_redirect_uri"
    assert allowed.status_code == 200
    assert allowed.json()["redirect_uris"] == ["https://app.example/cb"]
