"""A creator's whole loop through the UI: positioning, plan, publish, measure, review."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from analytics.models import MetricSnapshot, Review
from analytics.reviews.tasks import open_due_reviews
from calendar_app.models import ContentItem
from positioning.models import Interest, Skill, Topic

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EMAIL = "ada@example.com"
PASSWORD = "a-long-unusual-passphrase-77"
TITLE = "Browser tests that do not flake"


def open_from_nav(page, name: str) -> None:
    main_nav = page.get_by_role("navigation", name="Main navigation")
    main_nav.get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state("domcontentloaded")


def open_from_subnav(page, label: str, name: str) -> None:
    page.get_by_role("navigation", name=label).get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state("domcontentloaded")


def two_days_this_month() -> tuple[str, str]:
    """Two days of the month the calendar opens on (UTC is the creator's zone)."""
    today = timezone.now().date()
    return today.replace(day=10).isoformat(), today.replace(day=17).isoformat()


def sign_up(page) -> User:
    page.goto("/accounts/signup/")
    page.fill("#id_email", EMAIL)
    page.fill("#id_display_name", "Ada")
    page.select_option("#id_timezone", "UTC")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")
    assert page.locator("h1").inner_text() == "Hello, Ada"
    return User.objects.get(email=EMAIL)


def fill_positioning(page, creator: User) -> None:
    open_from_nav(page, "Positioning")

    # A skill, added inline: the row's inputs sit in the new row, tied to its form.
    open_from_subnav(page, "Positioning", "Skills")
    page.fill("#skill-form-new-name", "Python")
    page.select_option("#skill-form-new-proficiency", "expert")
    page.fill("#skill-form-new-years", "8")
    page.fill("#skill-form-new-projects", "12")
    page.locator("#skill-new").get_by_role("button", name="Add").click()
    skill = page.locator("#skill-table tbody tr:not(.row-new)", has_text="Python")
    skill.wait_for()
    assert "expert" in skill.inner_text()
    # The new-row form is back, empty, ready for the next skill.
    assert page.input_value("#skill-form-new-name") == ""

    open_from_subnav(page, "Positioning", "Interests")
    page.fill("#interest-form-new-name", "Developer tooling")
    page.fill("#interest-form-new-learning", "9")
    page.fill("#interest-form-new-practice", "8")
    page.fill("#interest-form-new-sharing", "10")
    page.fill("#interest-form-new-duration_years", "4")
    page.locator("#interest-new").get_by_role("button", name="Add").click()
    interest = page.locator("#interest-table tbody tr:not(.row-new)", has_text="Developer tooling")
    interest.wait_for()
    assert interest.locator(".composite").inner_text() == "9.0"
    assert "reliable" in interest.inner_text()

    # A topic rated ability 5, passion 4: both 4 or more is the core intersection.
    open_from_subnav(page, "Positioning", "Topics")
    page.fill("#topic-form-new-name", "Testing Django in a real browser")
    page.fill("#topic-form-new-ability", "5")
    page.fill("#topic-form-new-passion", "4")
    page.locator("#topic-new").get_by_role("button", name="Add").click()
    topic = page.locator("#topic-table tbody tr:not(.row-new)", has_text="Testing Django")
    topic.wait_for()
    badge = topic.locator(".badge")
    assert badge.inner_text() == "core"
    assert "intersection-core" in badge.get_attribute("class")

    assert list(Skill.objects.filter(creator=creator).values_list("name", flat=True)) == ["Python"]
    assert Interest.objects.filter(creator=creator, name="Developer tooling").exists()
    assert Topic.objects.get(creator=creator).intersection == "core"


def add_channel(page) -> None:
    open_from_nav(page, "Calendar")
    open_from_subnav(page, "Planning", "Channels")
    page.select_option("#id_platform", "blog")
    page.fill("#id_name", "Ada's blog")
    page.get_by_role("button", name="Add").click()
    page.get_by_text("Channel added.").wait_for()


def calendar_refreshed(response) -> bool:
    """The calendar's own refresh (htmx GET of the month page) after a change."""
    request = response.request
    return (
        request.method == "GET"
        and request.headers.get("hx-request") == "true"
        and "/plan/" in response.url
        and "/items/" not in response.url
    )


def drag(page, source, target) -> None:
    """Drag `source` onto `target` with the HTML5 drag and drop events calendar.js listens to,
    dispatched with one shared DataTransfer.

    Playwright's mouse-driven drag_to is not used: whether headless Chromium turns it into
    HTML5 drag events depends on layout and timing, which made the journey flaky.
    """
    source.wait_for()
    target.wait_for()
    transfer = page.evaluate_handle("() => new DataTransfer()")
    source.dispatch_event("dragstart", {"dataTransfer": transfer})
    target.dispatch_event("dragenter", {"dataTransfer": transfer})
    target.dispatch_event("dragover", {"dataTransfer": transfer})
    target.dispatch_event("drop", {"dataTransfer": transfer})
    # calendar.js has moved the tile into the target on drop: end the drag on the tile there.
    target.locator("[data-item]").first.dispatch_event("dragend", {"dataTransfer": transfer})


def schedule_and_move(page, creator: User) -> ContentItem:
    first_day, second_day = two_days_this_month()
    open_from_subnav(page, "Planning", "Month")

    # Quick-add a piece on a day of the month shown; the calendar refreshes with it.
    page.fill("#qa-title", TITLE)
    page.fill("#qa-day", first_day)
    page.select_option("#qa-channel", label="Ada's blog")
    with (
        page.expect_response(calendar_refreshed),
        page.expect_response(lambda r: r.url.endswith("/plan/items/quick-add/")),
    ):
        page.locator("form.quick-add").get_by_role("button", name="Add").click()
    first_cell = page.locator(f"td[data-drop-date='{first_day}']")
    tile = first_cell.locator("article.tile", has_text=TITLE)
    tile.wait_for()
    item = ContentItem.objects.get(creator=creator, title=TITLE)
    assert item.status == ContentItem.Status.IDEA
    assert timezone.localtime(item.planned_for, creator.tzinfo).date().isoformat() == first_day

    # Drag it to another day; the move is saved at once and the calendar refreshes.
    second_cell = page.locator(f"td[data-drop-date='{second_day}']")
    with (
        page.expect_response(calendar_refreshed),
        page.expect_response(lambda r: r.url.endswith(f"/items/{item.pk}/reschedule/")) as info,
    ):
        drag(page, tile, second_cell)
    assert info.value.status == 204
    second_cell.locator("article.tile", has_text=TITLE).wait_for()
    assert not first_cell.locator("article.tile", has_text=TITLE).count()

    item.refresh_from_db()
    assert timezone.localtime(item.planned_for, creator.tzinfo).date().isoformat() == second_day

    # It stays there after a reload: the move persisted.
    page.reload()
    page.locator(f"td[data-drop-date='{second_day}'] article.tile", has_text=TITLE).wait_for()
    assert not page.locator(f"td[data-drop-date='{first_day}'] article.tile").count()
    return item


def publish_on_the_board(page, item: ContentItem) -> None:
    open_from_subnav(page, "Planning", "Board")
    card = page.locator("article.tile", has_text=TITLE)
    card.locator("summary").click()
    card.get_by_label("Status").select_option("published")
    with page.expect_response(lambda r: r.url.endswith(f"/items/{item.pk}/status/")):
        card.get_by_role("button", name="Move").click()
    published = page.locator("section[data-drop-status='published']")
    published.locator("article.tile", has_text=TITLE).wait_for()
    item.refresh_from_db()
    assert item.status == ContentItem.Status.PUBLISHED
    assert item.published_at is not None


def record_numbers(page, creator: User) -> None:
    open_from_nav(page, "Growth")
    page.get_by_role("heading", name="No numbers yet").wait_for()
    page.get_by_role("link", name="Record numbers").first.click()
    page.get_by_role("heading", name="Record numbers", level=1).wait_for()

    captured = timezone.localtime(timezone.now() - timedelta(minutes=5), creator.tzinfo)
    moment = captured.strftime("%Y-%m-%dT%H:%M")

    # The piece's numbers...
    page.get_by_label("Channel").select_option(label="Ada's blog")
    page.get_by_label("Content item").select_option(label=TITLE)
    page.get_by_label("Captured at").fill(moment)
    page.get_by_label("Views").fill("1200")
    page.get_by_label("Likes").fill("90")
    page.get_by_label("Comments").fill("12")
    page.get_by_label("Shares").fill("8")
    page.get_by_label("Saves").fill("10")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Numbers saved.").wait_for()

    # ...and the channel's followers.
    page.get_by_label("Channel").select_option(label="Ada's blog")
    page.get_by_label("Captured at").fill(moment)
    page.get_by_label("Followers").fill("340")
    page.get_by_role("button", name="Save").click()
    page.locator("#snapshot-panel td", has_text="340").wait_for()

    assert MetricSnapshot.objects.filter(creator=creator).count() == 2


def see_the_dashboard_change(page) -> None:
    page.get_by_role("link", name="Back to growth").click()
    page.get_by_role("heading", name="Growth", level=1).wait_for()
    assert not page.get_by_role("heading", name="No numbers yet").count()
    followers = page.locator(".stat", has=page.get_by_role("heading", name="Followers"))
    assert followers.locator(".stat-value").inner_text() == "340"
    best = page.locator("#engagement tbody tr", has_text=TITLE).first
    assert "1200" in best.inner_text()
    channel_row = page.locator("#followers table").first.locator("tbody tr", has_text="Ada's")
    assert "340" in channel_row.first.inner_text()


def complete_weekly_review(page, creator: User) -> None:
    # The beat tick: reviews open by themselves once the week is over.
    open_due_reviews(now=(timezone.now() + timedelta(days=7)).isoformat())
    review = Review.objects.get(creator=creator, kind="weekly")

    open_from_nav(page, "Reviews")
    page.get_by_role("link", name=str(review)).first.click()
    page.get_by_role("heading", name=str(review), level=1).wait_for()
    assert "Published 1 of a target of" in page.locator(".review-published").inner_text()

    boxes = page.locator(".review-checklist input[type=checkbox]")
    count = boxes.count()
    assert count > 0
    for index in range(count):
        item = page.locator(".review-checklist li").nth(index)
        with page.expect_response(lambda r: "/items/" in r.url and r.request.method == "POST"):
            item.get_by_role("checkbox").check()
        page.locator(".review-checklist li.review-item-done").nth(index).wait_for()

    page.get_by_label("What worked").fill("Browser tests caught a drag-and-drop regression.")
    page.get_by_label("What did not work").fill("Too little time for the video.")
    page.get_by_label("Next focus").fill("Record the screencast")
    page.get_by_role("button", name="Save and complete the review").click()
    page.get_by_text("Review completed. Well done!").wait_for()
    assert page.locator(".badge", has_text="completed").is_visible()

    review.refresh_from_db()
    assert review.completed_at is not None
    assert review.next_focus == "Record the screencast"
    assert not review.items.filter(done=False).exists()


def test_a_creator_plans_publishes_measures_and_reviews(page):
    creator = sign_up(page)
    fill_positioning(page, creator)
    add_channel(page)
    item = schedule_and_move(page, creator)
    publish_on_the_board(page, item)
    record_numbers(page, creator)
    see_the_dashboard_change(page)
    complete_weekly_review(page, creator)
