from django.urls import path

from .views import McpView

app_name = "assistant"

urlpatterns = [path("", McpView.as_view(), name="mcp")]
