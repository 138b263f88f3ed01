"""Inline table rows: one registry of row kinds and the htmx views that add, edit and
delete them. A row's form inputs sit in its cells; errors come back inline in the row."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from accounts import hierarchy
from accounts.models import User

from . import forms, selectors, services
from .models import (
    AudienceFunnel,
    AudienceTier,
    DemandEvidence,
    FunnelStep,
    Interest,
    MarketOpportunity,
    OpinionLeaderAssessment,
    PositioningOption,
    Skill,
    Topic,
)

TEMPLATE = "positioning/partials/_rows.html"


@dataclass(frozen=True)
class RowKind:
    name: str
    model: type[Model]
    form: type[forms.RowForm]
    # One (header, form field) per column; computed columns have no form field.
    columns: tuple[tuple[str | Promise, str | None], ...]
    page: str
    caption: str | Promise = ""
    event: str = ""  # a client event sent after every change (other parts refresh on it)

    def headers(self) -> list:
        return [header for header, _field in self.columns]


def _decorate_skills(rows: list[Skill], user: User) -> None:
    creators = {skill.creator_id for skill in rows}
    parents = dict(Skill.objects.filter(creator_id__in=creators).values_list("pk", "parent_id"))
    for skill in rows:
        if not hasattr(skill, "tree_depth"):
            skill.tree_depth = len(hierarchy.ancestors(parents, skill.parent_id))


def _decorate_commented(model: type[Model]) -> Callable:
    def decorate(rows: list, user: User) -> None:
        counts = selectors.comment_counts(model, [row.pk for row in rows])
        for row in rows:
            row.comment_count = counts.get(row.pk, 0)

    return decorate


DECORATORS: dict[str, Callable] = {
    "skill": _decorate_skills,
    "topic": _decorate_commented(Topic),
    "option": _decorate_commented(PositioningOption),
}

KINDS: dict[str, RowKind] = {
    kind.name: kind
    for kind in (
        RowKind(
            "skill",
            Skill,
            forms.SkillForm,
            (
                (_("Skill"), "name"),
                (_("Skill area"), "parent"),
                (_("Proficiency"), "proficiency"),
                (_("Years"), "years"),
                (_("Projects"), "projects"),
                (_("Uniqueness"), "uniqueness"),
                (_("Notes"), "notes"),
            ),
            "positioning:skills",
            _("Skill inventory"),
        ),
        RowKind(
            "interest",
            Interest,
            forms.InterestForm,
            (
                (_("Domain"), "name"),
                (_("Learning"), "learning"),
                (_("Practice"), "practice"),
                (_("Sharing"), "sharing"),
                (_("Duration (years)"), "duration_years"),
                (_("Composite"), None),
                (_("Authenticity"), None),
            ),
            "positioning:interests",
            _("Interest assessment"),
        ),
        RowKind(
            "topic",
            Topic,
            forms.TopicForm,
            (
                (_("Topic"), "name"),
                (_("Ability"), "ability"),
                (_("Passion"), "passion"),
                (_("Intersection"), None),
                (_("Layer"), "layer"),
                (_("Depth"), "depth"),
                (_("Market demand"), "market_demand"),
                (_("Comments"), None),
            ),
            "positioning:topics",
            _("Candidate topics"),
        ),
        RowKind(
            "tier",
            AudienceTier,
            forms.AudienceTierForm,
            (
                (_("Tier"), "tier"),
                (_("Audience"), "name"),
                (_("Needs"), "needs"),
                (_("Preferred content"), "preferred_content"),
                (_("Willingness to pay"), "willingness_to_pay"),
            ),
            "positioning:market",
            _("Audience tiers"),
        ),
        RowKind(
            "funnel",
            AudienceFunnel,
            forms.AudienceFunnelForm,
            ((_("Base population"), "name"), (_("Size"), "base")),
            "positioning:market",
            _("Audience-size funnels"),
            event="funnelChanged",
        ),
        RowKind(
            "step",
            FunnelStep,
            forms.FunnelStepForm,
            (
                (_("Funnel"), "funnel"),
                (_("Filter"), "label"),
                (_("Percent"), "percent"),
                (_("Order"), "position"),
            ),
            "positioning:market",
            _("Funnel filters"),
            event="funnelChanged",
        ),
        RowKind(
            "evidence",
            DemandEvidence,
            forms.DemandEvidenceForm,
            (
                (_("Kind"), "kind"),
                (_("Signal"), "title"),
                (_("Figure"), "figure"),
                (_("Source"), "source_url"),
                (_("Notes"), "notes"),
            ),
            "positioning:market",
            _("Demand evidence"),
        ),
        RowKind(
            "opportunity",
            MarketOpportunity,
            forms.MarketOpportunityForm,
            (
                (_("Niche"), "name"),
                (_("Market size"), "market_size"),
                (_("Competition"), "competition"),
                (_("Content gap"), "content_gap"),
                (_("Commercial value"), "commercial_value"),
                (_("Long-term trend"), "long_term_trend"),
                (_("Opportunity score"), None),
            ),
            "positioning:market",
            _("Opportunity ratings"),
        ),
        RowKind(
            "option",
            PositioningOption,
            forms.PositioningOptionForm,
            (
                (_("Positioning"), "title"),
                (_("Professional match"), "professional_match"),
                (_("Interest match"), "interest_match"),
                (_("Market demand"), "market_demand"),
                (_("Competition"), "competition"),
                (_("Recommendation"), None),
                (_("Decision matrix"), None),
                (_("Chosen"), None),
            ),
            "positioning:options",
            _("Positioning options"),
            event="optionsChanged",
        ),
        RowKind(
            "assessment",
            OpinionLeaderAssessment,
            forms.OpinionLeaderAssessmentForm,
            (
                (_("Date"), "assessed_on"),
                (_("Technical expertise"), "technical_expertise"),
                (_("Industry insight"), "industry_insight"),
                (_("Cross-domain knowledge"), "cross_domain"),
                (_("Leadership"), "leadership"),
                (_("Influence"), "influence"),
                (_("Average"), None),
            ),
            "positioning:loop",
            _("Opinion-leader self-assessment"),
            event="assessmentsChanged",
        ),
    )
}


def get_kind(name: str) -> RowKind:
    kind = KINDS.get(name)
    if kind is None:
        raise Http404
    return kind


def decorate(kind: RowKind, rows: list, user: User) -> list:
    decorator = DECORATORS.get(kind.name)
    if decorator:
        decorator(rows, user)
    return rows


def make_form(kind: RowKind, user: User, *, instance=None, data=None, initial=None):
    form_id = f"{kind.name}-form-{instance.pk if instance and instance.pk else 'new'}"
    if instance is None:
        instance = kind.model(creator=user)
    return kind.form(data, instance=instance, initial=initial, creator=user, form_id=form_id)


def form_cells(kind: RowKind, form) -> list:
    return [form[name] if name else None for _header, name in kind.columns]


def table_context(kind: RowKind, user: User, rows: list, *, editable: bool, initial=None) -> dict:
    """Everything `_rows.html#table` needs for one kind's table."""
    new_form = make_form(kind, user, initial=initial) if editable else None
    return {
        "kind": kind,
        "rows": decorate(kind, rows, user),
        "editable": editable,
        "new_form": new_form,
        "new_cells": form_cells(kind, new_form) if new_form else [],
    }


