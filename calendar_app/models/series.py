"""Recurring series, whose occurrences are content items."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.bounds import check_dates
from accounts.ownership import CreatorQuerySet

from .channels import Channel
from .items import ContentItem


class Series(models.Model):
    """A column or show that repeats; it materialises its occurrences as content items."""

    # What a creator sets, by form or API: one list for both (and the services).
    EDITABLE_FIELDS = (
        "title",
        "channel",
        "topic",
        "format",
        "frequency",
        "interval",
        "weekdays",
        "month_day",
        "time_of_day",
        "starts_on",
        "ends_on",
        "count",
    )

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("every N weeks")
        MONTHLY = "monthly", _("monthly")

    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="series"
    )
    title = models.CharField(
        _("title"),
        max_length=250,
        help_text=_("Each occurrence's title; {n} is replaced by its number, {date} by its date."),
    )
    channel = models.ForeignKey(
        Channel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="series",
        verbose_name=_("channel"),
    )
    topic = models.ForeignKey(
        "positioning.Topic",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="series",
        verbose_name=_("topic"),
    )
    format = models.CharField(
        _("format"),
        max_length=20,
        choices=ContentItem.Format.choices,
        default=ContentItem.Format.PRINCIPLES,
    )
    frequency = models.CharField(
        _("repeats"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    interval = models.PositiveSmallIntegerField(
        _("every N weeks or months"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    weekdays = models.JSONField(_("weekdays"), default=list, blank=True)
    month_day = models.PositiveSmallIntegerField(
        _("day of the month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    time_of_day = models.TimeField(_("time of day"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    count = models.PositiveSmallIntegerField(
        _("number of occurrences"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Bumped by services.series_update in a compare-and-set UPDATE: the ETag's source.
    version = models.PositiveBigIntegerField(default=1, editable=False)

    objects = CreatorQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        verbose_name_plural = _("series")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        check_dates(starts_on=self.starts_on, ends_on=self.ends_on)
