import datetime
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext_lazy as _

TIMEZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]


def validate_timezone(value: str) -> None:
    # Validated rather than declared as choices, so tzdata updates need no migration.
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a known IANA time zone."), params={"value": value}
        )


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str) -> "User":
        return self.get(email=normalize_email(username))


def normalize_email(email: str) -> str:
    return email.strip().lower()


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class User(AbstractBaseUser, PermissionsMixin):
    class Language(models.TextChoices):
        EN = "en", "English"
        ZH_HANS = "zh-hans", "简体中文"

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=100)
    timezone = models.CharField(
        _("time zone"), max_length=64, validators=[validate_timezone], default="UTC"
    )
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.EN
    )
    # False until the user picks a language: the interface follows the browser's, and
    # `language` (for emails) keeps the last one seen.
    language_chosen = models.BooleanField(default=True, editable=False)
    weekly_target = models.PositiveSmallIntegerField(
        _("weekly publishing target"),
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(50)],
        help_text=_("How many pieces you aim to publish each week."),
    )
    # Review and reminder preferences (the cadence of METHOD.md section 3).
    reviews_enabled = models.BooleanField(
        _("open periodic reviews"),
        default=True,
        help_text=_("Open a weekly, monthly and quarterly review for you when each period ends."),
    )
    review_weekday = models.PositiveSmallIntegerField(
        _("weekly review day"),
        choices=Weekday.choices,
        default=Weekday.MONDAY,
        help_text=_("Your week starts on this day, and last week's review opens on it."),
    )
    content_due_lead_hours = models.PositiveSmallIntegerField(
        _("remind me of planned content (hours before)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(336)],
    )
    stale_draft_days = models.PositiveSmallIntegerField(
        _("a draft is stale after (days unchanged)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    quiet_hours_start = models.TimeField(
        _("quiet hours start"),
        null=True,
        blank=True,
        help_text=_("No reminder emails between these times; they are sent when quiet hours end."),
    )
    quiet_hours_end = models.TimeField(_("quiet hours end"), null=True, blank=True)
    email_content_due = models.BooleanField(_("email: content due soon"), default=True)
    email_review_due = models.BooleanField(_("email: review due or overdue"), default=True)
    email_target_at_risk = models.BooleanField(_("email: weekly target at risk"), default=True)
    email_stale_draft = models.BooleanField(_("email: stale drafts"), default=False)
    email_comment = models.BooleanField(_("email: a coach's new comment"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=dj_timezone.now)
    # Set when the owner opens the link emailed to the address; changing the address clears it.
    email_verified_at = models.DateTimeField(_("email verified"), null=True, blank=True)
    # The private calendar feed: its token is derived from this salt, only its hash is kept.
    calendar_feed_salt = models.CharField(max_length=32, blank=True, editable=False)
    calendar_feed_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalize_email(self.email)
        if (self.quiet_hours_start is None) != (self.quiet_hours_end is None):
            raise ValidationError(
                {"quiet_hours_end": _("Give both ends of your quiet hours, or neither.")}
            )

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def local_today(self, now: datetime.datetime | None = None) -> datetime.date:
        """The user's calendar date at `now` (default: this instant), in their time zone.

        The one way to ask "what day is it for this creator"; pages, jobs and demos use it."""
        return dj_timezone.localtime(now or dj_timezone.now(), self.tzinfo).date()

    def wants_email(self, kind: str) -> bool:
        return bool(getattr(self, f"email_{kind}", False))


class CoachInvitationQuerySet(models.QuerySet):
    def active(self) -> "CoachInvitationQuerySet":
        return self.filter(status=CoachInvitation.Status.ACTIVE)

    def involving(self, user: User) -> "CoachInvitationQuerySet":
        """Invitations the user sent, holds as coach, or was invited to by email."""
        return self.filter(
            Q(creator=user)
            | Q(coach=user)
            | Q(coach__isnull=True, coach_email=user.email, status="pending")
        )


class CoachInvitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACTIVE = "active", _("active")
        ENDED = "ended", _("ended")

    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_invitations"
    )
    coach_email = models.EmailField(_("coach's email"))
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="coaching_links",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=dj_timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = CoachInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["creator", "coach_email"],
                condition=Q(status__in=["pending", "active"]),
                name="one_open_invitation_per_coach",
            )
        ]

    def __str__(self) -> str:
        return f"{self.creator} -> {self.coach_email} ({self.status})"


