import logging

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .tokens import token_authenticate

security_log = logging.getLogger("sweetspot.security")


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <personal access token>`.

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
        token = token_authenticate(parts[1])
        if token is None:
            security_log.warning("Rejected API token from %s", request.META.get("REMOTE_ADDR", "?"))
            raise exceptions.AuthenticationFailed("Invalid, expired or revoked token.")
        timezone.activate(token.user.tzinfo)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer"}
