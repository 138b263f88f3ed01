"""Reminders found by scanning the database, so none depends on a queued message.

Each finder returns notification specs with a key naming the event; notifying
twice with the same key does nothing, which is what makes a reminder arrive once
however many scans (beat ticks, retries, catch-ups) see it.
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta

from django.db import InterfaceError, OperationalError
from django.db.models import DateTimeField, ExpressionWrapper, F, Q, Value
from django.utils.translation import gettext_noop

from accounts.builtin import message
from accounts.models import Notification, User
from accounts.notifications import NotificationSpec, notify_many
from analytics.models import Review
from calendar_app.models import ContentItem

from . import periods

# Not commitments yet, or already done: no "due soon" reminder for these.
NOT_DUE_STATUSES = [
    ContentItem.Status.IDEA,
    ContentItem.Status.PUBLISHED,
    ContentItem.Status.ARCHIVED,
]
# How far back a scan looks for overdue reviews and stale drafts it has not yet reported.
LOOKBACK = timedelta(days=14)
USER_FIELDS = ("id", "language", "timezone", "display_name", "email")

logger = logging.getLogger("sweetspot.reminders")
# The database went away (not one bad row): the task's retry starts the scan again.
DATABASE_LOST = (OperationalError, InterfaceError)


def _each[T](
    rows: Iterable[T], build: Callable[[T], NotificationSpec]
) -> Iterator[NotificationSpec]:
    """The spec of every row whose spec can be built; a row that fails is logged and skipped."""
    for row in rows:
        try:
            yield build(row)
        except Exception:
            logger.exception(
                "Reminder for %s %s failed", type(row).__name__, getattr(row, "pk", row)
            )


def _url(obj) -> str:
    return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""


def content_due(*, now: datetime) -> Iterator[NotificationSpec]:
    """Planned pieces whose date falls within their creator's lead time."""
    horizon = ExpressionWrapper(
        Value(now) + F("creator__content_due_lead_hours") * Value(timedelta(hours=1)),
        output_field=DateTimeField(),
    )
    items = (
        ContentItem.objects.filter(planned_for__gt=now, planned_for__lte=horizon)
        .filter(creator__is_active=True)
        .exclude(status__in=NOT_DUE_STATUSES)
        .select_related("creator")
        .only("id", "title", "planned_for", *(f"creator__{field}" for field in USER_FIELDS))
    )

    def build(item: ContentItem) -> NotificationSpec:
        return NotificationSpec.built(
            recipient=item.creator,
            kind=Notification.Kind.CONTENT_DUE,
            key=f"content-due:{item.pk}:{item.planned_for.isoformat()}",
            title=message(
                gettext_noop("“%(title)s” is due %(when)s"),
                title=item.title,
                when=item.planned_for,
            ),
            url=_url(item),
        )

    return _each(items, build)


def reviews_due(*, now: datetime) -> Iterator[NotificationSpec]:
    """Reviews just opened (due) and reviews past their due time (overdue)."""
    reviews = (
        Review.objects.open()
        .filter(prepared_at__isnull=False, due_at__gt=now - LOOKBACK)
        .select_related("creator")
        .only(
            "id",
            "kind",
            "period_start",
            "period_end",
            "due_at",
            "creator_id",
            *(f"creator__{field}" for field in USER_FIELDS),
        )
    )

    def build(review: Review) -> NotificationSpec:
        overdue = review.due_at <= now
        if overdue:
            title = message(gettext_noop("Your %(review)s is overdue"), review=review.as_message())
        else:
            title = message(
                gettext_noop("Your %(review)s is open: due %(when)s"),
                review=review.as_message(),
                when=review.due_at,
            )
        kind = Notification.Kind.REVIEW_OVERDUE if overdue else Notification.Kind.REVIEW_DUE
        prefix = "review-overdue" if overdue else "review-due"
        return NotificationSpec.built(
            recipient=review.creator,
            kind=kind,
            key=f"{prefix}:{review.pk}",
            title=title,
            url=review.get_absolute_url(),
        )

    return _each(reviews, build)


