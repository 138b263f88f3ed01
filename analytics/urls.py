from django.urls import path

from .connectors import views as connector_views
from .growth.urls import urlpatterns as growth_patterns
from .reviews.urls import urlpatterns as review_patterns

app_name = "analytics"

urlpatterns = [
    *growth_patterns,
    *review_patterns,
    path("channels/<int:pk>/", connector_views.channel_connector, name="channel_connector"),
    path("channels/<int:pk>/fetch/", connector_views.channel_fetch, name="channel_fetch"),
    path(
        "publications/<int:pk>/confirm/",
        connector_views.publication_answer,
        {"answer": "confirm"},
        name="publication_confirm",
    ),
    path(
        "publications/<int:pk>/dismiss/",
        connector_views.publication_answer,
        {"answer": "dismiss"},
        name="publication_dismiss",
    ),
]
