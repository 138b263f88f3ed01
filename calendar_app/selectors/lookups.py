"""One object or one list of the creator's, scoped to its owner or to a reader allowed in."""

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from accounts.selectors import readable_creator_ids
from positioning.models import Topic

from ..models import Channel, ContentItem, PlanPhase, Series


def items_for(creator: User) -> QuerySet[ContentItem]:
    return ContentItem.objects.for_creator(creator).with_relations()


def get_item_for_owner(user: User, pk: int) -> ContentItem:
    item = ContentItem.objects.for_creator(user).select_related("creator").filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def get_item_for_reader(user: User, pk: int) -> ContentItem:
    """The item if `user` owns it or coaches its creator, else 404."""
    item = (
        ContentItem.objects.filter(creator_id__in=readable_creator_ids(user), pk=pk)
        .select_related("creator", "channel", "topic", "series", "repurposed_from")
        .first()
    )
    if item is None:
        raise Http404
    return item


def channels_for(creator: User) -> QuerySet[Channel]:
    return Channel.objects.for_creator(creator)


def get_channel_for(user: User, pk: int) -> Channel:
    channel = channels_for(user).filter(pk=pk).first()
    if channel is None:
        raise Http404
    return channel


def topics_for(creator: User) -> QuerySet[Topic]:
    return Topic.objects.for_creator(creator)


def series_for(creator: User) -> QuerySet[Series]:
    return Series.objects.for_creator(creator).select_related("channel", "topic")


def get_series_for(user: User, pk: int) -> Series:
    series = series_for(user).select_related("creator").filter(pk=pk).first()
    if series is None:
        raise Http404
    return series


def phases_for(creator: User) -> QuerySet[PlanPhase]:
    return PlanPhase.objects.for_creator(creator)


def get_phase_for(user: User, pk: int) -> PlanPhase:
    phase = phases_for(user).filter(pk=pk).first()
    if phase is None:
        raise Http404
    return phase
