from django.urls import path

from . import views

app_name = "calendar_sync"

urlpatterns = [
    path("", views.sync_settings, name="settings"),
    path("feed/regenerate/", views.feed_regenerate, name="feed_regenerate"),
    path("import/", views.import_file, name="import"),
    path("webhooks/", views.webhook_list, name="webhooks"),
    path("webhooks/<int:pk>/", views.webhook_detail, name="webhook_detail"),
    path("webhooks/<int:pk>/test/", views.webhook_test, name="webhook_test"),
    path("webhooks/<int:pk>/enable/", views.webhook_enable, name="webhook_enable"),
    path("webhooks/<int:pk>/rotate/", views.webhook_rotate, name="webhook_rotate"),
    path("webhooks/<int:pk>/delete/", views.webhook_delete, name="webhook_delete"),
]
