"""The whole OAuth 2 PKCE flow in a real browser, driven by the example client's own code
(examples/oauth_client.py, on Authlib): register, log in, consent, code, exchange, API call;
then a wrong verifier, a reused code and a revoked client each fail cleanly."""

import importlib.util
from pathlib import Path

import pytest
import requests

from tests.e2e.conftest import login
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "oauth_client.py"


def load_example():
    spec = importlib.util.spec_from_file_location("oauth_client_example", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def consent_in_browser(page, url: str, receiver) -> str:
    """Open the authorization URL, allow on the consent page, return the callback URL."""
    page.goto(url)
    page.get_by_role("button", name="Allow").click()
    return receiver.wait(timeout=15)


def test_pkce_flow_in_the_browser(page, live_server):
    example = load_example()
    UserFactory(email="oauth@example.com", display_name="OAuth Owner")
    metadata = example.discover(live_server.url)
    assert metadata["code_challenge_methods_supported"] == ["S256"]

    # Register, log in, consent.
    receiver = example.CallbackReceiver()
    client_id = example.register(metadata, receiver.redirect_uri, name="Journey Calendar")
    session = example.session_for(client_id, receiver.redirect_uri, scope="read write")
    url, state, verifier = example.authorization_url(session, metadata)
    page.goto(url)
    page.wait_for_url("**/accounts/login/**")
    page.fill("#id_username", "oauth@example.com")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/oauth/authorize/**")
    consent = page.locator("#consent").inner_text()
    assert "Journey Calendar" in consent
    assert "read and write" in consent
    page.get_by_role("button", name="Allow").click()
    callback = receiver.wait(timeout=15)
    assert "Sweetspot is connected" in page.content()

    # Exchange the code and call the API.
    token = example.exchange(session, metadata, callback, state, verifier)
    api = {"Authorization": f"Bearer {token['access_token']}"}
    me = requests.get(f"{live_server.url}/api/v1/me/", headers=api, timeout=10)
    assert me.status_code == 200 and me.json()["email"] == "oauth@example.com"
    created = requests.post(
        f"{live_server.url}/api/v1/content-items/", json={"title": "Via OAuth"}, headers=api
    )
    assert created.status_code == 201

    # A reused code fails cleanly.
    code = dict(p.split("=", 1) for p in callback.split("?", 1)[1].split("&"))["code"]
    reused = requests.post(
        metadata["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": code,
            "client_id": client_id,
            "redirect_uri": receiver.redirect_uri,
            "code_verifier": verifier,
        },
        timeout=10,
    )
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"

    # A wrong verifier fails cleanly (a new consent, the browser still signed in).
    second = example.CallbackReceiver()
    retry = example.register(metadata, second.redirect_uri, name="Second try")
    retry_session = example.session_for(retry, second.redirect_uri)
    url, state, _verifier = example.authorization_url(retry_session, metadata)
    callback = consent_in_browser(page, url, second)
    with pytest.raises(Exception) as refused:
        example.exchange(retry_session, metadata, callback, state, "a-wrong-verifier-" * 3)
    assert "invalid_grant" in str(refused.value)

    # The creator revokes the first client on the tokens page: its tokens stop working.
    page.goto("/settings/tokens/")
    row = page.locator("tr", has_text="Journey Calendar")
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Revoke access").click()
    page.wait_for_load_state("networkidle")
    assert "can no longer use your account" in page.content()
    gone = requests.get(f"{live_server.url}/api/v1/me/", headers=api, timeout=10)
    assert gone.status_code == 401
    renewed = requests.post(
        metadata["token_endpoint"],
        data={
            "grant_type": "refresh_token",
            "refresh_token": token["refresh_token"],
            "client_id": client_id,
        },
        timeout=10,
    )
    assert renewed.status_code == 400 and renewed.json()["error"] == "invalid_grant"


def test_consent_page_in_chinese_and_denial(page, live_server):
    example = load_example()
    UserFactory(email="zh@example.com", language="zh-hans")
    metadata = example.discover(live_server.url)
    receiver = example.CallbackReceiver()
    client_id = example.register(metadata, receiver.redirect_uri, name="日历助手")
    session = example.session_for(client_id, receiver.redirect_uri)
    url, state, verifier = example.authorization_url(session, metadata)
    login(page, "zh@example.com", PASSWORD)

    page.goto(url)
    assert "“日历助手”想使用你的 Sweetspot 账户" in page.locator("h1").inner_text()
    assert "读取" in page.locator("#consent").inner_text()
    page.get_by_role("button", name="拒绝").click()
    callback = receiver.wait(timeout=15)

    assert "error=access_denied" in callback
    with pytest.raises(RuntimeError):
        example.exchange(session, metadata, callback, state, verifier)
