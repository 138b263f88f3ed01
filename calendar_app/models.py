from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.bounds import check_dates
from accounts.ownership import CreatorQuerySet


class Channel(models.Model):
    class Platform(models.TextChoices):
        BLOG = "blog", _("Blog")
        ZHIHU = "zhihu", _("Zhihu")
        GITHUB = "github", _("GitHub")
        BILIBILI = "bilibili", _("Bilibili")
        YOUTUBE = "youtube", _("YouTube")
        WECHAT = "wechat", _("WeChat official account")
        XIAOHONGSHU = "xiaohongshu", _("Xiaohongshu")
        X = "x", _("X")
        LINKEDIN = "linkedin", _("LinkedIn")
        MEDIUM = "medium", _("Medium")
        CSDN = "csdn", _("CSDN")
        OTHER = "other", _("Other")

    class Source(models.TextChoices):
        RSS = "rss", _("RSS or Atom feed")
        GITHUB = "github", _("GitHub")
        YOUTUBE = "youtube", _("YouTube")
        BILIBILI = "bilibili", _("Bilibili")
        MASTODON = "mastodon", _("Mastodon")
        BLUESKY = "bluesky", _("Bluesky")
        DEVTO = "devto", _("dev.to")

    class SourceState(models.TextChoices):
        OK = "ok", _("working")
        FAILING = "failing", _("failing")
        PAUSED = "paused", _("paused")

    # Platforms with no usable public API: numbers come by CSV or the API.
    NO_PUBLIC_API = ("wechat", "zhihu")

    class Role(models.TextChoices):
        HOME = "home", _("home (owned asset)")
        TRAFFIC = "traffic", _("traffic")
        CODE = "code", _("code")
        VIDEO = "video", _("video")
        PRIVATE = "private", _("private domain")

    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="channels"
    )
    platform = models.CharField(_("platform"), max_length=12, choices=Platform.choices)
    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), blank=True)
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.HOME)
    created_at = models.DateTimeField(default=timezone.now)
    # Bumped by a database trigger on every write (migration 0002_sync): the ETag's source.
    version = models.PositiveBigIntegerField(default=1, editable=False)

    # Where its numbers come from (analytics.connectors); blank = typed in or imported.
    source_kind = models.CharField(
        _("numbers from"), max_length=10, choices=Source.choices, blank=True, default=""
    )
    source_ref = models.CharField(
        _("feed URL, user, channel id or handle"), max_length=300, blank=True
    )
    # Fernet ciphertext (accounts.secrets); only the last four characters are ever shown.
    source_secret = models.TextField(blank=True, editable=False)
    source_secret_hint = models.CharField(max_length=4, blank=True, editable=False)
    source_state = models.CharField(
        max_length=8, choices=SourceState.choices, default=SourceState.OK, editable=False
    )
    source_failures = models.PositiveSmallIntegerField(default=0, editable=False)
    source_last_error = models.CharField(max_length=20, blank=True, editable=False)
    source_last_success_at = models.DateTimeField(null=True, blank=True, editable=False)
    source_next_run_at = models.DateTimeField(null=True, blank=True, editable=False)
    # "queued" or "running" while a fetch is under way: the channel page's live progress.
    source_progress = models.CharField(max_length=8, blank=True, editable=False)
    # Validators per URL (ETag, Last-Modified) for conditional requests.
    source_validators = models.JSONField(default=dict, blank=True, editable=False)

    objects = CreatorQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(
                fields=["source_next_run_at"],
                condition=~models.Q(source_kind=""),
                name="channel_connector_due",
            )
        ]

    def __str__(self) -> str:
        return self.name


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
        """A picker's order: published pieces first, newest first; then the rest by date
        (a series' occurrences in their natural order #1, #2, ... #10), then title."""
        return self.without_later_occurrences().order_by(
            models.F("published_at").desc(nulls_last=True),
            models.F("planned_for").asc(nulls_last=True),
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


class WebhookEvent(models.TextChoices):
    CREATED = "content_item.created", _("item created")
    UPDATED = "content_item.updated", _("item updated")
    RESCHEDULED = "content_item.rescheduled", _("item rescheduled")
    STATUS_CHANGED = "content_item.status_changed", _("status changed")
    DELETED = "content_item.deleted", _("item deleted")


class WebhookEndpointQuerySet(CreatorQuerySet):
    def active(self) -> "WebhookEndpointQuerySet":
        return self.filter(is_active=True)


class WebhookEndpoint(models.Model):
    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(max_length=64, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = WebhookEndpointQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")

    uuid = models.UUIDField(unique=True, editable=False)
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("event"), max_length=40)
    body = models.TextField()
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["endpoint", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.event} -> {self.endpoint_id} ({self.status})"