def _render(request: HttpRequest, partial: str, context: dict) -> HttpResponse:
    response = TemplateResponse(request, f"{TEMPLATE}#{partial}", {"editable": True, **context})
    kind = context["kind"]
    if kind.event:
        response = trigger_client_event(response, kind.event)
    return response


def _errors_to_form(form, error: ValidationError) -> None:
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


def _save(kind: RowKind, user: User, form, instance=None) -> Model | None:
    if not form.is_valid():
        return None
    data = {name: form.cleaned_data[name] for name in form.fields}
    try:
        if instance is None:
            return services.row_create(model=kind.model, creator=user, data=data)
        return services.row_update(instance=instance, data=data)
    except ValidationError as error:
        _errors_to_form(form, error)
        return None


def _edit_context(kind: RowKind, form, instance=None) -> dict:
    return {"kind": kind, "form": form, "cells": form_cells(kind, form), "obj": instance}


@login_required
@require_POST
def row_create(request: HttpRequest, kind_name: str) -> HttpResponse:
    kind = get_kind(kind_name)
    form = make_form(kind, request.user, data=request.POST)
    instance = _save(kind, request.user, form)
    if not request.htmx:
        return redirect(kind.page)
    if instance is None:
        return _render(request, "new", _edit_context(kind, form))
    fresh = make_form(kind, request.user, initial=_sticky_initial(kind, instance))
    context = {
        "kind": kind,
        "obj": decorate(kind, [instance], request.user)[0],
        "form": fresh,
        "cells": form_cells(kind, fresh),
    }
    return _render(request, "created", context)


def _sticky_initial(kind: RowKind, instance: Model) -> dict:
    """The next new row keeps the parent it was added under (funnel, skill area)."""
    if kind.name == "step":
        return {"funnel": instance.funnel_id}
    return {}


@login_required
@require_http_methods(["GET", "POST"])
def row_detail(request: HttpRequest, kind_name: str, pk: int) -> HttpResponse:
    kind = get_kind(kind_name)
    instance = selectors.get_owned(kind.model, request.user, pk)
    if request.method == "POST":
        form = make_form(kind, request.user, instance=instance, data=request.POST)
        saved = _save(kind, request.user, form, instance)
        if not request.htmx:
            return redirect(kind.page)
        if saved is None:
            return _render(request, "edit", _edit_context(kind, form, instance))
        instance = saved
    context = {"kind": kind, "obj": decorate(kind, [instance], request.user)[0]}
    return _render(request, "row", context)


@login_required
@require_GET
def row_edit(request: HttpRequest, kind_name: str, pk: int) -> HttpResponse:
    kind = get_kind(kind_name)
    instance = selectors.get_owned(kind.model, request.user, pk)
    form = make_form(kind, request.user, instance=instance)
    return _render(request, "edit", _edit_context(kind, form, instance))


@login_required
@require_POST
def row_delete(request: HttpRequest, kind_name: str, pk: int) -> HttpResponse:
    kind = get_kind(kind_name)
    instance = selectors.get_owned(kind.model, request.user, pk)
    services.row_delete(instance=instance)
    if not request.htmx:
        return redirect(kind.page)
    response = HttpResponse("")
    if kind.event:
        response = trigger_client_event(response, kind.event)
    return response
