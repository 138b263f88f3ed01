"""The skill inventory and the interest assessment (METHOD.md 1.1, 1.2)."""

from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts.ownership import CreatorQuerySet, creator_fk

from .. import scoring
from .base import between, score


class Skill(models.Model):
    """A skill area of the ability matrix; sub-skills point to their area."""

    class Proficiency(models.TextChoices):
        BEGINNER = "beginner", _("beginner")
        INTERMEDIATE = "intermediate", _("intermediate")
        ADVANCED = "advanced", _("advanced")
        EXPERT = "expert", _("expert")

    creator = creator_fk("skills")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("skill area"),
    )
    name = models.CharField(_("name"), max_length=200)
    proficiency = models.CharField(
        _("proficiency"), max_length=12, choices=Proficiency.choices, default="intermediate"
    )
    years = models.PositiveSmallIntegerField(
        _("years of experience"), default=0, validators=score(0, 60)
    )
    projects = models.PositiveSmallIntegerField(
        _("real projects"), default=0, validators=score(0, 1000)
    )
    uniqueness = models.PositiveSmallIntegerField(
        _("uniqueness"), default=3, validators=score(1, 5)
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # The ETag: bumped by a database trigger on every update (accounts.conditional).
    version = models.PositiveBigIntegerField(default=1, editable=False)

    objects = CreatorQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            between("uniqueness", 1, 5, "skill"),
            between("years", 0, 60, "skill"),
            between("projects", 0, 1000, "skill"),
        ]

    def __str__(self) -> str:
        return self.name


class Interest(models.Model):
    creator = creator_fk("interests")
    name = models.CharField(_("domain"), max_length=200)
    learning = models.PositiveSmallIntegerField(
        _("learning interest"), default=5, validators=score(1, 10)
    )
    practice = models.PositiveSmallIntegerField(
        _("practice interest"), default=5, validators=score(1, 10)
    )
    sharing = models.PositiveSmallIntegerField(
        _("desire to share"), default=5, validators=score(1, 10)
    )
    duration_years = models.DecimalField(
        _("duration (years)"),
        max_digits=3,
        decimal_places=1,
        default=Decimal(0),
        validators=score(0, 60),
    )
    authenticity = models.JSONField(_("authenticity answers"), default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # The ETag: bumped by a database trigger on every update (accounts.conditional).
    version = models.PositiveBigIntegerField(default=1, editable=False)

    objects = CreatorQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            between("learning", 1, 10, "interest"),
            between("practice", 1, 10, "interest"),
            between("sharing", 1, 10, "interest"),
            between("duration_years", 0, 60, "interest"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def composite(self) -> Decimal:
        return scoring.interest_composite(self.learning, self.practice, self.sharing)

    @property
    def is_reliable(self) -> bool:
        return scoring.interest_is_reliable(self.duration_years)

    @cached_property
    def authenticity_result(self) -> scoring.AuthenticityResult:
        answers = {
            k: v for k, v in (self.authenticity or {}).items() if k in scoring.AUTHENTICITY_KEYS
        }
        return scoring.authenticity_result(answers)
