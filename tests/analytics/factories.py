import factory

from tests.calendar_app import factories as base


class ChannelFactory(base.ChannelFactory):
    name = factory.Sequence(lambda n: f"Blog {n}")


class ContentItemFactory(base.ContentItemFactory):
    title = factory.Sequence(lambda n: f"Piece {n} 文章")
    planned_for = None
