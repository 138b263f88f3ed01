"""Writes for the positioning workspace: validate, then save, one transaction each."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import hierarchy
from accounts.conditional import lock_for_write, refresh_version
from accounts.models import User

from . import method, scoring
from .models import (
    ActionStepDone,
    FunnelStep,
    Interest,
    OpinionLeaderAssessment,
    PositioningOption,
    PositioningProfile,
    Skill,
)

MAX_ANSWER_LENGTH = 2000


def _check_skill_parent(skill: Skill, parent: Skill | None) -> None:
    """A skill sits under one of the creator's own skill areas, never under itself or one
    of its sub-skills; takes the skill tree's locks (accounts.hierarchy)."""
    if parent is not None and parent.creator_id != skill.creator_id:
        raise ValidationError({"parent": _("Choose one of your own skill areas.")})
    hierarchy.check_link(
        model=Skill,
        creator_id=skill.creator_id,
        field="parent",
        node=skill,
        parent=parent,
        cycle_message=_("A skill cannot sit under itself."),
        depth_message=_("This skill tree is too deep."),
    )


def _check_funnel(step: FunnelStep) -> None:
    if step.funnel_id and step.funnel.creator_id != step.creator_id:
        raise ValidationError({"funnel": _("Choose one of your own funnels.")})


def _check_assessment_date(assessment: OpinionLeaderAssessment) -> None:
    clash = OpinionLeaderAssessment.objects.filter(
        creator_id=assessment.creator_id, assessed_on=assessment.assessed_on
    ).exclude(pk=assessment.pk)
    if clash.exists():
        raise ValidationError({"assessed_on": _("You already assessed yourself on this date.")})


def _check_interest(interest: Interest) -> None:
    interest.authenticity = _clean_authenticity(interest.authenticity)


_RULES = {
    Interest: _check_interest,
    FunnelStep: _check_funnel,
    OpinionLeaderAssessment: _check_assessment_date,
}


def _apply(instance: models.Model, data: dict[str, Any]) -> models.Model:
    for field, value in data.items():
        setattr(instance, field, value)
    rule = _RULES.get(type(instance))
    if rule:
        rule(instance)
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def row_create(*, model: type[models.Model], creator: User, data: dict[str, Any]) -> models.Model:
    """Create one of the creator's rows (skill, interest, topic, tier, ...)."""
    data = dict(data)
    choose = data.pop("is_chosen", False)
    instance = model(creator=creator)
    if isinstance(instance, Skill):
        _check_skill_parent(instance, data.get("parent"))
    instance = _apply(instance, data)
    if choose and isinstance(instance, PositioningOption):
        instance = option_choose(option=instance)
    return refresh_version(instance)


@transaction.atomic
def row_update(
    *, instance: models.Model, data: dict[str, Any], if_match: set[int] | None = None
) -> models.Model:
    """Change one of the creator's rows; with `if_match`, only if its version is one of them
    (checked under the row lock, else PreconditionFailed)."""
    data = dict(data)
    choose = data.pop("is_chosen", None)
    if isinstance(instance, Skill) and "parent" in data:
        # The skill tree's locks come before the row's, on every path, so no two writers
        # ever take them in opposite orders.
        _check_skill_parent(instance, data["parent"])
    instance = _apply(lock_for_write(instance, if_match), data)
    if isinstance(instance, PositioningOption) and choose is not None:
        change = option_choose if choose else option_unchoose
        instance = change(option=instance)
    return refresh_version(instance)


@transaction.atomic
def row_delete(*, instance: models.Model, if_match: set[int] | None = None) -> None:
    lock_for_write(instance, if_match).delete()


@transaction.atomic
def option_choose(*, option: PositioningOption) -> PositioningOption:
    """Make `option` the creator's one chosen positioning, un-choosing any other."""
    list(
        PositioningOption.objects.select_for_update()
        .filter(creator_id=option.creator_id)
        .values_list("pk", flat=True)
    )
    PositioningOption.objects.filter(creator_id=option.creator_id, is_chosen=True).exclude(
        pk=option.pk
    ).update(is_chosen=False, updated_at=timezone.now())
    PositioningOption.objects.filter(pk=option.pk).update(is_chosen=True, updated_at=timezone.now())
    option.refresh_from_db()
    return option


@transaction.atomic
def option_unchoose(*, option: PositioningOption) -> PositioningOption:
    PositioningOption.objects.filter(pk=option.pk).update(
        is_chosen=False, updated_at=timezone.now()
    )
    option.refresh_from_db()
    return option


def _clean_authenticity(answers: Any) -> dict[str, bool]:
    if not isinstance(answers, dict):
        raise ValidationError({"authenticity": _("Answer with an object of yes/no answers.")})
    unknown = sorted(set(answers) - set(scoring.AUTHENTICITY_KEYS))
    if unknown:
        raise ValidationError(
            {"authenticity": _("Unknown questions: %(keys)s") % {"keys": ", ".join(unknown)}}
        )
    cleaned = {}
    for key, value in answers.items():
        if value is None:
            continue
        if not isinstance(value, bool):
            raise ValidationError({"authenticity": _("Answers are true, false or null.")})
        cleaned[key] = value
    return cleaned


@transaction.atomic
def interest_set_authenticity(*, interest: Interest, answers: Any) -> Interest:
    """Record the authenticity questionnaire; unanswered questions are left out."""
    interest.authenticity = _clean_authenticity(answers)
    interest.save(update_fields=["authenticity", "updated_at"])
    return interest


def _clean_account_answers(answers: Any) -> dict[str, str]:
    if not isinstance(answers, dict):
        raise ValidationError({"account_answers": _("Answer with an object of texts.")})
    unknown = sorted(set(answers) - set(method.ACCOUNT_KEYS))
    if unknown:
        raise ValidationError(
            {"account_answers": _("Unknown questions: %(keys)s") % {"keys": ", ".join(unknown)}}
        )
    cleaned = {}
    for key, value in answers.items():
        if not isinstance(value, str) or len(value) > MAX_ANSWER_LENGTH:
            raise ValidationError(
                {"account_answers": _("Each answer is a text of at most 2000 characters.")}
            )
        if value.strip():
            cleaned[key] = value.strip()
    return cleaned


@transaction.atomic
def profile_update(*, creator: User, data: dict[str, Any]) -> PositioningProfile:
    """Update the golden loop and the account checklist (created on first write)."""
    profile, _created = PositioningProfile.objects.select_for_update().get_or_create(
        creator=creator
    )
    data = dict(data)
    if "account_answers" in data:
        data["account_answers"] = _clean_account_answers(data["account_answers"])
    return _apply(profile, data)


@transaction.atomic
def action_step_set(*, creator: User, key: str, done: bool) -> bool:
    """Check or uncheck a step of the first-month plan; idempotent."""
    if key not in method.ACTION_KEYS:
        raise ValidationError({"key": _("No such step.")})
    if done:
        ActionStepDone.objects.get_or_create(creator=creator, key=key)
    else:
        ActionStepDone.objects.filter(creator=creator, key=key).delete()
    return done
