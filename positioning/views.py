"""The positioning workspace's pages (HTML; full page or an htmx fragment)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from accounts import services as account_services
from accounts.models import Comment, User
from accounts.selectors import get_mentee_for

from . import charts, method, rows, scoring, selectors, services
from .forms import (
    AccountChecklistForm,
    AuthenticityForm,
    CommentForm,
    GoldenLoopForm,
    OptionStatementForm,
)
from .models import (
    AudienceTier,
    DemandEvidence,
    FunnelStep,
    Interest,
    MarketOpportunity,
    OpinionLeaderAssessment,
    PositioningOption,
    Topic,
)

COMMENT_TARGETS: dict[str, type[Model]] = {"topic": Topic, "option": PositioningOption}


def _table(kind_name: str, user: User, items: list, *, editable: bool = True, initial=None) -> dict:
    kind = rows.KINDS[kind_name]
    return rows.table_context(kind, user, items, editable=editable, initial=initial)


def _page(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """Render the page, or only its `main` partial for an htmx request."""
    name = f"{template}#main" if request.htmx else template
    return TemplateResponse(request, name, context)


# The data each part of the method shows, for the owner's pages and the coach's view.


def _skills(creator: User) -> list:
    tree = selectors.skills_tree(creator)
    for skill, depth in tree:
        skill.tree_depth = depth
    return [skill for skill, _depth in tree]


def _market_tables(creator: User, *, editable: bool) -> dict:
    steps = list(
        selectors.owned(FunnelStep, creator).select_related("funnel").order_by("funnel", "position")
    )
    funnels = selectors.funnels_with_steps(creator)
    return {
        "tier_table": _table(
            "tier", creator, list(selectors.owned(AudienceTier, creator)), editable=editable
        ),
        "funnel_table": _table("funnel", creator, funnels, editable=editable),
        "step_table": _table(
            "step",
            creator,
            steps,
            editable=editable,
            initial={"funnel": funnels[-1].pk} if funnels else None,
        ),
        "evidence_table": _table(
            "evidence", creator, list(selectors.owned(DemandEvidence, creator)), editable=editable
        ),
        "opportunity_table": _table(
            "opportunity",
            creator,
            list(selectors.owned(MarketOpportunity, creator)),
            editable=editable,
        ),
        "funnels": funnels,
    }


def _overview_context(creator: User) -> dict:
    overview = selectors.overview_for(creator)
    scatter = charts.ability_passion_scatter(
        [(t.name, t.ability, t.passion) for t in overview.topics]
    )
    labels = [str(method.OPINION_LEADER_LABELS[d]) for d in scoring.OPINION_LEADER_DIMENSIONS]
    radar = charts.radar(
        [(a.assessed_on.isoformat(), list(a.scores.values())) for a in overview.assessments],
        labels,
    )
    return {
        "overview": overview,
        "scatter": scatter,
        "radar": radar,
        "radar_labels": labels,
        "class_labels": method.INTERSECTION_LABELS,
        "chosen": next((o for o in overview.options if o.is_chosen), None),
    }


@login_required
@vary_on_headers("HX-Request")
def overview(request: HttpRequest) -> HttpResponse:
    context = _overview_context(request.user)
    context["done"] = selectors.done_steps(request.user)
    return _page(request, "positioning/overview.html", context)


@login_required
@vary_on_headers("HX-Request")
def skills(request: HttpRequest) -> HttpResponse:
    table = _table("skill", request.user, _skills(request.user))
    return _page(request, "positioning/skills.html", {"table": table})


@login_required
@vary_on_headers("HX-Request")
def interests(request: HttpRequest) -> HttpResponse:
    items = list(selectors.owned(Interest, request.user))
    return _page(
        request, "positioning/interests.html", {"table": _table("interest", request.user, items)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def interest_authenticity(request: HttpRequest, pk: int) -> HttpResponse:
    interest = selectors.get_owned(Interest, request.user, pk)
    form = AuthenticityForm(request.POST or None, interest=interest)
    if request.method == "POST" and form.is_valid():
        services.interest_set_authenticity(interest=interest, answers=form.answers())
        messages.success(request, _("Your answers were saved."))
        return redirect("positioning:interests")
    return render(
        request, "positioning/interest_authenticity.html", {"interest": interest, "form": form}
    )


@login_required
@vary_on_headers("HX-Request")
def topics(request: HttpRequest) -> HttpResponse:
    items = list(selectors.owned(Topic, request.user))
    return _page(
        request, "positioning/topics.html", {"table": _table("topic", request.user, items)}
    )


@login_required
@vary_on_headers("HX-Request")
def market(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_for(request.user)
    context = _market_tables(request.user, editable=True)
    context["account_form"] = AccountChecklistForm(profile=profile)
    context["profile"] = profile
    return _page(request, "positioning/market.html", context)


@login_required
@require_POST
def account_checklist(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_for(request.user)
    form = AccountChecklistForm(request.POST, profile=profile)
    if form.is_valid():
        try:
            profile = services.profile_update(creator=request.user, data=form.to_profile_data())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            form = AccountChecklistForm(profile=profile)
            if not request.htmx:
                messages.success(request, _("The checklist was saved."))
                return redirect(reverse("positioning:market") + "#account")
    context = {"account_form": form, "profile": profile, "saved": form.is_bound is False}
    if request.htmx:
        return TemplateResponse(request, "positioning/market.html#account", context)
    return redirect(reverse("positioning:market") + "#account")


@login_required
def funnel_summaries(request: HttpRequest) -> HttpResponse:
    funnels = selectors.funnels_with_steps(request.user)
    return TemplateResponse(request, "positioning/market.html#funnels", {"funnels": funnels})


@login_required
@vary_on_headers("HX-Request")
def options(request: HttpRequest) -> HttpResponse:
    items = selectors.options_ranked(request.user)
    return _page(
        request, "positioning/options.html", {"table": _table("option", request.user, items)}
    )


@login_required
@require_POST
def option_choose(request: HttpRequest, pk: int) -> HttpResponse:
    option = selectors.get_owned(PositioningOption, request.user, pk)
    services.option_choose(option=option)
    if not request.htmx:
        return redirect("positioning:options")
    items = selectors.options_ranked(request.user)
    return TemplateResponse(
        request, "positioning/options.html#main", {"table": _table("option", request.user, items)}
    )


def _comment_context(request: HttpRequest, target: Model, target_type: str) -> dict:
    return {
        "comments": Comment.objects.on(target),
        "comment_form": CommentForm(),
        "comment_url": reverse("positioning:comment_create", args=[target_type, target.pk]),
        "target": target,
    }


@login_required
@require_http_methods(["GET", "POST"])
def option_detail(request: HttpRequest, pk: int) -> HttpResponse:
    option = selectors.get_readable(PositioningOption, request.user, pk)
    editable = option.creator_id == request.user.pk
    form = OptionStatementForm(request.POST or None, instance=option) if editable else None
    if request.method == "POST":
        if not editable:
            raise Http404
        if form.is_valid():
            services.row_update(instance=option, data=form.cleaned_data)
            messages.success(request, _("The positioning statement was saved."))
            return redirect("positioning:option_detail", pk=option.pk)
    context = {"option": option, "form": form, "editable": editable}
    context.update(_comment_context(request, option, "option"))
    return render(request, "positioning/option_detail.html", context)


@login_required
def topic_detail(request: HttpRequest, pk: int) -> HttpResponse:
    topic = selectors.get_readable(Topic, request.user, pk)
    context = {"topic": topic, "editable": topic.creator_id == request.user.pk}
    context.update(_comment_context(request, topic, "topic"))
    return render(request, "positioning/topic_detail.html", context)


@login_required
@require_POST
def comment_create(request: HttpRequest, target_type: str, pk: int) -> HttpResponse:
    """The creator or their active coach comments on a topic or an option."""
    model = COMMENT_TARGETS.get(target_type)
    if model is None:
        raise Http404
    target = selectors.get_readable(model, request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            account_services.comment_create(
                author=request.user, target=target, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error("body", error.messages)
        else:
            form = CommentForm()
    if not request.htmx:
        back = request.headers.get("Referer", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = "positioning:overview"
        return redirect(back)
    context = {
        "comments": Comment.objects.on(target),
        "comment_form": form,
        "comment_url": reverse("positioning:comment_create", args=[target_type, pk]),
        "target": target,
    }
    return TemplateResponse(request, "positioning/partials/_comments.html#comments", context)


@login_required
@vary_on_headers("HX-Request")
def loop(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_for(request.user)
    form = GoldenLoopForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        services.profile_update(creator=request.user, data=form.cleaned_data)
        messages.success(request, _("Your golden loop was saved."))
        return redirect("positioning:loop")
    assessments = list(selectors.owned(OpinionLeaderAssessment, request.user))
    context = {
        "form": form,
        "table": _table("assessment", request.user, assessments),
        "assessments": assessments,
    }
    context.update(_radar_context(assessments))
    return _page(request, "positioning/loop.html", context)


def _radar_context(assessments: list) -> dict:
    labels = [str(method.OPINION_LEADER_LABELS[d]) for d in scoring.OPINION_LEADER_DIMENSIONS]
    radar = charts.radar(
        [(a.assessed_on.isoformat(), list(a.scores.values())) for a in assessments], labels
    )
    return {"radar": radar, "radar_labels": labels}


@login_required
def radar_fragment(request: HttpRequest) -> HttpResponse:
    assessments = list(selectors.owned(OpinionLeaderAssessment, request.user))
    context = {"assessments": assessments, **_radar_context(assessments)}
    return TemplateResponse(request, "positioning/partials/_radar.html#radar", context)


@login_required
@vary_on_headers("HX-Request")
def action_plan(request: HttpRequest) -> HttpResponse:
    return _page(request, "positioning/action_plan.html", selectors.action_plan_for(request.user))


@login_required
@require_POST
def action_step(request: HttpRequest, key: str) -> HttpResponse:
    if key not in method.ACTION_KEYS:
        raise Http404
    services.action_step_set(creator=request.user, key=key, done=request.POST.get("done") == "1")
    if not request.htmx:
        return redirect(
            (request.POST.get("next_page") == "dashboard" and "accounts:dashboard")
            or "positioning:action_plan"
        )
    context = {
        **selectors.action_plan_for(request.user),
        "plan_origin": request.POST.get("from", ""),
    }
    return TemplateResponse(request, "positioning/partials/_action_plan.html#plan", context)


@login_required
def mentee_positioning(request: HttpRequest, mentee_id: int) -> HttpResponse:
    """A coach's read-only view of an invited mentee's positioning, with comments."""
    mentee = get_mentee_for(request.user, mentee_id)
    topics_list = list(selectors.owned(Topic, mentee))
    options_list = selectors.options_ranked(mentee)
    context = _overview_context(mentee)
    context.update(_market_tables(mentee, editable=False))
    context.update(
        {
            "mentee": mentee,
            "skill_table": _table("skill", mentee, _skills(mentee), editable=False),
            "interest_table": _table(
                "interest", mentee, list(selectors.owned(Interest, mentee)), editable=False
            ),
            "topic_table": _table("topic", mentee, topics_list, editable=False),
            "option_table": _table("option", mentee, options_list, editable=False),
            "assessment_table": _table(
                "assessment", mentee, context["overview"].assessments, editable=False
            ),
            "profile": selectors.profile_for(mentee),
        }
    )
    return render(request, "positioning/mentee.html", context)
