"""What connectors bring back besides numbers: the publications they saw on a platform."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.ownership import CreatorQuerySet

__all__ = ["Publication"]


class Publication(models.Model):
    """A piece a connector found published on a channel, once per platform id.

    Matched to a planned piece when one fits (`matched`); otherwise `unplanned` until the
    creator confirms it (a published piece is created for it) or dismisses it, once.
    """

    class State(models.TextChoices):
        MATCHED = "matched", _("matched to the plan")
        UNPLANNED = "unplanned", _("published, not planned")
        CONFIRMED = "confirmed", _("added to the plan")
        DISMISSED = "dismissed", _("dismissed")

    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="publications"
    )
    channel = models.ForeignKey(
        "calendar_app.Channel", on_delete=models.CASCADE, related_name="publications"
    )
    external_id = models.CharField(max_length=300)
    url = models.URLField(max_length=500, blank=True)
    title = models.CharField(_("title"), max_length=300)
    published_at = models.DateTimeField(_("published at"))
    content_item = models.ForeignKey(
        "calendar_app.ContentItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publications",
    )
    state = models.CharField(max_length=10, choices=State.choices)
    # The latest per-piece counts seen, written as a snapshot once the piece is in the plan.
    counts = models.JSONField(default=dict, blank=True)
    first_seen_at = models.DateTimeField(default=timezone.now)

    objects = CreatorQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"], name="one_publication_per_platform_id"
            )
        ]
        indexes = [models.Index(fields=["creator", "state"])]

    def __str__(self) -> str:
        return self.title
