from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from . import scoring


def score(low: int, high: int) -> list:
    return [MinValueValidator(low), MaxValueValidator(high)]


def between(field: str, low, high, prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": low, f"{field}__lte": high}),
        name=f"{prefix}_{field}_{low}_{high}".replace(".", "_"),
    )


class CreatorQuerySet(models.QuerySet):
    def for_creator(self, user) -> "CreatorQuerySet":
        return self.filter(creator=user)

    def for_creators(self, creator_ids) -> "CreatorQuerySet":
        return self.filter(creator_id__in=creator_ids)


def _creator_fk(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name=related_name
    )


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

    @property
    def intersection(self) -> str:
        return scoring.intersection(self.ability, self.passion)


class Skill(models.Model):
    """A skill area of the ability matrix; sub-skills point to their area."""

    class Proficiency(models.TextChoices):
        BEGINNER = "beginner", _("beginner")
        INTERMEDIATE = "intermediate", _("intermediate")
        ADVANCED = "advanced", _("advanced")
        EXPERT = "expert", _("expert")

    creator = _creator_fk("skills")
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
    creator = _creator_fk("interests")
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


class AudienceTier(models.Model):
    class Tier(models.TextChoices):
        PRIMARY = "primary", _("primary (core target)")
        SECONDARY = "secondary", _("secondary (extended)")

    creator = _creator_fk("audience_tiers")
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices, default="primary")
    name = models.CharField(_("audience"), max_length=200)
    needs = models.TextField(_("needs"), blank=True)
    preferred_content = models.CharField(_("preferred content"), max_length=200, blank=True)
    willingness_to_pay = models.PositiveSmallIntegerField(
        _("willingness to pay"), default=3, validators=score(1, 5)
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CreatorQuerySet.as_manager()

    class Meta:
        ordering = ["tier", "name", "id"]
        constraints = [between("willingness_to_pay", 1, 5, "tier")]

    def __str__(self) -> str:
        return self.name


class AudienceFunnel(models.Model):
    """An audience-size estimate: a base population and successive percentage filters."""

    creator = _creator_fk("audience_funnels")
    name = models.CharField(_("base population"), max_length=200)
    base = models.PositiveBigIntegerField(
        _("size"), default=0, validators=[MaxValueValidator(10**12)]
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

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
    creator = _creator_fk("funnel_steps")
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

    creator = _creator_fk("demand_evidence")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default="community")
    title = models.CharField(_("signal"), max_length=200)
    figure = models.CharField(_("figure"), max_length=100, blank=True)
    source_url = models.URLField(_("source link"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CreatorQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "created_at", "id"]
        verbose_name_plural = _("demand evidence")

    def __str__(self) -> str:
        return self.title


class MarketOpportunity(models.Model):
    """The five 1-5 opportunity ratings of a niche."""

    creator = _creator_fk("market_opportunities")
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


class PositioningOption(models.Model):
    creator = _creator_fk("positioning_options")
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


class OpinionLeaderAssessment(models.Model):
    """The opinion-leader self-assessment, repeated over time (1-10 each)."""

    creator = _creator_fk("opinion_leader_assessments")
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

    creator = _creator_fk("action_steps_done")
    key = models.CharField(max_length=40)
    done_at = models.DateTimeField(default=timezone.now)

    objects = CreatorQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["creator", "key"], name="one_done_mark_per_step")
        ]

    def __str__(self) -> str:
        return self.key