class PersonalAccessTokenQuerySet(models.QuerySet):
    def usable(self, now: datetime.datetime | None = None) -> "PersonalAccessTokenQuerySet":
        now = now or dj_timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class PersonalAccessToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("read")
        WRITE = "write", _("read and write")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=dj_timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = PersonalAccessTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= dj_timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired


class CommentQuerySet(models.QuerySet):
    def on(self, target: models.Model) -> "CommentQuerySet":
        """The comments on `target` (any model instance), oldest first, with their authors."""
        return self.filter(
            target_type=ContentType.objects.get_for_model(type(target)), target_id=target.pk
        ).select_related("author")


class Comment(models.Model):
    """A remark on any creator-owned object, by the creator or an invited coach."""

    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="received_comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="authored_comments"
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    body = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(default=dj_timezone.now)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return self.body[:40]


class NotificationQuerySet(models.QuerySet):
    def for_recipient(self, user: User) -> "NotificationQuerySet":
        return self.filter(recipient=user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def email_pending(self) -> "NotificationQuerySet":
        return self.filter(email_due_at__isnull=False, emailed_at__isnull=True)


class Notification(models.Model):
    """A reminder or alert for one user, shown in the notification centre and maybe emailed.

    `key` names the event ("review-due:12"); the unique constraint on (recipient, key)
    is what makes every reminder arrive at most once, however often the scans run.
    """

    class Kind(models.TextChoices):
        CONTENT_DUE = "content_due", _("content due soon")
        REVIEW_DUE = "review_due", _("review due")
        REVIEW_OVERDUE = "review_overdue", _("review overdue")
        TARGET_AT_RISK = "target_at_risk", _("weekly target at risk")
        STALE_DRAFT = "stale_draft", _("stale draft")
        COMMENT = "comment", _("new comment")

    # Which email preference governs each kind.
    EMAIL_PREFERENCE = {
        Kind.CONTENT_DUE: "content_due",
        Kind.REVIEW_DUE: "review_due",
        Kind.REVIEW_OVERDUE: "review_due",
        Kind.TARGET_AT_RISK: "target_at_risk",
        Kind.STALE_DRAFT: "stale_draft",
        Kind.COMMENT: "comment",
    }

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=200)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    # The built-in title and body as messages (accounts.builtin), rendered in the reader's
    # language; `title` and `body` keep the text as first rendered, for old rows and search.
    title_message = models.JSONField(default=dict, blank=True)
    body_message = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=dj_timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Null when no email is wanted; otherwise the email goes out at or after this time.
    email_due_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Failed sends: counted and explained here, then retried later with a growing delay.
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_last_error = models.TextField(blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="one_notification_per_key")
        ]
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                fields=["email_due_at"],
                condition=Q(email_due_at__isnull=False, emailed_at__isnull=True),
                name="notification_email_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        from .builtin import render

        return render(self.title_message, self.title)

    @property
    def display_body(self) -> str:
        from .builtin import render

        return render(self.body_message, self.body)


class OutboxMessage(models.Model):
    """A task to hand to Celery, written in the transaction of the change that needs it.

    Rows commit or roll back with that change, so a broker outage delays the task and never
    loses it: `accounts.queue.relay` sends pending rows after each commit and on a beat
    schedule, and marks each one sent.
    """

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=dj_timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["id"], condition=Q(sent_at__isnull=True), name="outbox_pending")
        ]

    def __str__(self) -> str:
        return f"{self.task_name}{tuple(self.args)}"
