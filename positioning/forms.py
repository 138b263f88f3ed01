from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.widgets import DateInput

from . import method, scoring
from .models import (
    AudienceFunnel,
    AudienceTier,
    DemandEvidence,
    FunnelStep,
    Interest,
    MarketOpportunity,
    OpinionLeaderAssessment,
    PositioningOption,
    PositioningProfile,
    Skill,
    Topic,
)


class RowForm(forms.ModelForm):
    """A table row's form: its inputs sit in the row's cells, tied to the form by id."""

    def __init__(self, *args, creator, form_id: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.creator = creator
        self.form_id = form_id
        for name, field in self.fields.items():
            field.widget.attrs["form"] = form_id
            field.widget.attrs.setdefault("aria-label", field.label)
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = field.queryset.model.objects.for_creator(creator)
            if isinstance(field.widget, forms.NumberInput):
                field.widget.attrs["class"] = "input-score"
            field.widget.attrs["id"] = f"{form_id}-{name}"


class SkillForm(RowForm):
    class Meta:
        model = Skill
        fields = ["name", "parent", "proficiency", "years", "projects", "uniqueness", "notes"]
        widgets = {"notes": forms.TextInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(
                pk=self.instance.pk
            )


class InterestForm(RowForm):
    class Meta:
        model = Interest
        fields = ["name", "learning", "practice", "sharing", "duration_years"]


class TopicForm(RowForm):
    class Meta:
        model = Topic
        fields = ["name", "ability", "passion", "layer", "depth", "market_demand"]


class AudienceTierForm(RowForm):
    class Meta:
        model = AudienceTier
        fields = ["tier", "name", "needs", "preferred_content", "willingness_to_pay"]
        widgets = {"needs": forms.TextInput}


class AudienceFunnelForm(RowForm):
    class Meta:
        model = AudienceFunnel
        fields = ["name", "base"]


class FunnelStepForm(RowForm):
    class Meta:
        model = FunnelStep
        fields = ["funnel", "label", "percent", "position"]


class DemandEvidenceForm(RowForm):
    class Meta:
        model = DemandEvidence
        fields = ["kind", "title", "figure", "source_url", "notes"]
        widgets = {"notes": forms.TextInput}


class MarketOpportunityForm(RowForm):
    class Meta:
        model = MarketOpportunity
        fields = ["name", *scoring.OPPORTUNITY_RATINGS]


class PositioningOptionForm(RowForm):
    class Meta:
        model = PositioningOption
        fields = ["title", "professional_match", "interest_match", "market_demand", "competition"]


class OpinionLeaderAssessmentForm(RowForm):
    class Meta:
        model = OpinionLeaderAssessment
        fields = ["assessed_on", *scoring.OPINION_LEADER_DIMENSIONS]
        widgets = {"assessed_on": DateInput()}


class OptionStatementForm(forms.ModelForm):
    class Meta:
        model = PositioningOption
        fields = [
            "core_ability",
            "unique_perspective",
            "audience_pain_point",
            "target_audience",
            "core_theme",
            "differentiators",
            "content_forms",
            "channels",
            "value_proposition",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in ("target_audience", "core_theme", "differentiators", "content_forms")
        } | {"channels": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "core_ability": _(
                "Positioning = core ability x unique perspective x audience pain point."
            ),
            "value_proposition": _("One paragraph: who you help, with what, and why you."),
        }


class GoldenLoopForm(forms.ModelForm):
    class Meta:
        model = PositioningProfile
        fields = [
            "main_career",
            "career_builds",
            "career_brings",
            "writing_themes",
            "spreading_channels",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in ("career_builds", "career_brings", "writing_themes", "spreading_channels")
        }


class AccountChecklistForm(forms.Form):
    """Seed 002: the account as a product, value = demand x commercial x traffic."""

    RATING_CHOICES = [("", "-")] + [(n, str(n)) for n in range(1, 6)]

    demand_rating = forms.TypedChoiceField(
        label=_("Demand"), choices=RATING_CHOICES, coerce=int, empty_value=None, required=False
    )
    commercial_rating = forms.TypedChoiceField(
        label=_("Commercial"), choices=RATING_CHOICES, coerce=int, empty_value=None, required=False
    )
    traffic_rating = forms.TypedChoiceField(
        label=_("Traffic"), choices=RATING_CHOICES, coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, profile: PositioningProfile, **kwargs):
        initial = {
            "demand_rating": profile.demand_rating,
            "commercial_rating": profile.commercial_rating,
            "traffic_rating": profile.traffic_rating,
            **{f"q_{k}": v for k, v in (profile.account_answers or {}).items()},
        }
        super().__init__(*args, initial=initial, **kwargs)
        for key, dimension, label in method.ACCOUNT_QUESTIONS:
            self.fields[f"q_{key}"] = forms.CharField(
                label=label,
                required=False,
                max_length=2000,
                widget=forms.TextInput(attrs={"data-dimension": dimension}),
            )

    def questions(self, dimension: str) -> list:
        return [
            self[f"q_{key}"] for key, dim, _label in method.ACCOUNT_QUESTIONS if dim == dimension
        ]

    def grouped(self) -> list:
        return [
            (label, self[f"{dimension}_rating"], self.questions(dimension))
            for dimension, label in method.ACCOUNT_DIMENSIONS.items()
        ]

    def to_profile_data(self) -> dict:
        data = self.cleaned_data
        return {
            "demand_rating": data["demand_rating"],
            "commercial_rating": data["commercial_rating"],
            "traffic_rating": data["traffic_rating"],
            "account_answers": {key: data[f"q_{key}"] for key in method.ACCOUNT_KEYS},
        }


class AuthenticityForm(forms.Form):
    ANSWERS = [("", _("not answered")), ("yes", _("yes")), ("no", _("no"))]

    def __init__(self, *args, interest: Interest, **kwargs):
        answers = interest.authenticity or {}
        initial = {
            key: ("yes" if answers[key] else "no")
            for key in answers
            if key in method.AUTHENTICITY_QUESTION_LABELS
        }
        super().__init__(*args, initial=initial, **kwargs)
        for key in scoring.AUTHENTICITY_KEYS:
            self.fields[key] = forms.ChoiceField(
                label=method.AUTHENTICITY_QUESTION_LABELS[key],
                choices=self.ANSWERS,
                required=False,
                widget=forms.RadioSelect,
            )

    def groups(self) -> list:
        return [
            (label, [self[q.key] for q in scoring.AUTHENTICITY_QUESTIONS if q.group == group])
            for group, label in method.AUTHENTICITY_GROUP_LABELS.items()
        ]

    def answers(self) -> dict:
        mapping = {"yes": True, "no": False}
        return {key: mapping[value] for key, value in self.cleaned_data.items() if value in mapping}


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
