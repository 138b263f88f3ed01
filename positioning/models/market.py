"""Market validation: audiences, size funnels, evidence, opportunity (METHOD.md 1.4)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.ownership import CreatorQuerySet, creator_fk

from .. import scoring
from .base import between, score


class AudienceTier(models.Model):
    class Tier(models.TextChoices):
        PRIMARY = "primary", _("primary (core target)")
        SECONDARY = "secondary", _("secondary (extended)")

    creator = creator_fk("audience_tiers")
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices, default="primary")
    name = models.CharField(_("audience"), max_length=200)
    needs = models.TextField(_("needs"), blank=True)
    preferred_content = models.CharField(_("preferred content"), max_length=200, blank=True)
    willingness_to_pay = models.PositiveSmallIntegerField(
        _("willingness to pay"), default=3, validators=score(1, 5)
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # The ETag: bumped by a database trigger on every update (accounts.conditional).
    version = models.PositiveBigIntegerField(default=1, editable=False)

    objects = CreatorQuerySet.as_manager()

    class Meta:
        ordering = ["tier", "name", "id"]
        constraints = [between("willingness_to_pay", 1, 5, "tier")]

    def __str__(self) -> str:
        return self.name


class AudienceFunnel(models.Model):
    """An audience-size estimate: a base population and successive percentage filters."""

    creator = creator_fk("audience_funnels")
    name = models.CharField(_("base population"), max_length=200)
    base = models.PositiveBigIntegerField(
        _("size"), default=0, validators=[MaxValueValidator(10**12)]
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # The ETag: bumped by a database trigger on every update (accounts.conditional).
    version = models.PositiveBigIntegerField(default=1, editable=False)

    objects = CreatorQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [between("base", 0, 10**12, "funnel")]

    def __str__(self) -> str:
        return self.name

    def computed_steps(self, steps=None) -> list:
        steps = list(self.steps.all()) if steps is None else steps
        return scoring.audience_funnel(self.base, [(s.label, s.percent) for s in steps])


class FunnelStep(models.Model):
    creator = creator_fk("funnel_steps")
    funnel = models.ForeignKey(
        AudienceFunnel, on_delete=models.CASCADE, related_name="steps", verbose_name=_("funnel")
    )
    label = models.CharField(_("filter"), max_length=200)
    percent = models.DecimalField(
        _("percent"), max_digits=5, decimal_places=2, validators=score(0, 100)
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # The ETag: bumped by a database trigger on every update (accounts.conditional).
    version = models.PositiveBigIntegerField(default=1, editable=False)

    objects = CreatorQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        constraints = [between("percent", 0, 100, "funnelstep")]

    def __str__(self) -> str:
        return self.label


class DemandEvidence(models.Model):
    class Kind(models.TextChoices):
        COMMUNITY = "community", _("community signal")
        COMPETITOR = "competitor", _("competitor creator")
        RESEARCH = "research", _("direct research")

    creator = creator_fk("demand_evidence")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default="community")
    title = models.CharField(_("signal"), max_length=200)
    figure = models.CharField(_("figure"), max_length=100, blank=True)
    source_url = models.URLField(_("source link"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # The ETag: bumped by a database trigger on every update (accounts.conditional).
    version = models.PositiveBigIntegerField(default=1, editable=False)

    objects = CreatorQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "created_at", "id"]
        verbose_name_plural = _("demand evidence")

    def __str__(self) -> str:
        return self.title


class MarketOpportunity(models.Model):
    """The five 1-5 opportunity ratings of a niche."""

    creator = creator_fk("market_opportunities")
    name = models.CharField(_("niche"), max_length=200)
    market_size = models.PositiveSmallIntegerField(
        _("market size"), default=3, validators=score(1, 5)
    )
    competition = models.PositiveSmallIntegerField(
        _("competition"), default=3, validators=score(1, 5)
    )
    content_gap = models.PositiveSmallIntegerField(
        _("content gap"), default=3, validators=score(1, 5)
    )
    commercial_value = models.PositiveSmallIntegerField(
        _("commercial value"), default=3, validators=score(1, 5)
    )
    long_term_trend = models.PositiveSmallIntegerField(
        _("long-term trend"), default=3, validators=score(1, 5)
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # The ETag: bumped by a database trigger on every update (accounts.conditional).
    version = models.PositiveBigIntegerField(default=1, editable=False)

    objects = CreatorQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = _("market opportunities")
        constraints = [between(f, 1, 5, "opportunity") for f in scoring.OPPORTUNITY_RATINGS]

    def __str__(self) -> str:
        return self.name

    @property
    def score(self) -> Decimal:
        return scoring.opportunity_score(
            **{name: getattr(self, name) for name in scoring.OPPORTUNITY_RATINGS}
        )
