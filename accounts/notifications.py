"""Notifications: writes and reads for the in-app centre and the reminder emails.

Higher apps find what deserves a reminder by scanning the database and hand the
results to `notify_many()`. Each notification has a key, unique per recipient, so
a scan that runs twice (two beat ticks, a retry) inserts nothing the second time.
Emails are sent by `notification_emails_deliver()`, which the beat schedule runs
every few minutes: a notification written while Redis was down is still emailed
once Redis (and so the beat) is back.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .mail import send_email
from .models import Notification, User
from .queue import enqueue

logger = logging.getLogger("sweetspot.notifications")


@dataclass(frozen=True)
class NotificationSpec:
    recipient_id: int
    kind: str
    key: str
    title: str
    body: str = ""
    url: str = ""
    # The built-in title/body as messages (accounts.builtin), rendered for each reader.
    title_message: dict = field(default_factory=dict)
    body_message: dict = field(default_factory=dict)

    @classmethod
    def built(
        cls, *, recipient: User, title: dict, body: dict | str = "", **rest
    ) -> "NotificationSpec":
        """A spec whose title (and body) are built-in messages: stored as messages, and
        rendered once in the recipient's language and zone for `title`/`body`."""
        from .builtin import render

        with translation.override(recipient.language), timezone.override(recipient.tzinfo):
            return cls(
                recipient_id=recipient.pk,
                title=render(title),
                body=body if isinstance(body, str) else render(body),
                title_message=title,
                body_message={} if isinstance(body, str) else body,
                **rest,
            )


def quiet_until(
    *, now: datetime, tz: ZoneInfo, start: time | None, end: time | None
) -> datetime | None:
    """When the quiet hours around `now` end, or None when `now` is not in quiet hours.

    Quiet hours may wrap past midnight (22:00-07:00). An end that happens twice (01:30 on
    an autumn night) ends them the first time, or the second when `now` is in the repeated
    hour; an end that does not exist (02:30 on a spring night) ends them when the clocks
    jump past it. Pure: no database.
    """
    if start is None or end is None or start == end:
        return None

    def inside(moment: datetime) -> bool:
        clock = moment.astimezone(tz).time().replace(tzinfo=None)
        return start <= clock < end if start < end else (clock >= start or clock < end)

    if not inside(now):
        return None
    local = now.astimezone(tz)
    end_day = local.date()
    if local.time().replace(tzinfo=None) >= end:
        end_day += timedelta(days=1)
    ends = datetime.combine(end_day, end, tzinfo=tz)
    if ends.astimezone(UTC).astimezone(tz).time().replace(tzinfo=None) != end:
        # A wall time in a spring-forward gap reads as after the gap (02:30 as 03:30), but
        # quiet hours are over as soon as the clocks jump past `end`: find that second.
        earlier = now.replace(microsecond=0)  # inside, whole seconds like the jump
        later = ends.astimezone(UTC)  # outside
        while later - earlier > timedelta(seconds=1):
            half = int((later - earlier).total_seconds()) // 2
            middle = earlier + timedelta(seconds=half)
            if inside(middle):
                earlier = middle
            else:
                later = middle
        return later.astimezone(tz)
    if ends <= now:  # in the repeated hour after the first `end` went by: the second one
        ends = ends.replace(fold=1)
    return ends


@transaction.atomic
def notify_many(*, specs: Iterable[NotificationSpec], now: datetime) -> int:
    """Insert the notifications not yet sent (by key); returns how many were new.

    Set-based: one query for the recipients' email preferences, one insert.
    """
    specs = list(specs)
    if not specs:
        return 0
    recipients = User.objects.in_bulk({spec.recipient_id for spec in specs})
    rows = []
    for spec in specs:
        user = recipients.get(spec.recipient_id)
        if user is None or not user.is_active:
            continue
        wants = user.wants_email(Notification.EMAIL_PREFERENCE[spec.kind])
        rows.append(
            Notification(
                recipient_id=spec.recipient_id,
                kind=spec.kind,
                key=spec.key[:200],
                title=spec.title[:300],
                body=spec.body,
                title_message=spec.title_message,
                body_message=spec.body_message,
                url=spec.url[:500],
                created_at=now,
                email_due_at=now if wants else None,
            )
        )
    before = Notification.objects.filter(
        recipient_id__in=recipients, key__in=[row.key for row in rows]
    ).count()
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    created = (
        Notification.objects.filter(
            recipient_id__in=recipients, key__in=[row.key for row in rows]
        ).count()
        - before
    )
    if created and any(row.email_due_at for row in rows):
        enqueue("accounts.tasks.deliver_notification_emails")
    return created


