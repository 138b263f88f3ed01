"""Reads for the positioning workspace, always scoped to who is asking."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, Model, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts import hierarchy
from accounts.models import Comment, User
from accounts.selectors import readable_creator_ids

from . import method, scoring
from .models import (
    ActionStepDone,
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

ASSESSMENT_REPEAT_DAYS = 90


def owned(model: type[Model], user: User) -> QuerySet:
    return model.objects.for_creator(user)


def readable(model: type[Model], user: User) -> QuerySet:
    return model.objects.for_creators(readable_creator_ids(user))


def get_owned(model: type[Model], user: User, pk: int) -> Model:
    """The user's own object, or 404 (another creator's, a mentee's, or none)."""
    instance = owned(model, user).filter(pk=pk).first()
    if instance is None:
        raise Http404
    return instance


def get_readable(model: type[Model], user: User, pk: int) -> Model:
    instance = readable(model, user).filter(pk=pk).first()
    if instance is None:
        raise Http404
    return instance


def skills_tree(creator: User) -> list[tuple[Skill, int]]:
    """The skill inventory in tree order, as (skill, depth) pairs.

    At most `hierarchy.MAX_DEPTH` levels; skills no walk from a root reaches (a cycle
    written around the services) follow at depth 0, so nothing is hidden."""
    skills = list(owned(Skill, creator))
    children: dict[int | None, list[Skill]] = {}
    for skill in skills:
        children.setdefault(skill.parent_id, []).append(skill)
    ordered: list[tuple[Skill, int]] = []
    placed: set[int] = set()

    def walk(parent_id: int | None, depth: int) -> None:
        if depth >= hierarchy.MAX_DEPTH:
            return
        for skill in children.get(parent_id, []):
            if skill.pk not in placed:
                placed.add(skill.pk)
                ordered.append((skill, depth))
                walk(skill.pk, depth + 1)

    walk(None, 0)
    ordered.extend((skill, 0) for skill in skills if skill.pk not in placed)
    return ordered


def funnels_with_steps(creator: User) -> list[AudienceFunnel]:
    funnels = list(
        owned(AudienceFunnel, creator).prefetch_related(
            Prefetch("steps", queryset=FunnelStep.objects.order_by("position", "id"))
        )
    )
    for funnel in funnels:
        funnel.estimates = funnel.computed_steps(list(funnel.steps.all()))
    return funnels


def profile_for(creator: User) -> PositioningProfile:
    """The creator's profile, or an unsaved empty one (reads never write)."""
    profile = PositioningProfile.objects.filter(creator=creator).first()
    return profile or PositioningProfile(creator=creator)


def done_steps(creator: User) -> set[str]:
    """The first-month steps ticked by hand, and those the creator's data proves done."""
    ticked = set(ActionStepDone.objects.for_creator(creator).values_list("key", flat=True))
    return ticked | proven_steps(creator)


def proven_steps(creator: User) -> set[str]:
    """Steps whose result is in the data (two queries): a skill inventory, interests with
    their questionnaire, rated topics, an audience persona, three options, scored, one
    chosen with its statement; and, from the planning app (by relation name, not imported),
    a 12-month plan, channels and a published piece."""
    counts = _counts(creator)
    row = (
        User.objects.filter(pk=creator.pk)
        .annotate(
            n_rated=_count(Topic),  # a topic is rated on ability and passion when added
            n_options=_count(PositioningOption),  # and an option on its four scores
            has_plan=_exists("PlanPhase"),
            has_channel=_exists("Channel"),
            has_published=_exists("ContentItem", status="published"),
        )
        .values("n_rated", "n_options", "has_plan", "has_channel", "has_published")
        .get()
    )
    chosen = owned(PositioningOption, creator).filter(is_chosen=True).first()
    proven = {
        "w1_skills": counts["skills"] > 0,
        "w1_interests": counts["interests"] > 0
        and not owned(Interest, creator).filter(authenticity={}).exists(),
        "w1_venn": row["n_rated"] > 0,
        "w2_persona": counts["tiers"] > 0,
        "w3_candidates": row["n_options"] >= 3,
        "w3_score": row["n_options"] >= 3,
        "w3_choose": chosen is not None and chosen.statement_complete,
        "w3_calendar": row["has_plan"],
        "w4_accounts": row["has_channel"],
        "w4_first_piece": row["has_published"],
    }
    return {key for key, done in proven.items() if done}


def options_ranked(creator: User) -> list[PositioningOption]:
    """Options best first: chosen, then by recommendation stars, decision stars, title."""
    options = list(owned(PositioningOption, creator))
    return sorted(
        options,
        key=lambda o: (not o.is_chosen, -o.recommendation, -o.decision_stars, o.title, o.pk),
    )


