from .growth.urls import urlpatterns as growth_patterns
from .reviews.urls import urlpatterns as review_patterns

app_name = "analytics"

urlpatterns = [*growth_patterns, *review_patterns]
