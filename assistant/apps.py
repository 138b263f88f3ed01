from django.apps import AppConfig


class AssistantConfig(AppConfig):
    """The MCP server: tools over the other apps' services and selectors."""

    name = "assistant"
    verbose_name = "Assistant (MCP)"
