import logging

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .oauth import access_token_for, resource_metadata_url
from .tokens import TOKEN_PREFIX, token_authenticate

security_log = logging.getLogger("sweetspot.security")


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <personal access token or OAuth access token>`.

    Personal tokens start with `ss_`; anything else is looked up as an OAuth access token (by
    its checksum). Either way `request.auth` is the token, and `accounts.tokens.token_scope`
    gives its scope, so scope checks and throttling treat both alike.

    The user is known only here, after `UserPreferencesMiddleware` ran, so this activates
    their time zone as the middleware does for a session: dates in filters are their days,
    and datetimes are shown in their zone (the middleware deactivates it after the response).
    """

    keyword = "bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Malformed Authorization header.")
        raw = parts[1]
        token = token_authenticate(raw) if raw.startswith(TOKEN_PREFIX) else access_token_for(raw)
        if token is None:
            security_log.warning("Rejected API token from %s", request.META.get("REMOTE_ADDR", "?"))
            raise exceptions.AuthenticationFailed("Invalid, expired or revoked token.")
        timezone.activate(token.user.tzinfo)
        return token.user, token

    def authenticate_header(self, request) -> str:
        """RFC 9728 §5.1: the 401 names the resource's metadata so OAuth clients find the server."""
        resource = "mcp" if request.path.startswith("/mcp") else "api/v1"
        return f'Bearer realm="api", resource_metadata="{resource_metadata_url(request, resource)}"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer"}
