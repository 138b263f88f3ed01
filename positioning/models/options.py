"""Differentiated positioning options (METHOD.md 1.5)."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.ownership import CreatorQuerySet, creator_fk

from .. import scoring
from .base import between, score


class PositioningOption(models.Model):
    creator = creator_fk("positioning_options")
    title = models.CharField(_("title"), max_length=200)
    professional_match = models.PositiveSmallIntegerField(
        _("professional match"), default=3, validators=score(1, 5)
    )
    interest_match = models.PositiveSmallIntegerField(
        _("interest match"), default=3, validators=score(1, 5)
    )
    market_demand = models.PositiveSmallIntegerField(
        _("market demand"), default=3, validators=score(1, 5)
    )
    competition = models.PositiveSmallIntegerField(
        _("competition"), default=3, validators=score(1, 5)
    )
    is_chosen = models.BooleanField(_("chosen"), default=False)
    core_ability = models.CharField(_("core ability"), max_length=300, blank=True)
    unique_perspective = models.CharField(_("unique perspective"), max_length=300, blank=True)
    audience_pain_point = models.CharField(_("audience pain point"), max_length=300, blank=True)
    target_audience = models.TextField(_("target audience"), blank=True)
    core_theme = models.TextField(_("core theme"), blank=True)
    differentiators = models.TextField(_("differentiators"), blank=True)
    content_forms = models.TextField(_("content forms"), blank=True)
    channels = models.TextField(_("channels"), blank=True)
    value_proposition = models.TextField(_("value proposition"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # The ETag: bumped by a database trigger on every update (accounts.conditional).
    version = models.PositiveBigIntegerField(default=1, editable=False)

    objects = CreatorQuerySet.as_manager()

    class Meta:
        ordering = ["-is_chosen", "title", "id"]
        constraints = [
            *[
                between(f, 1, 5, "option")
                for f in ("professional_match", "interest_match", "market_demand", "competition")
            ],
            models.UniqueConstraint(
                fields=["creator"],
                condition=models.Q(is_chosen=True),
                name="one_chosen_positioning_option",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("positioning:option_detail", args=[self.pk])

    @property
    def recommendation(self) -> int:
        return scoring.recommendation(
            self.professional_match, self.interest_match, self.market_demand, self.competition
        )

    @property
    def decision_cell(self) -> str:
        return scoring.decision_cell(
            self.professional_match, self.interest_match, self.market_demand
        )

    @property
    def decision_stars(self) -> int:
        return scoring.DECISION_STARS[self.decision_cell]

    @property
    def statement_complete(self) -> bool:
        return all(
            getattr(self, f).strip()
            for f in ("target_audience", "core_theme", "differentiators", "content_forms")
        ) and bool(self.channels.strip() and self.value_proposition.strip())
