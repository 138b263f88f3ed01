"""OAuth test helpers: a registered public client and tokens issued to it, as DOT stores them."""

import secrets
from datetime import timedelta

from django.utils import timezone
from oauth2_provider.models import (
    get_access_token_model,
    get_application_model,
    get_refresh_token_model,
    set_token_value,
)


def public_client(name: str = "Test client", redirect_uri: str = "http://127.0.0.1:8765/cb"):
    Application = get_application_model()
    return Application.objects.create(
        name=name,
        client_type=Application.CLIENT_PUBLIC,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
    )


def issue_token(
    user, *, scope: str, application=None, seconds: int = 3600, refresh: bool = True
) -> str:
    """A live access token (with its refresh token) of `user`, as the token endpoint makes one."""
    application = application or public_client()
    raw = secrets.token_urlsafe(24)
    token = get_access_token_model()(
        user=user,
        application=application,
        scope=scope,
        expires=timezone.now() + timedelta(seconds=seconds),
    )
    set_token_value(token, raw)
    token.save()
    if refresh:
        renewal = get_refresh_token_model()(user=user, application=application, access_token=token)
        set_token_value(renewal, secrets.token_urlsafe(24))
        renewal.save()
    return raw
