"""OAuth 2 authorization server on django-oauth-toolkit (DOT).

DOT does the protocol: authorization code with PKCE (S256 only: `COMPLIANT_BCP_RFC9700_PKCE_METHOD`
refuses `plain`), rotating refresh tokens whose reuse revokes the family, RFC 8414 and RFC 9728
metadata, RFC 7591 registration. Tokens are stored hashed: `COMPLIANT_BCP_RFC9700_TOKEN_STORAGE`
leaves the `token` column blank and keeps only the SHA-256 `token_checksum`, which is what a
request's token is looked up by. This module adds Sweetspot's rules around it: the consent page,
registration limited to public clients with https or loopback redirect URIs and rate-limited per
IP, the protected-resource documents for the API and MCP, and per-client revocation.
"""

import hashlib
import json
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from oauth2_provider import views as dot_views
from oauth2_provider.models import (
    get_access_token_model,
    get_application_model,
    get_grant_model,
    get_refresh_token_model,
)

from . import ratelimit
from .models import User

LOOPBACK_HOSTS = {"127.0.0.1", "::1", "localhost"}
# The resources this server protects, as (path in the well-known URL, resource path).
PROTECTED_RESOURCES = {"api/v1": "/api/v1/", "mcp": "/mcp/"}
READ, WRITE = "read", "write"


def redirect_uri_allowed(uri: str) -> bool:
    """https anywhere; plain http only to a loopback address (RFC 8252 native-app callbacks)."""
    try:
        parts = urlsplit(uri)
    except ValueError:
        return False
    if parts.scheme == "https":
        return bool(parts.hostname)
    return parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS


def access_token_for(raw: str):
    """The live access token of an active user for this secret, or None.

    Registration access tokens (no user) and tokens without `read` or `write` never qualify.
    """
    checksum = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    token = (
        get_access_token_model()
        .objects.select_related("user", "application")
        .filter(token_checksum=checksum, user__is_active=True)
        .first()
    )
    if token is None or token.is_expired() or token_scope(token) is None:
        return None
    return token


def token_scope(token) -> str | None:
    """`write` (read and write) or `read` for an OAuth access token, like a personal token's."""
    scopes = set(token.scope.split())
    if WRITE in scopes:
        return WRITE
    if READ in scopes:
        return READ
    return None


def resource_metadata_url(request: HttpRequest, resource: str) -> str:
    return request.build_absolute_uri(f"/.well-known/oauth-protected-resource/{resource}/")


# --- per-client revocation (the tokens page) ---------------------------------------------


def clients_for(user: User) -> QuerySet:
    """Applications holding a live access or refresh token of `user`."""
    now = timezone.now()
    Application = get_application_model()
    live = Q(
        pk__in=get_access_token_model()
        .objects.filter(user=user, expires__gt=now)
        .values("application_id")
    ) | Q(
        pk__in=get_refresh_token_model()
        .objects.filter(user=user, revoked__isnull=True)
        .values("application_id")
    )
    return Application.objects.filter(live).order_by("name", "pk")


def get_client_for(user: User, pk: int):
    client = clients_for(user).filter(pk=pk).first()
    if client is None:
        raise Http404
    return client


@transaction.atomic
def client_revoke(*, user: User, application) -> None:
    """End `application`'s access to `user`: every token, refresh token and pending code."""
    now = timezone.now()
    get_refresh_token_model().objects.filter(
        user=user, application=application, revoked__isnull=True
    ).update(revoked=now)
    get_access_token_model().objects.filter(user=user, application=application).delete()
    get_grant_model().objects.filter(user=user, application=application).delete()


# --- views -------------------------------------------------------------------------------


