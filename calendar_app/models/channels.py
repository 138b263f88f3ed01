"""Channels: where a creator publishes, and where a connector reads the numbers from."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
