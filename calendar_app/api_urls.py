from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("channels", api.ChannelViewSet, basename="channel")
router.register("content-items", api.ContentItemViewSet, basename="content-item")
router.register("series", api.SeriesViewSet, basename="series")

mentee_items = api.MenteeContentItemViewSet

urlpatterns = [
    *router.urls,
    path(
        "mentees/<int:mentee_id>/content-items/",
        mentee_items.as_view({"get": "list"}),
        name="mentee-content-item-list",
    ),
    path(
        "mentees/<int:mentee_id>/content-items/<int:pk>/",
        mentee_items.as_view({"get": "retrieve"}),
        name="mentee-content-item-detail",
    ),
]
