import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from accounts.models import CoachInvitation
from tests.conftest import broker_down

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_redis(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_healthz_answers_503_when_redis_is_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["redis"] == "error"
    assert response.json()["database"] == "ok"


def test_pages_and_writes_keep_working_when_redis_is_down(
    owner_client, settings, caplog, django_capture_on_commit_callbacks
):
    with broker_down():
        page = owner_client.get(reverse("accounts:dashboard"))
        with django_capture_on_commit_callbacks(execute=True):
            response = owner_client.post(
                reverse("accounts:coaching"), {"coach_email": "mentor@example.com"}
            )

    assert page.status_code == 200
    assert response.status_code == 302
    assert CoachInvitation.objects.filter(coach_email="mentor@example.com").exists()
    assert "send_invitation_email stays in the outbox" in caplog.text


def test_pages_send_a_content_security_policy_they_satisfy(owner_client):
    for name in ("accounts:dashboard", "accounts:profile", "accounts:tokens", "accounts:coaching"):
        response = owner_client.get(reverse(name))
        policy = response["Content-Security-Policy"]
        assert "script-src 'self' 'nonce-" in policy
        assert "unsafe-inline" not in policy
        html = response.content.decode()
        nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
        for tag in re.findall(r"<script[^>]*>", html):
            assert f'nonce="{nonce}"' in tag, tag
        assert " style=" not in html
        assert " onclick=" not in html


def test_static_assets_are_local(owner_client):
    html = owner_client.get("/").content.decode()

    assert "/static/django_htmx/htmx" in html
    assert "/static/css/app.css" in html
    assert "http://" not in html.split("<body")[0] and "https://" not in html.split("<body")[0]


def test_404_page_is_friendly(owner_client):
    response = owner_client.get("/no/such/page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def _run_with_env(code: str, **env) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=full_env, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _run_with_env(
        "import django; django.setup()", DJANGO_SETTINGS_MODULE="config.settings.production"
    )

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_cookies_are_secure():
    result = _run_with_env(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SESSION_COOKIE_SAMESITE, s.DEBUG)",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 64,
    )

    assert result.stdout.split() == ["True", "True", "True", "Lax", "False"]
