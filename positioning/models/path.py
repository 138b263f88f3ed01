"""The golden loop, the opinion-leader path and first-month progress (1.6, 3)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.ownership import CreatorQuerySet, creator_fk

from .. import scoring
from .base import between, score


class OpinionLeaderAssessment(models.Model):
    """The opinion-leader self-assessment, repeated over time (1-10 each)."""

    creator = creator_fk("opinion_leader_assessments")
    assessed_on = models.DateField(_("date"), default=timezone.localdate)
    technical_expertise = models.PositiveSmallIntegerField(
        _("technical expertise"), default=5, validators=score(1, 10)
    )
    industry_insight = models.PositiveSmallIntegerField(
        _("industry insight"), default=5, validators=score(1, 10)
    )
    cross_domain = models.PositiveSmallIntegerField(
        _("cross-domain knowledge"), default=5, validators=score(1, 10)
    )
    leadership = models.PositiveSmallIntegerField(
        _("leadership"), default=5, validators=score(1, 10)
    )
    influence = models.PositiveSmallIntegerField(_("influence"), default=5, validators=score(1, 10))
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # The ETag: bumped by a database trigger on every update (accounts.conditional).
    version = models.PositiveBigIntegerField(default=1, editable=False)

    objects = CreatorQuerySet.as_manager()

    class Meta:
        ordering = ["assessed_on", "id"]
        constraints = [
            *[between(f, 1, 10, "olassessment") for f in scoring.OPINION_LEADER_DIMENSIONS],
            models.UniqueConstraint(
                fields=["creator", "assessed_on"], name="one_assessment_per_day"
            ),
        ]

    def __str__(self) -> str:
        return str(self.assessed_on)

    @property
    def scores(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in scoring.OPINION_LEADER_DIMENSIONS}

    @property
    def average(self) -> Decimal:
        return scoring.opinion_leader_average(self.scores)


class PositioningProfile(models.Model):
    """One per creator: the golden loop and the account-as-a-product checklist."""

    creator = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="positioning_profile"
    )
    main_career = models.CharField(_("main career"), max_length=300, blank=True)
    career_builds = models.TextField(_("what it builds in ability"), blank=True)
    career_brings = models.TextField(_("what resources it brings"), blank=True)
    writing_themes = models.TextField(_("writing themes that serve it"), blank=True)
    spreading_channels = models.TextField(_("channels that spread it"), blank=True)
    account_answers = models.JSONField(_("account checklist answers"), default=dict, blank=True)
    demand_rating = models.PositiveSmallIntegerField(
        _("demand"), null=True, blank=True, validators=score(1, 5)
    )
    commercial_rating = models.PositiveSmallIntegerField(
        _("commercial"), null=True, blank=True, validators=score(1, 5)
    )
    traffic_rating = models.PositiveSmallIntegerField(
        _("traffic"), null=True, blank=True, validators=score(1, 5)
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = CreatorQuerySet.as_manager()

    class Meta:
        constraints = [
            between(f, 1, 5, "profile")
            for f in ("demand_rating", "commercial_rating", "traffic_rating")
        ]

    def __str__(self) -> str:
        return str(self.creator)

    @property
    def golden_loop_complete(self) -> bool:
        return all(
            getattr(self, f).strip()
            for f in (
                "main_career",
                "career_builds",
                "career_brings",
                "writing_themes",
                "spreading_channels",
            )
        )

    @property
    def account_value(self) -> int | None:
        return scoring.account_value(
            self.demand_rating, self.commercial_rating, self.traffic_rating
        )


class ActionStepDone(models.Model):
    """A checked step of the first-month action plan."""

    creator = creator_fk("action_steps_done")
    key = models.CharField(max_length=40)
    done_at = models.DateTimeField(default=timezone.now)

    objects = CreatorQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["creator", "key"], name="one_done_mark_per_step")
        ]

    def __str__(self) -> str:
        return self.key
