"""Demo data for analytics, called by `manage.py seed_demo`."""

from .growth import demo as growth_demo
from .reviews import demo as reviews_demo


def seed(*, creator, coach) -> None:
    growth_demo.seed(creator=creator, coach=coach)
    reviews_demo.seed(creator=creator, coach=coach)
