from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import comments, strict
from .models import TIMEZONE_CHOICES, CoachInvitation, Comment, User
from .tokens import calendar_feed_token

_ZONES = strict.ChoiceField(choices=TIMEZONE_CHOICES)


class TimezoneField(strict.ChoiceField):
    """A choice of IANA zone whose lookup tables (600 zones) are built once, at import,
    rather than for every serializer: DRF builds a serializer's fields on every request."""

    def __init__(self, **kwargs):
        super().__init__(choices=[], **kwargs)
        self.grouped_choices = _ZONES.grouped_choices
        self._choices = _ZONES.choices
        self.choice_strings_to_values = _ZONES.choice_strings_to_values


class MeSerializer(strict.ModelSerializer):
    timezone = TimezoneField()
    calendar_feed_url = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "display_name",
            "timezone",
            "language",
            "weekly_target",
            "calendar_feed_url",
        ]
        read_only_fields = ["id", "email"]

    @extend_schema_field(strict.URLField())
    def get_calendar_feed_url(self, user: User) -> str:
        path = reverse("calendar_feed", kwargs={"token": calendar_feed_token(user)})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else settings.SITE_URL + path


class CoachInvitationSerializer(strict.ModelSerializer):
    creator = strict.PrimaryKeyRelatedField(read_only=True)
    creator_name = strict.CharField(source="creator.display_name", read_only=True)

    class Meta:
        model = CoachInvitation
        fields = [
            "id",
            "creator",
            "creator_name",
            "coach_email",
            "status",
            "created_at",
            "accepted_at",
            "ended_at",
        ]
        read_only_fields = ["id", "status", "created_at", "accepted_at", "ended_at"]


class MenteeSerializer(strict.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "display_name", "timezone", "weekly_target"]


class CommentSerializer(strict.ModelSerializer):
    target_type = strict.ChoiceField(choices=[])
    target_id = strict.IntegerField(min_value=1)
    author = strict.PrimaryKeyRelatedField(read_only=True)
    author_name = strict.CharField(source="author.display_name", read_only=True)

    class Meta:
        model = Comment
        fields = ["id", "target_type", "target_id", "body", "author", "author_name", "created_at"]
        read_only_fields = ["id", "author", "created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_type"].choices = comments.target_names()

    def to_representation(self, instance: Comment) -> dict:
        data = super().to_representation(instance)
        data["target_type"] = comments.target_name_for_model(instance.target_type.model_class())
        return data

    def validate_body(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError(_("A comment cannot be empty."))
        return value
