from django import forms
from django.utils.translation import gettext_lazy as _

from calendar_app.models import Channel


class ConnectorForm(forms.Form):
    source_kind = forms.ChoiceField(
        label=_("Numbers from"),
        choices=[("", _("typed in or imported (no connector)")), *Channel.Source.choices],
        required=False,
    )
    source_ref = forms.CharField(
        label=_("Feed URL, user, channel id or handle"), max_length=300, required=False
    )
    source_secret = forms.CharField(
        label=_("API key or token"),
        max_length=500,
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Only where the platform needs one. Leave empty to keep the stored one."),
    )
    remove_secret = forms.BooleanField(label=_("Remove the stored key"), required=False)

    def source(self) -> dict[str, str]:
        """The service's arguments: the secret only when typed in or removed."""
        data = self.cleaned_data
        source = {"source_kind": data["source_kind"], "source_ref": data["source_ref"]}
        if data["remove_secret"]:
            source["source_secret"] = ""
        elif data["source_secret"]:
            source["source_secret"] = data["source_secret"]
        return source
