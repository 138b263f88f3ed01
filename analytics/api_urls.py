from django.urls import path

from .connectors.api import ChannelFetchView
from .growth.api_urls import urlpatterns as growth_patterns
from .reviews.api_urls import urlpatterns as review_patterns

urlpatterns = [
    *growth_patterns,
    *review_patterns,
    path("channels/<int:pk>/fetch/", ChannelFetchView.as_view(), name="channel-fetch"),
]
