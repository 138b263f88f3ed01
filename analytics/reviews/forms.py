from django import forms
from django.utils.translation import gettext_lazy as _

from analytics.models import Review, ReviewKind


class ReflectionForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = ("went_well", "went_badly", "next_focus")
        widgets = {
            "went_well": forms.Textarea(attrs={"rows": 4}),
            "went_badly": forms.Textarea(attrs={"rows": 4}),
            "next_focus": forms.Textarea(attrs={"rows": 4}),
        }


class ReviewSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("all kinds")), *ReviewKind.choices]
    )


class TemplateItemForm(forms.Form):
    text = forms.CharField(label=_("New checklist item"), max_length=300)


class ReviewCommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
