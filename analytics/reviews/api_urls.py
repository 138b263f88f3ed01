from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("reviews", api.ReviewViewSet, basename="review")

mentee_reviews = api.MenteeReviewViewSet.as_view({"get": "list"})
mentee_review = api.MenteeReviewViewSet.as_view({"get": "retrieve"})

urlpatterns = [
    *router.urls,
    path("mentees/<int:mentee_id>/reviews/", mentee_reviews, name="mentee-review-list"),
    path("mentees/<int:mentee_id>/reviews/<int:pk>/", mentee_review, name="mentee-review-detail"),
]
