"""Candidate topics rated on ability and passion (METHOD.md 1.3)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.ownership import CreatorQuerySet

from .. import scoring
from .base import score


class Topic(models.Model):
    class Layer(models.TextChoices):
        FOUNDATION = "foundation", _("foundation")
        TECHNIQUE = "technique", _("technique")
        CASE_STUDY = "case_study", _("case study")
        FRONTIER = "frontier", _("frontier")
        METHODOLOGY = "methodology", _("methodology")

    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topics"
    )
    name = models.CharField(_("name"), max_length=200)
    ability = models.PositiveSmallIntegerField(_("ability"), default=3, validators=score(1, 5))
    passion = models.PositiveSmallIntegerField(_("passion"), default=3, validators=score(1, 5))
    layer = models.CharField(
        _("layer"), max_length=12, choices=Layer.choices, default=Layer.TECHNIQUE
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=2, validators=score(1, 4))
    market_demand = models.PositiveSmallIntegerField(
        _("market demand"), default=3, validators=score(1, 5)
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
            models.CheckConstraint(
                condition=models.Q(ability__gte=1, ability__lte=5), name="topic_ability_1_5"
            ),
            models.CheckConstraint(
                condition=models.Q(passion__gte=1, passion__lte=5), name="topic_passion_1_5"
            ),
            models.CheckConstraint(
                condition=models.Q(depth__gte=1, depth__lte=4), name="topic_depth_1_4"
            ),
            models.CheckConstraint(
                condition=models.Q(market_demand__gte=1, market_demand__lte=5),
                name="topic_market_demand_1_5",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("positioning:topic_detail", args=[self.pk])

    @property
    def intersection(self) -> str:
        return scoring.intersection(self.ability, self.passion)