def notify(*, spec: NotificationSpec, now: datetime) -> int:
    return notify_many(specs=[spec], now=now)


def notification_mark_read(*, notification: Notification, now: datetime) -> Notification:
    if notification.read_at is None:
        notification.read_at = now
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User, now: datetime) -> int:
    return Notification.objects.for_recipient(user).unread().update(read_at=now)


def _send_email(notification: Notification) -> None:
    user = notification.recipient
    with translation.override(user.language), timezone.override(user.tzinfo):
        subject = notification.display_title
        context = {
            "notification": notification,
            "user": user,
            "link": settings.SITE_URL + notification.url if notification.url else "",
            "centre": settings.SITE_URL + "/notifications/",
        }
        body = render_to_string("accounts/email/notification_body.txt", context)
    send_email(subject=subject, body=body, to=[user.email])


def notification_email_deliver(*, notification_id: int, now: datetime) -> bool:
    """Email one notification if it is due and nobody else has; True when sent.

    The row stays locked while the mail goes out, so a concurrent run skips it; a
    failed send rolls back and is tried again by the next run.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.email_pending()
            .filter(pk=notification_id, email_due_at__lte=now)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .first()
        )
        if notification is None:
            return False
        user = notification.recipient
        if not user.is_active or not user.wants_email(
            Notification.EMAIL_PREFERENCE[notification.kind]
        ):
            notification.email_due_at = None
            notification.save(update_fields=["email_due_at"])
            return False
        later = quiet_until(
            now=now, tz=user.tzinfo, start=user.quiet_hours_start, end=user.quiet_hours_end
        )
        if later is not None:
            notification.email_due_at = later
            notification.save(update_fields=["email_due_at"])
            return False
        _send_email(notification)
        notification.emailed_at = now
        notification.save(update_fields=["emailed_at"])
        return True


# A notification whose email keeps failing is retried after a doubling delay, then dropped.
EMAIL_MAX_ATTEMPTS = 8
EMAIL_RETRY_BASE = timedelta(minutes=5)


def notification_email_failed(*, notification_id: int, now: datetime, error: str) -> None:
    """Record a failed send and push the notification back, so it never blocks the others."""
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None:
        return
    notification.email_attempts += 1
    notification.email_last_error = error[:2000]
    if notification.email_attempts >= EMAIL_MAX_ATTEMPTS:
        notification.email_due_at = None
    else:
        notification.email_due_at = now + EMAIL_RETRY_BASE * 2 ** (notification.email_attempts - 1)
    notification.save(update_fields=["email_attempts", "email_last_error", "email_due_at"])


def notification_emails_deliver(*, now: datetime, limit: int = 500) -> int:
    """Send every email that is due; returns how many went out.

    Each row is on its own: one that fails is logged, recorded and retried later, and the
    run goes on with the next.
    """
    due = (
        Notification.objects.email_pending()
        .filter(email_due_at__lte=now)
        .order_by("email_due_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for pk in list(due):
        try:
            sent += notification_email_deliver(notification_id=pk, now=now)
        except Exception as error:
            logger.exception("Emailing notification %s failed", pk)
            notification_email_failed(
                notification_id=pk, now=now, error=f"{type(error).__name__}: {error}"
            )
    return sent


# Reads


def notifications_for(user: User):
    return Notification.objects.for_recipient(user)


def unread_count(user: User) -> int:
    return Notification.objects.for_recipient(user).unread().count()


def notifications_page(user: User, *, page: str | int | None, per_page: int = 30) -> Page:
    return Paginator(notifications_for(user), per_page).get_page(page)
