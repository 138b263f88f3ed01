from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.views import healthz
from calendar_app.sync.views import calendar_feed

api_v1 = [
    path("", include("accounts.api_urls")),
    path("", include("positioning.api_urls")),
    path("", include("calendar_app.api_urls")),
    path("", include("analytics.api_urls")),
]

urlpatterns = [
    path("", include("accounts.urls")),
    path("", include("accounts.oauth_urls")),
    path("mcp/", include("assistant.urls")),
    path("positioning/", include("positioning.urls")),
    path("plan/sync/", include("calendar_app.sync.urls")),
    path("plan/", include("calendar_app.urls")),
    path("calendar/<str:token>.ics", calendar_feed, name="calendar_feed"),
    path("growth/", include("analytics.urls")),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]

handler400 = "accounts.api_errors.bad_request"
handler403 = "accounts.views.permission_denied"
handler404 = "accounts.views.page_not_found"
handler500 = "accounts.api_errors.server_error"
