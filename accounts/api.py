from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from . import comments, selectors, services
from .apiutils import ScopedQuerysetMixin, raise_api_validation
from .bounds import ascii_int
from .models import CoachInvitation, Comment, User
from .serializers import (
    CoachInvitationSerializer,
    CommentSerializer,
    MeSerializer,
)
from .strict_filters import MESSAGES


class MeView(generics.RetrieveUpdateAPIView):
    serializer_class = MeSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self) -> User:
        return self.request.user


class CoachInvitationViewSet(
    ScopedQuerysetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = CoachInvitationSerializer
    filterset_fields = ["status"]
    ordering_fields = ["created_at"]

    model = CoachInvitation

    def scoped_queryset(self, user: User) -> QuerySet[CoachInvitation]:
        return selectors.invitations_for(user).order_by("-created_at", "-id")

    def perform_create(self, serializer: CoachInvitationSerializer) -> None:
        try:
            serializer.instance = services.invitation_create(
                creator=self.request.user, coach_email=serializer.validated_data["coach_email"]
            )
        except DjangoValidationError as error:
            raise_api_validation(error)

    @extend_schema(request=None, responses=CoachInvitationSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: int) -> Response:
        invitation = self.get_object()
        try:
            invitation = services.invitation_accept(invitation=invitation, user=request.user)
        except DjangoValidationError as error:
            if error.code == "unverified":
                raise PermissionDenied(error.messages[0]) from None
            raise_api_validation(error)
        return Response(self.get_serializer(invitation).data)

    @extend_schema(request=None, responses=CoachInvitationSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: int) -> Response:
        invitation = self.get_object()
        try:
            invitation = services.invitation_end(invitation=invitation, user=request.user)
        except DjangoValidationError as error:
            raise_api_validation(error)
        return Response(self.get_serializer(invitation).data)


class CommentViewSet(
    ScopedQuerysetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Comments on a creator's objects, by the creator and their invited coaches."""

    serializer_class = CommentSerializer

    model = Comment

    def scoped_queryset(self, user: User) -> QuerySet[Comment]:
        readable = selectors.readable_creator_ids(user)
        queryset = (
            Comment.objects.filter(creator_id__in=readable)
            .select_related("author", "target_type")
            .order_by("created_at", "id")
        )
        target_type = self.request.query_params.get("target_type")
        target_id = self.request.query_params.get("target_id")
        if target_type:
            target = comments.get_target(target_type)
            if target is None:
                return queryset.none()
            queryset = queryset.filter(target_type=ContentType.objects.get_for_model(target.model))
        if target_id is not None:
            number = ascii_int(target_id)
            if number is None:
                raise ValidationError({"target_id": [MESSAGES["integer"]]})
            queryset = queryset.filter(target_id=number)
        return queryset

    def perform_create(self, serializer: CommentSerializer) -> None:
        target = comments.readable_target(
            self.request.user,
            serializer.validated_data["target_type"],
            serializer.validated_data["target_id"],
        )
        if target is None:
            raise ValidationError({"target_id": ["No such object."]})
        try:
            serializer.instance = services.comment_create(
                author=self.request.user, target=target, body=serializer.validated_data["body"]
            )
        except DjangoValidationError as error:
            raise_api_validation(error)

    def perform_destroy(self, instance: Comment) -> None:
        if instance.author_id != self.request.user.pk:
            raise PermissionDenied("Only the author can delete a comment.")
        services.comment_delete(comment=instance)
