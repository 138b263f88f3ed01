from datetime import timedelta

from django import forms
from django.contrib.auth.forms import BaseUserCreationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import TIMEZONE_CHOICES, PersonalAccessToken, User, normalize_email
from .widgets import TimeInput


class SignUpForm(BaseUserCreationForm):
    # app.js picks the browser's time zone (the language comes from the browser's request).
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=TIMEZONE_CHOICES,
        initial="UTC",
        widget=forms.Select(attrs={"data-browser-timezone": ""}),
    )

    class Meta:
        model = User
        fields = ("email", "display_name", "timezone", "language")

    def clean_email(self) -> str:
        email = normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(_("An account with this email already exists."))
        return email


class ProfileForm(forms.ModelForm):
    timezone = forms.ChoiceField(label=_("Time zone"), choices=TIMEZONE_CHOICES)

    class Meta:
        model = User
        fields = ("display_name", "timezone", "language", "weekly_target")


class TokenCreateForm(forms.Form):
    EXPIRY_CHOICES = [
        ("", _("Never")),
        ("7", _("In 7 days")),
        ("30", _("In 30 days")),
        ("90", _("In 90 days")),
        ("365", _("In a year")),
    ]

    name = forms.CharField(label=_("Name"), max_length=100)
    scope = forms.ChoiceField(label=_("Scope"), choices=PersonalAccessToken.Scope.choices)
    expires_in = forms.ChoiceField(label=_("Expires"), choices=EXPIRY_CHOICES, required=False)

    def expires_at(self):
        days = self.cleaned_data.get("expires_in")
        return timezone.now() + timedelta(days=int(days)) if days else None


class InviteCoachForm(forms.Form):
    coach_email = forms.EmailField(label=_("Coach's email"))


class ReminderPreferencesForm(forms.ModelForm):
    """When reviews open and which reminders reach the user by email."""

    class Meta:
        model = User
        fields = (
            "reviews_enabled",
            "review_weekday",
            "content_due_lead_hours",
            "stale_draft_days",
            "quiet_hours_start",
            "quiet_hours_end",
            "email_content_due",
            "email_review_due",
            "email_target_at_risk",
            "email_stale_draft",
            "email_comment",
        )
        widgets = {
            "quiet_hours_start": TimeInput(),
            "quiet_hours_end": TimeInput(),
        }
