from .growth.api_urls import urlpatterns as growth_patterns
from .reviews.api_urls import urlpatterns as review_patterns

urlpatterns = [*growth_patterns, *review_patterns]
