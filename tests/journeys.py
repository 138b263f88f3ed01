"""The pages of the creator's and the coach's journeys, for the sweeps that check every page
(rendered English on zh-Hans pages, horizontal overflow at 390 px, console errors, axe).

Seeded by `seed_demo`, so every page has data to show."""

from django.core.management import call_command

from accounts.models import User
from analytics.models import Review
from calendar_app.models import ContentItem, Series
from positioning.models import PositioningOption, Topic

CREATOR_EMAIL = "creator@demo.sweetspot"
COACH_EMAIL = "coach@demo.sweetspot"
PASSWORD = "sweetspot-demo"

ANONYMOUS_PAGES = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]


def seed() -> tuple[User, User]:
    call_command("seed_demo", verbosity=0)
    return User.objects.get(email=CREATOR_EMAIL), User.objects.get(email=COACH_EMAIL)


def creator_pages(creator: User) -> list[str]:
    item = ContentItem.objects.filter(creator=creator).order_by("id").first()
    topic = Topic.objects.filter(creator=creator).order_by("id").first()
    option = PositioningOption.objects.filter(creator=creator).order_by("id").first()
    series = Series.objects.filter(creator=creator).order_by("id").first()
    review = Review.objects.filter(creator=creator).order_by("id").first()
    pages = [
        "/",
        "/positioning/",
        "/positioning/skills/",
        "/positioning/interests/",
        "/positioning/topics/",
        "/positioning/market/",
        "/positioning/options/",
        "/positioning/loop/",
        "/positioning/plan/",
        "/plan/",
        "/plan/week/",
        "/plan/board/",
        "/plan/backlog/",
        "/plan/items/",
        "/plan/items/new/",
        "/plan/channels/",
        "/plan/series/",
        "/plan/twelve-months/",
        "/plan/sync/",
        "/growth/",
        "/growth/snapshots/",
        "/growth/time/",
        "/growth/income/",
        "/growth/factors/",
        "/growth/reviews/",
        "/growth/reviews/templates/",
        "/notifications/",
        "/settings/profile/",
        "/settings/tokens/",
        "/coaching/",
    ]
    if item:
        pages += [f"/plan/items/{item.pk}/", f"/plan/items/{item.pk}/edit/"]
    if topic:
        pages.append(f"/positioning/topics/{topic.pk}/")
    if option:
        pages.append(f"/positioning/options/{option.pk}/")
    if series:
        pages.append(f"/plan/series/{series.pk}/")
    if review:
        pages.append(f"/growth/reviews/{review.pk}/")
    return pages


def coach_pages(creator: User) -> list[str]:
    return [
        "/",
        "/coaching/",
        f"/coaching/mentees/{creator.pk}/",
        f"/positioning/mentees/{creator.pk}/",
        f"/plan/mentees/{creator.pk}/",
        f"/plan/mentees/{creator.pk}/week/",
        f"/plan/mentees/{creator.pk}/board/",
        f"/growth/mentees/{creator.pk}/",
        f"/growth/mentees/{creator.pk}/reviews/",
        "/growth/coach/",
        "/notifications/",
    ]
