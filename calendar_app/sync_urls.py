from django.urls import path

from . import sync_views

app_name = "calendar_sync"

urlpatterns = [
    path("", sync_views.sync_settings, name="settings"),
    path("feed/regenerate/", sync_views.feed_regenerate, name="feed_regenerate"),
    path("import/", sync_views.import_file, name="import"),
    path("webhooks/", sync_views.webhook_list, name="webhooks"),
    path("webhooks/<int:pk>/", sync_views.webhook_detail, name="webhook_detail"),
    path("webhooks/<int:pk>/test/", sync_views.webhook_test, name="webhook_test"),
    path("webhooks/<int:pk>/enable/", sync_views.webhook_enable, name="webhook_enable"),
    path("webhooks/<int:pk>/rotate/", sync_views.webhook_rotate, name="webhook_rotate"),
    path("webhooks/<int:pk>/delete/", sync_views.webhook_delete, name="webhook_delete"),
]
