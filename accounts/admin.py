from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import CoachInvitation, Comment, PersonalAccessToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "timezone", "language", "is_staff"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["display_name", "timezone", "language", "weekly_target"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "display_name", "password1", "password2"]})]


@admin.register(CoachInvitation)
class CoachInvitationAdmin(admin.ModelAdmin):
    list_display = ["creator", "coach_email", "status", "created_at"]
    list_filter = ["status"]


@admin.register(PersonalAccessToken)
class PersonalAccessTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "scope", "prefix", "last_used_at", "revoked_at"]
    readonly_fields = ["token_hash", "prefix"]


admin.site.register(Comment)
