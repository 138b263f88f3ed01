"""Growth analytics models: the numbers a creator records and the metrics computed from them.

Recorded: `MetricSnapshot` (cumulative counts per channel or per content item at a moment),
`TimeEntry`, `IncomeEntry` and the creator's own `GrowthFactors` (the k's of METHOD.md 4).
Computed by `analytics.growth.jobs` (set-based SQL, never edited by hand): `ChannelGrowth`,
`ItemPerformance`, `EngagementBreakdown`, `PublishingDay`, `MonthlyAllocation`,
`GoalProgress` and `GrowthSummary`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.ownership import CreatorQuerySet

__all__ = [
    "COUNTERS",
    "ChannelGrowth",
    "EngagementBreakdown",
    "GoalProgress",
    "GrowthFactors",
    "GrowthSummary",
    "IncomeEntry",
    "ItemPerformance",
    "MetricSnapshot",
    "MonthlyAllocation",
    "PublishingDay",
    "TimeEntry",
]

COUNTERS = ("followers", "views", "likes", "comments", "shares", "saves")


def _counter(label: str) -> models.PositiveBigIntegerField:
    return models.PositiveBigIntegerField(label, null=True, blank=True)


class MetricSnapshot(models.Model):
    """Counts as a platform shows them at `captured_at`: cumulative, not increments.

    A row without a content item describes the channel (its followers); a row with one
    describes that piece (views, likes, comments, shares, saves). Empty means not recorded.
    """

    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="metric_snapshots"
    )
    channel = models.ForeignKey(
        "calendar_app.Channel",
        on_delete=models.CASCADE,
        related_name="metric_snapshots",
        verbose_name=_("channel"),
    )
    content_item = models.ForeignKey(
        "calendar_app.ContentItem",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="metric_snapshots",
        verbose_name=_("content item"),
    )
    captured_at = models.DateTimeField(_("captured at"))
    # The creator's local day of `captured_at`, fixed when the number is recorded.
    captured_on = models.DateField(editable=False)
    followers = _counter(_("followers"))
    views = _counter(_("views"))
    likes = _counter(_("likes"))
    comments = _counter(_("comments"))
    shares = _counter(_("shares"))
    saves = _counter(_("saves"))
    # The connector kind that wrote it ("github", "rss", ...); blank when typed or imported.
    source = models.CharField(_("source"), max_length=10, blank=True, default="", editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # The ETag: bumped by a database trigger on every update (accounts.conditional).
    version = models.PositiveBigIntegerField(default=1, editable=False)

    objects = CreatorQuerySet.as_manager()

    class Meta:
        ordering = ["-captured_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "content_item", "captured_at"],
                name="one_snapshot_per_moment",
                nulls_distinct=False,
            ),
            # A connector writes one row per channel (or piece) and local day; runs update it.
            models.UniqueConstraint(
                fields=["channel", "content_item", "captured_on"],
                condition=~models.Q(source=""),
                name="one_connector_snapshot_per_day",
                nulls_distinct=False,
            ),
        ]
        indexes = [
            models.Index(fields=["creator", "captured_on"]),
            models.Index(fields=["content_item", "captured_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.channel_id}/{self.content_item_id or '-'} @ {self.captured_at:%Y-%m-%d}"


class TimeEntry(models.Model):
    class Activity(models.TextChoices):
        CREATION = "creation", _("creation")
        PROMOTION = "promotion", _("promotion")
        MONETISATION = "monetisation", _("monetisation")
        OTHER = "other", _("other (learning, admin)")

    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="time_entries"
    )
    spent_on = models.DateField(_("date"))
    activity = models.CharField(_("activity"), max_length=12, choices=Activity.choices)
    hours = models.DecimalField(
        _("hours"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CreatorQuerySet.as_manager()

    class Meta:
        ordering = ["-spent_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gte=0), name="time_entry_hours_gte_0")
        ]

    def __str__(self) -> str:
        return f"{self.spent_on} {self.activity} {self.hours}h"


class IncomeEntry(models.Model):
    class Route(models.TextChoices):
        SPONSORSHIP = "sponsorship", _("sponsorship and ads")
        COURSES = "courses", _("courses")
        SUBSCRIPTIONS = "subscriptions", _("paid columns and subscriptions")
        COMMUNITY = "community", _("paid community")
        CONSULTING = "consulting", _("consulting")
        DERIVATIVES = "derivatives", _("derivative products (ebooks)")

    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="income_entries"
    )
    received_on = models.DateField(_("date"))
    route = models.CharField(_("monetisation route"), max_length=14, choices=Route.choices)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CreatorQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="income_entry_amount_gte_0"
            )
        ]

    def __str__(self) -> str:
        return f"{self.received_on} {self.route} {self.amount}"


def _k(label: str, default: str) -> models.DecimalField:
    return models.DecimalField(label, max_digits=6, decimal_places=3, default=Decimal(default))


class GrowthFactors(models.Model):
    """A creator's own k factors for the time-allocation gains and the personal-IP index."""

    creator = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="growth_factors"
    )
    k_creation = _k(_("k1: creation → capability"), "0.8")
    k_promotion = _k(_("k2: promotion → brand"), "0.6")
    k_monetisation = _k(_("k3: monetisation → social reach"), "0.5")
    k_technical = _k(_("k for technical ability T"), "1")
    k_quality = _k(_("k for content quality Q"), "1")
    k_interaction = _k(_("k for interaction I"), "1")
    k_exposure = _k(_("k for exposure E"), "1")
    k_frequency = _k(_("k for update frequency F"), "1")
    k_monetisation_ip = _k(_("k for monetisation M"), "1")
    k_overall = _k(_("k6: overall weight"), "4")

    objects = CreatorQuerySet.as_manager()

    def __str__(self) -> str:
        return f"k factors of {self.creator_id}"