def comment_counts(model: type[Model], ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    rows = (
        Comment.objects.filter(
            target_type=ContentType.objects.get_for_model(model), target_id__in=ids
        )
        .values("target_id")
        .annotate(n=Count("id"))
    )
    return {row["target_id"]: row["n"] for row in rows}


@dataclass
class MissingStep:
    label: str | Promise
    url: str


@dataclass
class Overview:
    topics: list[Topic]
    topics_by_class: dict[str, int]
    options: list[PositioningOption]
    assessments: list[OpinionLeaderAssessment]
    profile: PositioningProfile
    missing: list[MissingStep] = field(default_factory=list)


def _count(model: type[Model]) -> Coalesce:
    rows = (
        model.objects.filter(creator=OuterRef("pk"))
        .values("creator")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def _exists(planning_model: str, **conditions) -> Exists:
    """Whether the creator has a row of a planning-app model (looked up by name: this app
    sits below calendar_app and never imports it)."""
    model = apps.get_model("calendar_app", planning_model)
    return Exists(model.objects.filter(creator=OuterRef("pk"), **conditions))


def _counts(creator: User) -> dict[str, int]:
    """Row counts per part of the method, in one query."""
    counted = {
        "skills": Skill,
        "interests": Interest,
        "tiers": AudienceTier,
        "funnels": AudienceFunnel,
        "evidence": DemandEvidence,
        "opportunities": MarketOpportunity,
    }
    annotations = {f"n_{name}": _count(model) for name, model in counted.items()}
    row = User.objects.filter(pk=creator.pk).annotate(**annotations).values(*annotations).get()
    return {name: row[f"n_{name}"] for name in counted}


def missing_steps(
    creator: User,
    *,
    topics: list[Topic],
    options: list[PositioningOption],
    assessments: list[OpinionLeaderAssessment],
    profile: PositioningProfile,
    interests_unanswered: bool,
    counts: dict[str, int],
) -> list[MissingStep]:
    """What is still missing to complete METHOD.md section 1, with where to do it."""
    url = reverse
    missing: list[MissingStep] = []

    def need(condition: bool, label, url_name: str, anchor: str = "") -> None:
        if condition:
            missing.append(MissingStep(label, url(url_name) + anchor))

    need(not counts["skills"], _("List your skill areas and sub-skills"), "positioning:skills")
    need(not counts["interests"], _("Score your interests"), "positioning:interests")
    need(
        interests_unanswered,
        _("Answer the authenticity questions for each interest"),
        "positioning:interests",
    )
    need(not topics, _("Add candidate topics and rate ability and passion"), "positioning:topics")
    need(
        bool(topics) and not any(t.intersection == scoring.CORE for t in topics),
        _("Find at least one core topic (ability and passion both 4 or more)"),
        "positioning:topics",
    )
    need(not counts["tiers"], _("Describe your audience tiers"), "positioning:market", "#tiers")
    need(not counts["funnels"], _("Estimate your audience size"), "positioning:market", "#funnels")
    need(not counts["evidence"], _("Collect demand evidence"), "positioning:market", "#evidence")
    need(
        not counts["opportunities"],
        _("Rate the market opportunity"),
        "positioning:market",
        "#opportunities",
    )
    need(
        len(profile.account_answers or {}) < len(method.ACCOUNT_KEYS)
        or profile.account_value is None,
        _("Work through the demand x commercial x traffic checklist"),
        "positioning:market",
        "#account",
    )
    need(len(options) < 3, _("Write at least three candidate positionings"), "positioning:options")
    chosen = next((o for o in options if o.is_chosen), None)
    need(chosen is None, _("Choose one positioning"), "positioning:options")
    need(
        chosen is not None and not chosen.statement_complete,
        _("Complete the positioning statement and value proposition"),
        "positioning:options",
    )
    need(not profile.golden_loop_complete, _("Describe your golden loop"), "positioning:loop")
    stale = creator.local_today() - timedelta(days=ASSESSMENT_REPEAT_DAYS)
    need(
        not assessments or assessments[-1].assessed_on < stale,
        _("Take the opinion-leader self-assessment (again every quarter)"),
        "positioning:loop",
    )
    return missing


def overview_for(creator: User) -> Overview:
    """Everything the overview page shows, in a fixed number of queries."""
    topics = list(owned(Topic, creator))
    by_class = dict.fromkeys(scoring.INTERSECTIONS, 0)
    for topic in topics:
        by_class[topic.intersection] += 1
    options = options_ranked(creator)
    assessments = list(owned(OpinionLeaderAssessment, creator))
    profile = profile_for(creator)
    interests_unanswered = owned(Interest, creator).filter(authenticity={}).exists()
    overview = Overview(
        topics=topics,
        topics_by_class=by_class,
        options=options,
        assessments=assessments,
        profile=profile,
    )
    overview.missing = missing_steps(
        creator,
        topics=topics,
        options=options,
        assessments=assessments,
        profile=profile,
        interests_unanswered=interests_unanswered,
        counts=_counts(creator),
    )
    return overview


def action_plan_for(user: User) -> dict:
    """The first-month checklists with the creator's saved progress."""
    done = done_steps(user)
    weeks = []
    for week, title in method.ACTION_WEEKS.items():
        steps = [
            {
                "step": step,
                "done": step.key in done,
                "url": reverse(step.url_name) if step.url_name else step.path,
            }
            for step in method.ACTION_STEPS
            if step.week == week
        ]
        weeks.append({"week": week, "title": title, "steps": steps})
    total = len(method.ACTION_STEPS)
    count = sum(1 for key in done if key in method.ACTION_KEYS)
    return {
        "weeks": weeks,
        "done_count": count,
        "total": total,
        "plan_percent": count * 100 // total,
    }
