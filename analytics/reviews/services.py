"""Writes for reviews: opening them on time, their templates, and a creator's edits."""

import logging
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.conditional import lock_for_write, refresh_version
from accounts.models import User
from analytics.models import Review, ReviewItem, ReviewKind, ReviewTemplate, ReviewTemplateItem
from calendar_app import services as plan_services
from calendar_app.models import ContentItem

from . import periods, summary
from .defaults import default_items

logger = logging.getLogger("sweetspot.reviews")

MAX_TEMPLATE_ITEMS = 30
PREPARE_BATCH = 500


# Templates


def _defaults_in(kind: str, language: str) -> list[tuple[str, str]]:
    """The default items as (key, text): the text, in the creator's language, is only the
    fallback; pages render the key in the reader's."""
    with translation.override(language):
        return default_items(kind)


def template_texts(*, creator: User, kind: str) -> list[str]:
    template = ReviewTemplate.objects.filter(creator=creator, kind=kind).first()
    if template is None:
        return [text for _key, text in default_items(kind)]
    return [item.label for item in template.items.all()]


def _own_template(*, creator: User, kind: str) -> ReviewTemplate:
    """The creator's template of `kind`, copied from the defaults on first edit (locked)."""
    if kind not in ReviewKind.values:
        raise ValidationError({"kind": _("Unknown review kind.")})
    template, created = ReviewTemplate.objects.get_or_create(creator=creator, kind=kind)
    if created:
        ReviewTemplateItem.objects.bulk_create(
            ReviewTemplateItem(template=template, position=index, text=text, text_key=key)
            for index, (key, text) in enumerate(_defaults_in(kind, creator.language))
        )
    return ReviewTemplate.objects.select_for_update().get(pk=template.pk)


@transaction.atomic
def template_item_add(*, creator: User, kind: str, text: str) -> ReviewTemplateItem:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("A checklist item cannot be empty.")})
    if len(text) > 300:
        raise ValidationError({"text": _("Keep a checklist item under 300 characters.")})
    template = _own_template(creator=creator, kind=kind)
    if template.items.count() >= MAX_TEMPLATE_ITEMS:
        raise ValidationError({"text": _("A checklist holds at most 30 items.")})
    last = template.items.aggregate(last=Max("position"))["last"]
    return ReviewTemplateItem.objects.create(
        template=template, text=text, position=0 if last is None else last + 1
    )


def _template_item(
    *, creator: User, kind: str, position: int
) -> tuple[list[ReviewTemplateItem], ReviewTemplateItem]:
    """An item of the creator's own copy of the template, by its place in the list."""
    template = _own_template(creator=creator, kind=kind)
    items = list(template.items.all())
    if not 0 <= position < len(items):
        raise ValidationError({"item": _("No such checklist item.")})
    return items, items[position]


@transaction.atomic
def template_item_remove(*, creator: User, kind: str, position: int) -> None:
    _items, item = _template_item(creator=creator, kind=kind, position=position)
    item.delete()


@transaction.atomic
def template_item_move(*, creator: User, kind: str, position: int, offset: int) -> None:
    """Move the item at `position` up (offset -1) or down (+1) the checklist."""
    items, _item = _template_item(creator=creator, kind=kind, position=position)
    target = position + offset
    if not 0 <= target < len(items):
        return
    items.insert(target, items.pop(position))
    for index, each in enumerate(items):
        each.position = index
    ReviewTemplateItem.objects.bulk_update(items, ["position"])


@transaction.atomic
def template_reset(*, creator: User, kind: str) -> None:
    ReviewTemplate.objects.filter(creator=creator, kind=kind).delete()


# Opening reviews


