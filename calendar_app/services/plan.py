"""The 12-month plan: the method's four phases, each with its targets and goals."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext as _

from accounts.models import User

from ..models import PlanPhase
from .base import clean_and_save, refuse_unknown


def _default_phases() -> list[dict[str, Any]]:
    return [
        {
            "name": gettext_noop("Foundation"),
            "start_month": 1,
            "end_month": 3,
            "follower_target": 500,
            "output_target": 12,
            "goals": gettext_noop(
                "100-500 followers. Open the accounts, publish a first deep piece, answer "
                "3-5 questions a week on a traffic platform, set up a production workflow."
            ),
        },
        {
            "name": gettext_noop("Deep content"),
            "start_month": 4,
            "end_month": 6,
            "follower_target": 2000,
            "output_target": 13,
            "goals": gettext_noop(
                "1,000-2,000 followers. One deep piece every week; turn the best into "
                "derivatives on other channels."
            ),
        },
        {
            "name": gettext_noop("Differentiation"),
            "start_month": 7,
            "end_month": 9,
            "follower_target": 5000,
            "output_target": 13,
            "goals": gettext_noop(
                "5,000 followers. Case studies and frontier pieces only you can write; "
                "a recognisable series."
            ),
        },
        {
            "name": gettext_noop("Brand building"),
            "start_month": 10,
            "end_month": 12,
            "follower_target": 10000,
            "output_target": 12,
            "goals": gettext_noop(
                "10,000 followers. By month 12: 50 deep articles, 5,000 followers, 1,000 "
                "repository stars, a first paid product explored."
            ),
        },
    ]


@transaction.atomic
def plan_create_default(*, creator: User, plan_start: date) -> list[PlanPhase]:
    """The method's four phases over twelve months, starting `plan_start`."""
    if PlanPhase.objects.for_creator(creator).exists():
        raise ValidationError({"plan_start": _("You already have a plan; edit it instead.")})
    with translation.override(creator.language):
        phases = [
            PlanPhase(
                creator=creator,
                plan_start=plan_start,
                **{
                    **phase,
                    "name": gettext(phase["name"]),
                    "goals": gettext(phase["goals"]),
                    "name_key": phase["name"],
                    "goals_key": phase["goals"],
                },
            )
            for phase in _default_phases()
        ]
    for phase in phases:
        clean_and_save(phase, exclude=["creator"])
    return phases


# Every built-in phase text (a name or goals): the data migration recognises them.
DEFAULT_PHASE_TEXTS = [phase[field] for phase in _default_phases() for field in ("name", "goals")]

PHASE_FIELDS = {"name", "start_month", "end_month", "follower_target", "output_target", "goals"}


def _validate_phase(phase: PlanPhase) -> None:
    phase.full_clean(exclude=["creator"], validate_unique=False, validate_constraints=False)
    if phase.end_month < phase.start_month:
        raise ValidationError({"end_month": _("A phase cannot end before it starts.")})


@transaction.atomic
def plan_phase_create(*, creator: User, plan_start: date | None = None, **fields: Any) -> PlanPhase:
    refuse_unknown(fields, PHASE_FIELDS, _("This field cannot be set."))
    first = PlanPhase.objects.for_creator(creator).first()
    start = plan_start or (first.plan_start if first else creator.local_today().replace(day=1))
    phase = PlanPhase(creator=creator, plan_start=start, **fields)
    _validate_phase(phase)
    phase.save()
    return phase


@transaction.atomic
def plan_phase_update(*, phase: PlanPhase, **changes: Any) -> PlanPhase:
    refuse_unknown(changes, PHASE_FIELDS, _("This field cannot be changed."))
    # A built-in name or goals left as shown keeps its key (it follows the reader's language);
    # changed, it becomes the creator's own text.
    if "name" in changes and changes["name"] != phase.display_name:
        phase.name_key = ""
    else:
        changes.pop("name", None)
    if "goals" in changes and changes["goals"] != phase.display_goals:
        phase.goals_key = ""
    else:
        changes.pop("goals", None)
    for name, value in changes.items():
        setattr(phase, name, value)
    _validate_phase(phase)
    phase.save()
    return phase


@transaction.atomic
def plan_restart(*, creator: User, plan_start: date) -> int:
    """Move the whole plan to a new first month; the phases keep their month numbers."""
    return PlanPhase.objects.for_creator(creator).update(plan_start=plan_start)


@transaction.atomic
def plan_phase_delete(*, phase: PlanPhase) -> None:
    phase.delete()
