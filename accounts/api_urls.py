from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("coach-invitations", api.CoachInvitationViewSet, basename="coach-invitation")
router.register("comments", api.CommentViewSet, basename="comment")

urlpatterns = [path("me/", api.MeView.as_view(), name="me"), *router.urls]