def reviews_open_due(*, now: datetime) -> int:
    """Open every review whose period has ended in its creator's time zone.

    One query reads every creator with their latest opened period of each kind;
    periods are worked out in Python; one insert adds the reviews, and the unique
    constraint makes a second run (or a concurrent one) add nothing. Returns how
    many reviews were created.
    """
    latest = {
        kind: Max("reviews__period_start", filter=Q(reviews__kind=kind)) for kind in periods.KINDS
    }
    creators = (
        User.objects.filter(is_active=True, reviews_enabled=True)
        .annotate(**{f"last_{kind}": expr for kind, expr in latest.items()})
        .only("id", "timezone", "review_weekday", "date_joined")
        .order_by("id")
    )
    new_reviews = []
    for creator in creators.iterator(chunk_size=2000):
        try:
            mine = []
            tz = creator.tzinfo
            today = creator.local_today(now)
            joined = creator.local_today(creator.date_joined)
            for kind in periods.KINDS:
                for period in periods.periods_to_open(
                    kind,
                    today=today,
                    week_start=creator.review_weekday,
                    last_opened_start=getattr(creator, f"last_{kind}"),
                    not_before=joined,
                ):
                    starts_at, ends_at = period.bounds(tz)
                    mine.append(
                        Review(
                            creator_id=creator.pk,
                            kind=kind,
                            period_start=period.start,
                            period_end=period.end,
                            starts_at=starts_at,
                            ends_at=ends_at,
                            due_at=period.due_at(tz),
                            created_at=now,
                        )
                    )
            new_reviews.extend(mine)
        except Exception:
            # One creator's bad settings must not keep everybody's reviews closed.
            logger.exception("Opening reviews for creator %s failed", creator.pk)
    if not new_reviews:
        return 0
    before = Review.objects.filter(created_at=now).count()
    Review.objects.bulk_create(new_reviews, ignore_conflicts=True, batch_size=1000)
    return Review.objects.filter(created_at=now).count() - before


def _published_counts(review_ids: list[int]) -> dict[int, int]:
    published = (
        ContentItem.objects.filter(
            creator_id=OuterRef("creator_id"),
            published_at__gte=OuterRef("starts_at"),
            published_at__lt=OuterRef("ends_at"),
        )
        .order_by()
        .values("creator_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return dict(
        Review.objects.filter(pk__in=review_ids)
        .annotate(published=Coalesce(Subquery(published), Value(0)))
        .values_list("pk", "published")
    )


def _fill_summaries(reviews: list[Review], *, now: datetime) -> None:
    """Compute the summary of each review in memory (the caller saves them)."""
    counts = _published_counts([review.pk for review in reviews])
    source = summary.growth_source()
    source.prefetch([(r.creator_id, r.starts_at, r.ends_at) for r in reviews])
    for review in reviews:
        review.summary = summary.build_summary(
            creator_id=review.creator_id,
            period_start=review.period_start,
            period_end=review.period_end,
            starts_at=review.starts_at,
            ends_at=review.ends_at,
            published=counts.get(review.pk, 0),
            weekly_target=review.creator.weekly_target,
            source=source,
        )
        review.summary_computed_at = now


def reviews_prepare(
    *, now: datetime, limit: int = PREPARE_BATCH, review_ids: list[int] | None = None
) -> int:
    """Copy the checklist and compute the summary of reviews opened but not prepared.

    Rows are claimed with SKIP LOCKED, so two runs at once never copy a checklist
    twice. Returns how many reviews were prepared.
    """
    with transaction.atomic():
        reviews = list(
            Review.objects.filter(prepared_at__isnull=True)
            .filter(**({} if review_ids is None else {"pk__in": review_ids}))
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("creator")
            .order_by("created_at", "id")[:limit]
        )
        if not reviews:
            return 0
        templates = {
            (template.creator_id, template.kind): [
                (item.text_key, item.text) for item in template.items.all()
            ]
            for template in ReviewTemplate.objects.filter(
                creator_id__in={review.creator_id for review in reviews}
            ).prefetch_related("items")
        }
        items = []
        for review in reviews:
            texts = templates.get((review.creator_id, review.kind))
            if texts is None:
                texts = _defaults_in(review.kind, review.creator.language)
            items.extend(
                ReviewItem(review=review, position=index, text=text, text_key=key)
                for index, (key, text) in enumerate(texts)
            )
            review.prepared_at = now
        ReviewItem.objects.bulk_create(items)
        _fill_summaries(reviews, now=now)
        Review.objects.bulk_update(reviews, ["prepared_at", "summary", "summary_computed_at"])
    return len(reviews)


def _prepare_one_by_one(*, now: datetime, failed: set[int]) -> tuple[int, int]:
    """After a batch failed: prepare its reviews one at a time; (prepared, newly failed)."""
    pending = (
        Review.objects.filter(prepared_at__isnull=True)
        .exclude(pk__in=failed)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:PREPARE_BATCH]
    )
    prepared = newly_failed = 0
    for pk in list(pending):
        try:
            prepared += reviews_prepare(now=now, review_ids=[pk])
        except Exception:
            logger.exception("Preparing review %s failed", pk)
            failed.add(pk)
            newly_failed += 1
    return prepared, newly_failed


