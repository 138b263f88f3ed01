from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import WebhookEndpoint, WebhookEvent


class ImportForm(forms.Form):
    KIND_CHOICES = [("ics", _("iCalendar (.ics)")), ("csv", _("CSV"))]

    kind = forms.ChoiceField(label=_("File type"), choices=KIND_CHOICES, initial="ics")
    file = forms.FileField(label=_("File"))


class WebhookEndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=WebhookEvent.values,
    )

    class Meta:
        model = WebhookEndpoint
        fields = ("url", "description", "events")
        help_texts = {"url": _("We POST signed JSON to this HTTPS address.")}
