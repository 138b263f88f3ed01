from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from . import comments
from .models import TIMEZONE_CHOICES, CoachInvitation, Comment, User


class MeSerializer(serializers.ModelSerializer):
    timezone = serializers.ChoiceField(choices=TIMEZONE_CHOICES)

    class Meta:
        model = User
        fields = ["id", "email", "display_name", "timezone", "language", "weekly_target"]
        read_only_fields = ["id", "email"]


class CoachInvitationSerializer(serializers.ModelSerializer):
    creator = serializers.PrimaryKeyRelatedField(read_only=True)
    creator_name = serializers.CharField(source="creator.display_name", read_only=True)

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


class MenteeSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "display_name", "timezone", "weekly_target"]


class CommentSerializer(serializers.ModelSerializer):
    target_type = serializers.ChoiceField(choices=[])
    target_id = serializers.IntegerField(min_value=1)
    author = serializers.PrimaryKeyRelatedField(read_only=True)
    author_name = serializers.CharField(source="author.display_name", read_only=True)

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