# ---- computed tables: written only by analytics.growth.jobs ----


class ChannelGrowth(models.Model):
    """Latest followers of one channel (or the total when `channel` is empty) and its trend."""

    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    channel = models.ForeignKey(
        "calendar_app.Channel", on_delete=models.CASCADE, null=True, related_name="+"
    )
    last_captured_on = models.DateField()
    followers = models.BigIntegerField()
    delta_week = models.BigIntegerField(null=True)
    delta_month = models.BigIntegerField(null=True)
    growth_week = models.FloatField(null=True)
    growth_month = models.FloatField(null=True)
    # [[week_start ISO date, last followers count of that week], ...], the last 52 weeks with
    # numbers, for the chart; empty on the total row (the selector sums the channels).
    weekly = models.JSONField(default=list)

    objects = CreatorQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["creator", "channel"],
                name="one_growth_row_per_channel",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"growth of {self.channel_id or 'all channels'}"


class ItemPerformance(models.Model):
    """A piece's latest counts and engagement rate."""

    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    content_item = models.OneToOneField(
        "calendar_app.ContentItem", on_delete=models.CASCADE, related_name="performance"
    )
    channel = models.ForeignKey("calendar_app.Channel", on_delete=models.CASCADE, related_name="+")
    captured_on = models.DateField()
    views = models.BigIntegerField()
    interactions = models.BigIntegerField()
    likes = models.BigIntegerField()
    comments = models.BigIntegerField()
    shares = models.BigIntegerField()
    saves = models.BigIntegerField()
    engagement_rate = models.FloatField(null=True)

    objects = CreatorQuerySet.as_manager()

    def __str__(self) -> str:
        return f"performance of {self.content_item_id}"


class EngagementBreakdown(models.Model):
    class Dimension(models.TextChoices):
        CHANNEL = "channel", _("channel")
        LAYER = "layer", _("layer")
        FORMAT = "format", _("format")
        MONTH = "month", _("month published")

    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    dimension = models.CharField(max_length=8, choices=Dimension.choices)
    key = models.CharField(max_length=32)
    items = models.IntegerField()
    views = models.BigIntegerField()
    interactions = models.BigIntegerField()
    engagement_rate = models.FloatField(null=True)

    objects = CreatorQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["creator", "dimension", "key"], name="one_engagement_row_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension}={self.key}"


class PublishingDay(models.Model):
    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    published = models.IntegerField()

    objects = CreatorQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["creator", "day"], name="one_publishing_row_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.published}"


class MonthlyAllocation(models.Model):
    """Hours per activity in a month and the gains (t_i / T) k_i of METHOD.md 4."""

    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField()
    total_hours = models.DecimalField(max_digits=8, decimal_places=2)
    creation_hours = models.DecimalField(max_digits=8, decimal_places=2)
    promotion_hours = models.DecimalField(max_digits=8, decimal_places=2)
    monetisation_hours = models.DecimalField(max_digits=8, decimal_places=2)
    capability_gain = models.FloatField(null=True)
    brand_gain = models.FloatField(null=True)
    reach_gain = models.FloatField(null=True)

    objects = CreatorQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["creator", "month"], name="one_allocation_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class GoalProgress(models.Model):
    """Progress toward one plan phase's targets with forecast dates at the current rate."""

    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    phase = models.OneToOneField(
        "calendar_app.PlanPhase", on_delete=models.CASCADE, related_name="progress"
    )
    starts_on = models.DateField()
    deadline = models.DateField()
    follower_target = models.BigIntegerField()
    followers = models.BigIntegerField()
    follower_forecast = models.DateField(null=True)
    output_target = models.IntegerField()
    published = models.IntegerField()
    output_forecast = models.DateField(null=True)

    objects = CreatorQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return f"progress of phase {self.phase_id}"

    @property
    def follower_ratio(self) -> float | None:
        return self.followers / self.follower_target if self.follower_target else None

    @property
    def output_ratio(self) -> float | None:
        return self.published / self.output_target if self.output_target else None


class GrowthSummary(models.Model):
    """One row per creator: the headline numbers, cadence and the personal-IP index."""

    creator = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="growth_summary"
    )
    as_of = models.DateField()
    followers = models.BigIntegerField(null=True)
    delta_week = models.BigIntegerField(null=True)
    delta_month = models.BigIntegerField(null=True)
    growth_week = models.FloatField(null=True)
    growth_month = models.FloatField(null=True)
    engagement_rate = models.FloatField(null=True)
    last_published_on = models.DateField(null=True)
    published_this_week = models.IntegerField()
    published_per_week = models.FloatField()
    weekly_target = models.IntegerField()
    streak_weeks = models.IntegerField()
    income_90_days = models.DecimalField(max_digits=14, decimal_places=2)
    ip_technical_raw = models.FloatField()
    ip_quality_raw = models.FloatField()
    ip_interaction_raw = models.FloatField()
    ip_exposure_raw = models.FloatField()
    ip_frequency_raw = models.FloatField()
    ip_monetisation_raw = models.FloatField()
    ip_technical = models.FloatField()
    ip_quality = models.FloatField()
    ip_interaction = models.FloatField()
    ip_exposure = models.FloatField()
    ip_frequency = models.FloatField()
    ip_monetisation = models.FloatField()
    ip_index = models.FloatField()
    computed_at = models.DateTimeField()

    objects = CreatorQuerySet.as_manager()

    def __str__(self) -> str:
        return f"growth summary of {self.creator_id}"

    @property
    def trend(self) -> str:
        """up, flat or down: the month's follower growth, with a 1% dead band."""
        if self.growth_month is None:
            return "unknown"
        if self.growth_month > 0.01:
            return "up"
        return "down" if self.growth_month < 0 else "flat"
