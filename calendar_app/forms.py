from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.widgets import DateInput, DateTimeInput, TimeInput

from . import selectors
from .models import Channel, ContentItem, PlanPhase, Series

WEEKDAY_CHOICES = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class OwnedChoicesMixin:
    """Limit topic, channel and source choices to the creator's own objects."""

    def limit_choices(self, creator: User) -> None:
        owned = {
            "topic": selectors.topics_for(creator),
            "channel": selectors.channels_for(creator),
            "repurposed_from": selectors.items_for(creator).visible().for_picking(),
        }
        for name, queryset in owned.items():
            if name in self.fields:
                self.fields[name].queryset = queryset


class ChannelForm(forms.ModelForm):
    class Meta:
        model = Channel
        fields = ("platform", "name", "url", "role")


class ContentItemForm(OwnedChoicesMixin, forms.ModelForm):
    class Meta:
        model = ContentItem
        fields = ContentItem.EDITABLE_FIELDS
        widgets = {"planned_for": DateTimeInput(), "published_at": DateTimeInput()}

    def __init__(self, *args, creator: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_choices(creator)
        if self.instance.pk:
            self.fields["repurposed_from"].queryset = self.fields[
                "repurposed_from"
            ].queryset.exclude(pk=self.instance.pk)


class QuickAddForm(OwnedChoicesMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    day = forms.DateField(label=_("Day"), widget=DateInput())
    channel = forms.ModelChoiceField(
        label=_("Channel"), queryset=Channel.objects.none(), required=False
    )

    def __init__(self, *args, creator: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_choices(creator)


class RescheduleForm(forms.Form):
    day = forms.DateField(label=_("Move to"), required=False, widget=DateInput())
    planned_for = forms.DateTimeField(required=False, widget=DateTimeInput())

    def clean(self):
        data = super().clean()
        if not data.get("day") and not data.get("planned_for"):
            raise forms.ValidationError(_("Choose a day."))
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ContentItem.Status.choices)


class DeriveForm(OwnedChoicesMixin, forms.Form):
    channel = forms.ModelChoiceField(
        label=_("Channel"), queryset=Channel.objects.none(), required=False
    )
    format = forms.ChoiceField(label=_("Format"), choices=ContentItem.Format.choices)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)

    def __init__(self, *args, creator: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_choices(creator)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea)


class SeriesForm(OwnedChoicesMixin, forms.ModelForm):
    weekdays = forms.TypedMultipleChoiceField(
        label=_("On"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Series
        fields = Series.EDITABLE_FIELDS
        widgets = {
            "time_of_day": TimeInput(),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }

    def __init__(self, *args, creator: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_choices(creator)

    def clean(self) -> dict:
        """A weekly series' day follows "Starts on" unless the creator chose the days: the
        preselected day is only a default (a Friday start used to make Tuesdays)."""
        data = super().clean()
        starts_on = data.get("starts_on")
        weekly = data.get("frequency") == Series.Frequency.WEEKLY
        days_untouched = "weekdays" not in self.changed_data  # unticking them all is an error
        if weekly and starts_on and days_untouched and "starts_on" in self.changed_data:
            data["weekdays"] = [starts_on.weekday()]
        return data

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PlanStartForm(forms.Form):
    plan_start = forms.DateField(label=_("The plan starts"), widget=DateInput())


class PlanPhaseForm(forms.ModelForm):
    class Meta:
        model = PlanPhase
        fields = ("name", "start_month", "end_month", "follower_target", "output_target", "goals")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # built-in texts in the reader's language
            self.initial["name"] = self.instance.display_name
            self.initial["goals"] = self.instance.display_goals

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
