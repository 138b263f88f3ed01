from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.widgets import DateInput, DateTimeInput
from analytics.models import COUNTERS, GrowthFactors, IncomeEntry, TimeEntry
from calendar_app.models import Channel, ContentItem


class SnapshotForm(forms.Form):
    channel = forms.ModelChoiceField(queryset=Channel.objects.none(), label=_("Channel"))
    content_item = forms.ModelChoiceField(
        queryset=ContentItem.objects.none(),
        required=False,
        label=_("Content item"),
        help_text=_("Leave empty to record the channel's followers."),
    )
    captured_at = forms.DateTimeField(label=_("Captured at"), widget=DateTimeInput())
    followers = forms.IntegerField(label=_("Followers"), min_value=0, required=False)
    views = forms.IntegerField(label=_("Views"), min_value=0, required=False)
    likes = forms.IntegerField(label=_("Likes"), min_value=0, required=False)
    comments = forms.IntegerField(label=_("Comments"), min_value=0, required=False)
    shares = forms.IntegerField(label=_("Shares"), min_value=0, required=False)
    saves = forms.IntegerField(label=_("Saves"), min_value=0, required=False)

    def __init__(self, *args, creator: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = Channel.objects.for_creator(creator)
        self.fields["content_item"].queryset = (
            ContentItem.objects.for_creator(creator).visible().for_picking()
        )

    def counts(self) -> dict[str, int | None]:
        return {name: self.cleaned_data.get(name) for name in COUNTERS}


class CsvUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))


class TimeEntryForm(forms.ModelForm):
    class Meta:
        model = TimeEntry
        fields = ["spent_on", "activity", "hours", "note"]
        widgets = {"spent_on": DateInput()}


class IncomeEntryForm(forms.ModelForm):
    class Meta:
        model = IncomeEntry
        fields = ["received_on", "route", "amount", "note"]
        widgets = {"received_on": DateInput()}


class GrowthFactorsForm(forms.ModelForm):
    class Meta:
        model = GrowthFactors
        fields = [
            "k_creation",
            "k_promotion",
            "k_monetisation",
            "k_technical",
            "k_quality",
            "k_interaction",
            "k_exposure",
            "k_frequency",
            "k_monetisation_ip",
            "k_overall",
        ]
