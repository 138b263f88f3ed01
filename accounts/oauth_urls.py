"""OAuth 2 endpoints, under the namespace `oauth2_provider` that DOT's metadata view reverses.

Only what Sweetspot offers is mounted: authorization (the consent page), token, revocation and
RFC 7591/7592 registration; no implicit, password, device or introspection endpoints.
"""

from django.urls import path
from oauth2_provider import views as dot_views

from . import oauth

app_name = "oauth2_provider"

urlpatterns = [
    path(
        ".well-known/oauth-authorization-server",
        dot_views.OAuthServerMetadataView.as_view(),
        name="oauth-server-metadata",
    ),
    path(
        ".well-known/oauth-protected-resource/api/v1/",
        oauth.ProtectedResourceMetadataView.as_view(),
        {"resource": "api/v1"},
        name="oauth-resource-metadata",
    ),
    path(
        ".well-known/oauth-protected-resource/mcp/",
        oauth.ProtectedResourceMetadataView.as_view(),
        {"resource": "mcp"},
        name="oauth-resource-metadata-mcp",
    ),
    path("oauth/authorize/", oauth.ConsentView.as_view(), name="authorize"),
    path("oauth/token/", dot_views.TokenView.as_view(), name="token"),
    path("oauth/revoke/", dot_views.RevokeTokenView.as_view(), name="revoke-token"),
    path("oauth/register/", oauth.RegisterClientView.as_view(), name="dcr-register"),
    path(
        "oauth/register/<str:client_id>/",
        oauth.RegistrationView.as_view(),
        name="dcr-register-management",
    ),
]
