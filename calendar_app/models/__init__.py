"""The planning models, by sub-domain; every model is importable from here."""

from .channels import Channel
from .items import ContentItem, ContentItemQuerySet, ContentItemTombstone
from .plan import PlanPhase
from .series import Series
from .webhooks import WebhookDelivery, WebhookEndpoint, WebhookEndpointQuerySet, WebhookEvent

__all__ = [
    "Channel",
    "ContentItem",
    "ContentItemQuerySet",
    "ContentItemTombstone",
    "PlanPhase",
    "Series",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEndpointQuerySet",
    "WebhookEvent",
]
