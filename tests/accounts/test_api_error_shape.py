"""Under /api/ every error answers JSON in the documented shape, `{"detail": "..."}`: a crash
(500), the database being down (503), a body that is too large (413); pages keep HTML."""

import pytest
from django.db import OperationalError

from accounts import api as accounts_api

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"


@pytest.fixture
def crashing_client(owner_api):
    owner_api.raise_request_exception = False
    return owner_api


def _break_me(monkeypatch, error: Exception) -> None:
    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr(accounts_api.MeView, "get_object", broken)


def test_a_crash_under_api_is_a_json_500(crashing_client, monkeypatch):
    _break_me(monkeypatch, RuntimeError("boom"))

    response = crashing_client.get(ME)

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"} and "boom" not in response.json()["detail"]


def test_the_database_down_under_api_is_a_json_503_with_retry_after(crashing_client, monkeypatch):
    _break_me(monkeypatch, OperationalError("connection refused"))

    response = crashing_client.get(ME)

    assert response.status_code == 503 and int(response["Retry-After"]) > 0
    assert set(response.json()) == {"detail"}


def test_a_body_over_the_upload_limit_is_a_json_413(owner_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"display_name": "' + "x" * 2000 + '"}'

    response = owner_api.patch(ME, body, content_type="application/json")

    assert response.status_code == 413
    assert set(response.json()) == {"detail"}


def test_a_page_that_crashes_keeps_the_html_error_page(client, owner, monkeypatch):
    from accounts import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "render", broken)
    client.raise_request_exception = False
    client.force_login(owner)

    response = client.get("/settings/profile/")

    assert response.status_code == 500 and b"<html" in response.content