def reviews_open_and_prepare(*, now: datetime) -> tuple[int, int]:
    opened = reviews_open_due(now=now)
    prepared = 0
    failed: set[int] = set()
    while True:
        if not failed:
            try:
                batch = reviews_prepare(now=now)
            except Exception:
                logger.exception("Preparing a batch of reviews failed; going one by one")
            else:
                if not batch:
                    break
                prepared += batch
                continue
        batch, newly_failed = _prepare_one_by_one(now=now, failed=failed)
        if not batch and not newly_failed:
            break
        prepared += batch
    return opened, prepared


# A creator's edits


def _editable(review: Review) -> None:
    if review.prepared_at is None:
        raise ValidationError(_("This review is still being opened; try again in a moment."))


@transaction.atomic
def review_item_set_done(*, review: Review, item_id: int, done: bool, now: datetime) -> ReviewItem:
    _editable(review)
    item = review.items.select_for_update().filter(pk=item_id).first()
    if item is None:
        raise ValidationError({"items": _("No such checklist item.")})
    if item.done != done:
        item.done = done
        item.save(update_fields=["done"])
        Review.objects.filter(pk=review.pk).update(updated_at=now)
    return item


@transaction.atomic
def review_update(
    *,
    review: Review,
    now: datetime,
    went_well: str | None = None,
    went_badly: str | None = None,
    next_focus: str | None = None,
    items_done: dict[int, bool] | None = None,
    completed: bool | None = None,
    if_match: set[int] | None = None,
) -> Review:
    """Change the reflection, tick items and complete or reopen a review; with `if_match`,
    only if its version is one of them (checked under the row lock)."""
    _editable(review)
    review = lock_for_write(review, if_match)
    errors = {}
    reflection = {"went_well": went_well, "went_badly": went_badly, "next_focus": next_focus}
    for field, value in reflection.items():
        if value is None:
            continue
        if len(value) > 5000:
            errors[field] = _("Keep this under 5,000 characters.")
        setattr(review, field, value.strip())
    if items_done:
        known = {item.pk: item for item in review.items.all()}
        unknown = [pk for pk in items_done if pk not in known]
        if unknown:
            errors["items"] = _("No such checklist item.")
        else:
            changed = []
            for pk, done in items_done.items():
                if known[pk].done != done:
                    known[pk].done = done
                    changed.append(known[pk])
            ReviewItem.objects.bulk_update(changed, ["done"])
    if errors:
        raise ValidationError(errors)
    if completed is True and review.completed_at is None:
        review.completed_at = now
        _fill_summaries([review], now=now)
    elif completed is False:
        review.completed_at = None
    review.save()
    return refresh_version(review)


@transaction.atomic
def review_refresh_summary(*, review: Review, now: datetime) -> Review:
    review = Review.objects.select_for_update().select_related("creator").get(pk=review.pk)
    _fill_summaries([review], now=now)
    review.save(update_fields=["summary", "summary_computed_at", "updated_at"])
    return review


def idea_titles(review: Review) -> list[str]:
    """The lines of the review's next focus, each the title of a content idea."""
    seen = []
    for line in review.next_focus.splitlines():
        title = line.strip().lstrip("-*•·0123456789.) ").strip()[:300]
        if title and title not in seen:
            seen.append(title)
    return seen


@transaction.atomic
def review_ideas_create(*, review: Review, now: datetime) -> list[ContentItem]:
    """Turn each line of the next focus into a content idea for the next period.

    Running it again adds only lines that are not already ideas from this review.
    """
    titles = idea_titles(review)
    if not titles:
        raise ValidationError({"next_focus": _("Write your next focus first, one idea per line.")})
    creator = review.creator
    next_period = periods.period_containing(
        review.kind, review.period_end + timedelta(days=1), week_start=creator.review_weekday
    )
    planned_for, _ends = next_period.bounds(creator.tzinfo)
    note = _("From your review: %(review)s") % {"review": review}
    existing = set(
        ContentItem.objects.for_creator(creator)
        .filter(status=ContentItem.Status.IDEA, title__in=titles, planned_for=planned_for)
        .values_list("title", flat=True)
    )
    return plan_services.content_items_create_bulk(
        creator=creator,
        items=[
            ContentItem(
                title=title,
                status=ContentItem.Status.IDEA,
                planned_for=planned_for,
                notes=note,
                created_at=now,
            )
            for title in titles
            if title not in existing
        ],
    )