def _allow_form_redirect(response, redirect_uri: str | None) -> None:
    parts = urlsplit(redirect_uri or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        policy = dict(settings.SECURE_CSP)
        policy["form-action"] = [CSP.SELF, f"{parts.scheme}://{parts.netloc}"]
        response._csp_config = policy


class ConsentView(dot_views.AuthorizationView):
    """The consent page: names the client and the scopes, in the user's language.

    After the decision the browser is redirected to the client's redirect URI. A browser checks
    a form submission's redirects against the CSP of the page holding the form, and ours says
    `form-action 'self'`: so the consent page, and only it, also allows the origin of the
    client's redirect URI (one DOT has already checked against the client's registration).
    """

    template_name = "accounts/oauth_authorize.html"

    def get(self, request, *args, **kwargs):
        # PKCE is required (DOT refuses a request without a challenge) and only S256 is
        # accepted: a `plain` request never reaches the consent page. DOT would refuse it only
        # when the code is issued, after the user had been asked.
        if request.GET.get("code_challenge_method", "S256") != "S256":
            error = {
                "error": "invalid_request",
                "description": _('Unsupported code_challenge_method; use "S256".'),
            }
            return self.render_to_response({"error": error}, status=400)
        response = super().get(request, *args, **kwargs)
        _allow_form_redirect(response, self.oauth2_data.get("redirect_uri"))
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        labels = {READ: _("read"), WRITE: _("read and write")}
        context["scope_rows"] = [
            (scope, labels.get(scope, scope), description)
            for scope, description in zip(
                kwargs.get("scopes", []), kwargs.get("scopes_descriptions", []), strict=False
            )
        ]
        return context


def _registration_error(description: str, error: str = "invalid_client_metadata", status=400):
    return JsonResponse({"error": error, "error_description": description}, status=status)


def _metadata_error(request):
    """Sweetspot's rules for registered metadata (RFC 7591 and its updates, RFC 7592): public
    clients, the code and refresh grants, https or loopback http redirect URIs."""
    try:
        data = json.loads(request.body)
    except ValueError:
        data = None
    if isinstance(data, dict):
        if data.get("token_endpoint_auth_method") != "none":
            return _registration_error(
                _('Only public clients register here: send "token_endpoint_auth_method": "none".')
            )
        grant_types = data.get("grant_types", ["authorization_code"])
        if not isinstance(grant_types, list) or not set(grant_types) <= {
            "authorization_code",
            "refresh_token",
        }:
            return _registration_error(
                _("Only the authorization_code and refresh_token grant types are supported.")
            )
        uris = data.get("redirect_uris")
        if not isinstance(uris, list) or not uris:
            return _registration_error(
                _("redirect_uris must list at least one URI."), error="invalid_redirect_uri"
            )
        bad = [u for u in uris if not isinstance(u, str) or not redirect_uri_allowed(u)]
        if bad:
            return _registration_error(
                _("Redirect URIs must use https, or http to a loopback address."),
                error="invalid_redirect_uri",
            )
        name = data.get("client_name", "")
        if not isinstance(name, str) or len(name) > 255:
            return _registration_error(_("client_name must be text of at most 255 characters."))
    return None


class RegisterClientView(dot_views.DynamicClientRegistrationView):
    """RFC 7591 registration, open to anyone but only for public clients, rate-limited per IP.

    MCP clients and desktop assistants register themselves here; a public client has no secret
    and must use PKCE. Redirect URIs must be https, or http to a loopback address.
    """

    def post(self, request, *args, **kwargs):
        if not ratelimit.allow_ip(
            request, action="oauth-register", limit=settings.OAUTH_REGISTRATIONS_PER_IP
        ):
            response = _registration_error(
                _("Too many client registrations from this address. Try again later."),
                error="slow_down",
                status=429,
            )
            response["Retry-After"] = str(settings.ACCOUNT_RATE_WINDOW_SECONDS)
            return response
        return _metadata_error(request) or super().post(request, *args, **kwargs)


class RegistrationView(dot_views.DynamicClientRegistrationManagementView):
    """RFC 7592: a client reads, updates or deletes its registration with its registration
    token; an update follows the same rules as a registration."""

    def put(self, request, *args, **kwargs):
        return _metadata_error(request) or super().put(request, *args, **kwargs)


class ProtectedResourceMetadataView(dot_views.OAuthProtectedResourceMetadataView):
    """RFC 9728 metadata for the REST API (`api/v1`) and the MCP server (`mcp`)."""

    def get(self, request, *args, **kwargs):
        if kwargs.get("resource") not in PROTECTED_RESOURCES:
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_resource(self, request):
        return request.build_absolute_uri(PROTECTED_RESOURCES[self.kwargs["resource"]])

    def get_resource_documentation(self):
        return self.request.build_absolute_uri("/api/docs/")
