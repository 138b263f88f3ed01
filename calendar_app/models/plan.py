"""The 12-month plan's phases."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.ownership import CreatorQuerySet


class PlanPhase(models.Model):
    """One phase of a creator's 12-month plan (METHOD.md section 2)."""

    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_phases"
    )
    name = models.CharField(_("name"), max_length=100)
    # A built-in phase's name and goals as keys (catalogue ids), shown in the reader's
    # language until the creator changes them; `name`/`goals` hold the text as first written.
    name_key = models.CharField(max_length=100, blank=True, editable=False)
    goals_key = models.TextField(blank=True, editable=False)
    plan_start = models.DateField(_("plan starts"))
    start_month = models.PositiveSmallIntegerField(
        _("from month"), validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    end_month = models.PositiveSmallIntegerField(
        _("to month"), validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    follower_target = models.PositiveIntegerField(_("follower target"), default=0)
    output_target = models.PositiveIntegerField(_("pieces to publish"), default=0)
    goals = models.TextField(_("goals"), blank=True)

    objects = CreatorQuerySet.as_manager()

    class Meta:
        ordering = ["start_month", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_month__gte=models.F("start_month")),
                name="plan_phase_months_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return gettext(self.name_key) if self.name_key else self.name

    @property
    def display_goals(self) -> str:
        return gettext(self.goals_key) if self.goals_key else self.goals
