"""Content items, and the tombstones deleted ones leave for incremental sync."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.bounds import check_dates
from accounts.ownership import CreatorQuerySet

from .channels import Channel


class NaturalSortKey(models.Func):
    """Text as a person sorts it: each run of digits compares as a number, so "Part 2" comes
    before "Part 10"; the text between them compares case-insensitively. The key is an array
    of (text, number) rows, one per run, which PostgreSQL compares element by element."""

    template = (
        "ARRAY(SELECT ROW(lower(run[1]), NULLIF(run[2], '')::numeric)"
        " FROM regexp_matches(%(expressions)s, '([^0-9]*)([0-9]*)', 'g') AS run)"
    )
    output_field = models.TextField()


class ContentItemQuerySet(CreatorQuerySet):
    def visible(self) -> "ContentItemQuerySet":
        """Items a calendar shows: skipped series occurrences are kept but hidden."""
        return self.filter(skipped=False)

    def without_later_occurrences(self) -> "ContentItemQuerySet":
        """Leave out a series' ideas beyond its next one: an open-ended series plans half a
        year ahead, and those occurrences belong to the series (its page lists them), not
        to the backlog, the board or a picker. What was moved, written or published stays."""
        earlier = ContentItem.objects.filter(
            series_id=models.OuterRef("series_id"),
            status=ContentItem.Status.IDEA,
            skipped=False,
            series_detached=False,
            planned_for__lt=models.OuterRef("planned_for"),
        )
        return self.exclude(
            models.Q(series__isnull=False, status=ContentItem.Status.IDEA, series_detached=False)
            & models.Exists(earlier)
        )

    def for_picking(self) -> "ContentItemQuerySet":
        """A picker's order: published pieces first, newest first; then the rest by date,
        then by title in natural order ("Part 2" before "Part 10")."""
        return self.without_later_occurrences().order_by(
            models.F("published_at").desc(nulls_last=True),
            models.F("planned_for").asc(nulls_last=True),
            NaturalSortKey("title"),
            "title",
            "id",
        )

    def planned_between(self, start, end) -> "ContentItemQuerySet":
        return self.filter(planned_for__gte=start, planned_for__lt=end)

    def with_relations(self) -> "ContentItemQuerySet":
        return self.select_related("channel", "topic")


class ContentItem(models.Model):
    # What a creator edits, by form, API or import: one list for all three.
    EDITABLE_FIELDS = (
        "title",
        "topic",
        "channel",
        "format",
        "status",
        "planned_for",
        "published_at",
        "url",
        "word_count",
        "effort_hours",
        "notes",
        "repurposed_from",
    )

    class Status(models.TextChoices):
        IDEA = "idea", _("idea")
        OUTLINE = "outline", _("outline")
        DRAFT = "draft", _("draft")
        REVIEW = "review", _("review")
        SCHEDULED = "scheduled", _("scheduled")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")

    class Format(models.TextChoices):
        CONCEPT = "concept", _("concept explainer")
        PRINCIPLES = "principles", _("principles")
        HANDS_ON = "hands_on", _("hands-on code")
        TOOL_WALKTHROUGH = "tool_walkthrough", _("tool walkthrough")
        PERFORMANCE = "performance", _("performance analysis")
        ARCHITECTURE = "architecture", _("architecture")
        FRONTIER = "frontier", _("frontier")
        ANSWER = "answer", _("Q&A answer")
        VIDEO = "video", _("video")
        SLIDES = "slides", _("slides")
        OTHER = "other", _("other")

    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="content_items"
    )
    title = models.CharField(_("title"), max_length=300)
    topic = models.ForeignKey(
        "positioning.Topic",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="content_items",
        verbose_name=_("topic"),
    )
    channel = models.ForeignKey(
        Channel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="content_items",
        verbose_name=_("channel"),
    )
    format = models.CharField(
        _("format"), max_length=20, choices=Format.choices, default=Format.PRINCIPLES
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.IDEA
    )
    planned_for = models.DateTimeField(_("planned for"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    url = models.URLField(_("URL"), blank=True, max_length=500)
    word_count = models.PositiveIntegerField(_("word count"), null=True, blank=True)
    effort_hours = models.DecimalField(
        _("effort (hours)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    notes = models.TextField(_("notes"), blank=True)
    repurposed_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="derivatives",
        verbose_name=_("repurposed from"),
    )
    series = models.ForeignKey(
        "Series",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="occurrences",
        verbose_name=_("series"),
    )
    # The date the series rule gave this occurrence; it stays when the item is moved, so
    # the occurrence is never generated twice.
    occurrence_date = models.DateField(_("occurrence date"), null=True, blank=True)
    series_detached = models.BooleanField(default=False, editable=False)
    skipped = models.BooleanField(_("skipped"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Set by database triggers on every write (migration 0002_sync), whatever the code path:
    # `version` feeds the ETag and iCalendar SEQUENCE, `change_seq` the incremental sync.
    version = models.PositiveBigIntegerField(default=1, editable=False)
    change_seq = models.BigIntegerField(default=0, editable=False)
    # The UID of the iCalendar event this item was imported from, so re-imports update it.
    ical_uid = models.CharField(max_length=255, blank=True, editable=False)

    objects = ContentItemQuerySet.as_manager()

    class Meta:
        ordering = ["planned_for", "id"]
        indexes = [
            models.Index(fields=["creator", "planned_for"]),
            models.Index(fields=["creator", "status"]),
            models.Index(fields=["creator", "published_at"]),
            models.Index(fields=["creator", "change_seq"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["creator", "ical_uid"],
                condition=~models.Q(ical_uid=""),
                name="content_item_unique_ical_uid",
            ),
            models.UniqueConstraint(
                fields=["series", "occurrence_date"],
                condition=models.Q(series__isnull=False),
                name="content_item_one_per_series_occurrence",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("calendar_app:item_detail", args=[self.pk])

    def clean(self) -> None:
        check_dates(planned_for=self.planned_for, published_at=self.published_at)


class ContentItemTombstone(models.Model):
    """A deleted content item, written by a database trigger and kept for incremental sync."""

    # No database constraint: deleting a creator deletes their items, whose trigger writes
    # tombstones after Django has collected the creator's rows; the pruning task drops them.
    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    item_id = models.BigIntegerField()
    change_seq = models.BigIntegerField()
    deleted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["creator", "change_seq"]),
            models.Index(fields=["deleted_at"]),
        ]

    def __str__(self) -> str:
        return f"deleted item {self.item_id}"
