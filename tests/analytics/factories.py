import factory
from django.utils import timezone

from calendar_app.models import Channel, ContentItem
from tests.factories import UserFactory


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    creator = factory.SubFactory(UserFactory)
    platform = Channel.Platform.BLOG
    name = factory.Sequence(lambda n: f"Blog {n}")


class ContentItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContentItem

    creator = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Piece {n} 文章")
    status = ContentItem.Status.DRAFT
    created_at = factory.LazyFunction(timezone.now)