def targets_at_risk(*, now: datetime) -> Iterator[NotificationSpec]:
    """Past mid-week, published plus still planned this week falls short of the target."""
    weeks = {}
    creators = User.objects.filter(is_active=True, weekly_target__gt=0).only(
        *USER_FIELDS, "review_weekday", "weekly_target"
    )
    for creator in creators.iterator(chunk_size=2000):
        tz = creator.tzinfo
        week = periods.period_containing(
            periods.WEEKLY, creator.local_today(now), week_start=creator.review_weekday
        )
        if now >= week.midpoint(tz):
            weeks[creator.pk] = (creator, week, *week.bounds(tz))
    if not weeks:
        return
    rows = ContentItem.objects.filter(creator_id__in=weeks).filter(
        Q(published_at__gte=now - timedelta(days=8), published_at__lte=now)
        | Q(planned_for__gte=now, planned_for__lt=now + timedelta(days=8))
    )
    done = defaultdict(int)
    for creator_id, status, published_at, planned_for in rows.values_list(
        "creator_id", "status", "published_at", "planned_for"
    ):
        _creator, _week, starts_at, ends_at = weeks[creator_id]
        published = published_at is not None and starts_at <= published_at < ends_at
        still_planned = (
            status not in NOT_DUE_STATUSES
            and planned_for is not None
            and now <= planned_for < ends_at
        )
        if published or still_planned:
            done[creator_id] += 1
    for creator_id, (creator, week, _starts, _ends) in weeks.items():
        if done[creator_id] >= creator.weekly_target:
            continue
        yield NotificationSpec.built(
            recipient=creator,
            kind=Notification.Kind.TARGET_AT_RISK,
            key=f"target-at-risk:{week.start.isoformat()}",
            title=message(
                gettext_noop("Your weekly target is at risk: %(done)s of %(target)s"),
                done=done[creator_id],
                target=creator.weekly_target,
            ),
            body=message(
                gettext_noop(
                    "Counting what you published this week and what is still planned before it "
                    "ends, you will not reach your target of %(target)s."
                ),
                target=creator.weekly_target,
            ),
        )


def stale_drafts(*, now: datetime) -> Iterator[NotificationSpec]:
    """Drafts unchanged for the creator's chosen number of days."""

    def days_before(moment: datetime) -> ExpressionWrapper:
        return ExpressionWrapper(
            Value(moment) - F("creator__stale_draft_days") * Value(timedelta(days=1)),
            output_field=DateTimeField(),
        )

    items = (
        ContentItem.objects.filter(status=ContentItem.Status.DRAFT, creator__is_active=True)
        .filter(updated_at__lte=days_before(now), updated_at__gt=days_before(now - LOOKBACK))
        .select_related("creator")
        .only(
            "id",
            "title",
            "updated_at",
            "creator__stale_draft_days",
            *(f"creator__{field}" for field in USER_FIELDS),
        )
    )

    def build(item: ContentItem) -> NotificationSpec:
        return NotificationSpec.built(
            recipient=item.creator,
            kind=Notification.Kind.STALE_DRAFT,
            key=f"stale-draft:{item.pk}:{item.updated_at.isoformat()}",
            title=message(
                gettext_noop("The draft “%(title)s” has not changed for %(days)s days"),
                title=item.title,
                days=item.creator.stale_draft_days,
            ),
            url=_url(item),
        )

    return _each(items, build)


FINDERS = (content_due, reviews_due, targets_at_risk, stale_drafts)


def _notify_each(specs: list[NotificationSpec], *, now: datetime) -> int:
    created = 0
    for spec in specs:
        try:
            created += notify_many(specs=[spec], now=now)
        except Exception:
            logger.exception("Reminder %s for user %s failed", spec.key, spec.recipient_id)
    return created


def reminders_scan(*, now: datetime) -> int:
    """Find every reminder due at `now` and notify each not yet sent; returns how many new.

    A finder or a row that fails is logged and the scan goes on: set-based first, row by
    row only for a finder whose batch failed. Losing the database is not a bad row: it is
    raised, so the task retries the whole (idempotent) scan.
    """
    created = 0
    for finder in FINDERS:
        try:
            specs = list(finder(now=now))
        except DATABASE_LOST:
            raise
        except Exception:
            logger.exception("Reminder finder %s failed", finder.__name__)
            continue
        try:  # notify_many is atomic: a failed batch leaves nothing behind
            created += notify_many(specs=specs, now=now)
        except DATABASE_LOST:
            raise
        except Exception:
            logger.exception("Reminder batch %s failed; notifying row by row", finder.__name__)
            created += _notify_each(specs, now=now)
    return created
