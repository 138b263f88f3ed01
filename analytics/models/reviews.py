"""Review models: templates and periodic reviews (issue: reviews and reminders)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from accounts.builtin import message, render
from accounts.ownership import CreatorQuerySet

__all__ = ["Review", "ReviewItem", "ReviewKind", "ReviewTemplate", "ReviewTemplateItem"]


class ReviewKind(models.TextChoices):
    WEEKLY = "weekly", _("weekly")
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")


class ReviewTemplate(models.Model):
    """A creator's own checklist for one kind of review (created on first edit)."""

    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_templates"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReviewKind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CreatorQuerySet.as_manager()

    class Meta:
        ordering = ["creator", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["creator", "kind"], name="one_review_template_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.creator})"


class ReviewTemplateItem(models.Model):
    template = models.ForeignKey(ReviewTemplate, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    text = models.CharField(_("checklist item"), max_length=300)
    # A built-in item's key (analytics.reviews.defaults): shown in the reader's language.
    text_key = models.CharField(max_length=300, blank=True, editable=False)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The item in the reader's language when built in, else as the creator typed it."""
        return gettext(self.text_key) if self.text_key else self.text


class ReviewQuerySet(CreatorQuerySet):
    def open(self) -> "ReviewQuerySet":
        return self.filter(completed_at__isnull=True)

    def completed(self) -> "ReviewQuerySet":
        return self.filter(completed_at__isnull=False)

    def search(self, query: str) -> "ReviewQuerySet":
        """Plain substring search, so Chinese text (no word breaks) is found too."""
        query = query.strip()
        if not query:
            return self
        return self.filter(
            Q(went_well__icontains=query)
            | Q(went_badly__icontains=query)
            | Q(next_focus__icontains=query)
            | Q(items__text__icontains=query)
        ).distinct()


class Review(models.Model):
    """One weekly, monthly or quarterly review of a creator's period."""

    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReviewKind.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    # The period as instants in the creator's time zone when the review was opened.
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    due_at = models.DateTimeField(_("due"))
    went_well = models.TextField(_("what worked"), blank=True, max_length=5000)
    went_badly = models.TextField(_("what did not work"), blank=True, max_length=5000)
    next_focus = models.TextField(
        _("next focus"),
        blank=True,
        max_length=5000,
        help_text=_("One idea per line; each line can become a content idea for next period."),
    )
    summary = models.JSONField(default=dict, blank=True)
    summary_computed_at = models.DateTimeField(null=True, blank=True)
    # Set once the checklist has been copied from the template: opening is two steps.
    prepared_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # The ETag: bumped by a database trigger on every update (accounts.conditional).
    version = models.PositiveBigIntegerField(default=1, editable=False)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "kind", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["creator", "kind", "period_start"], name="one_review_per_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="review_period_in_order",
            ),
        ]
        indexes = [
            models.Index(fields=["creator", "kind", "-period_start"], name="review_creator_period"),
            models.Index(
                fields=["due_at"], condition=Q(completed_at__isnull=True), name="review_open_due"
            ),
            models.Index(
                fields=["created_at"],
                condition=Q(prepared_at__isnull=True),
                name="review_unprepared",
            ),
        ]

    def __str__(self) -> str:
        return render(self.as_message())

    def get_absolute_url(self) -> str:
        return reverse("analytics:review_detail", args=[self.pk])

    def as_message(self) -> dict:
        """The review's name as a built-in message, rendered in each reader's language."""
        kind = message(self.kind, capitalize=True)  # the kinds' values are their msgids
        return message(
            gettext_noop("%(kind)s review, %(start)s to %(end)s"),
            kind=kind,
            start=self.period_start,
            end=self.period_end,
        )

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None

    def is_overdue(self, now) -> bool:
        return self.completed_at is None and self.due_at <= now


class ReviewItem(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    text = models.CharField(_("checklist item"), max_length=300)
    # A built-in item's key (analytics.reviews.defaults): shown in the reader's language.
    text_key = models.CharField(max_length=300, blank=True, editable=False)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The item in the reader's language when built in, else as the creator typed it."""
        return gettext(self.text_key) if self.text_key else self.text
