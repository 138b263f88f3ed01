"""A newcomer's week without a stumble (issue 16), in Chromium.

The page checks are grouped: one pass over every page of the creator's and the coach's
journeys per language checks at once that nothing scrolls sideways at 390x844 (in both
languages), that no page logs a console error (a CSP violation included) or a JavaScript
error, and that axe-core (served from the installed axe-playwright-python package, never a
CDN) finds no serious or critical violation: on the phone layout in English, on the desktop
layout in Chinese, so both layouts and both languages are checked.
"""

import re
from datetime import date, timedelta
from pathlib import Path

import axe_playwright_python
import pytest
from django.utils import timezone

from accounts.models import User
from calendar_app.models import ContentItem
from tests.journeys import (
    ANONYMOUS_PAGES,
    COACH_EMAIL,
    CREATOR_EMAIL,
    PASSWORD,
    coach_pages,
    creator_pages,
    seed,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# The API docs page is Swagger UI's own markup: checked for errors, not by axe.
NOT_AXED = {"/api/docs/"}


def watched(browser, base_url, *, viewport, locale, timezone_id="UTC"):
    context = browser.new_context(
        base_url=base_url, viewport=viewport, locale=locale, timezone_id=timezone_id
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.errors = []
    page.on(
        "console",
        lambda message: (
            page.errors.append(f"{page.url}: console {message.type}: {message.text}")
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: page.errors.append(f"{page.url}: JS error: {error}"))
    return context, page


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def axe_violations(page) -> list[str]:
    page.evaluate(AXE)  # evaluated by the test, so the page's CSP does not apply to it
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations'],"
        " runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']})"
    )
    return [
        f"{page.url}: {v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])} nodes: "
        f"{v['nodes'][0]['target']})"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def sweep(page, pages, *, axe_viewport: dict, problems: list[str]) -> None:
    """Each page at 390x844: no sideways scroll; then axe at `axe_viewport`."""
    for url in pages:
        page.set_viewport_size(PHONE)
        response = page.goto(url)
        page.wait_for_load_state("load")
        if response.status != 200:
            problems.append(f"{url}: status {response.status}")
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            problems.append(f"{url}: scrolls sideways, {width} px wide at 390")
        if url not in NOT_AXED:
            page.set_viewport_size(axe_viewport)
            problems.extend(axe_violations(page))


@pytest.fixture
def demo(live_server):
    return seed()


@pytest.mark.parametrize(
    ("language", "locale", "axe_viewport"),
    [("en", "en-US", PHONE), ("zh-hans", "zh-CN", DESKTOP)],
)
def test_every_page_fits_a_phone_logs_no_error_and_passes_axe(
    browser, live_server, demo, language, locale, axe_viewport
):
    creator, coach = demo
    User.objects.filter(pk__in=[creator.pk, coach.pk]).update(
        language=language, language_chosen=True
    )
    problems: list[str] = []
    errors: list[str] = []
    for email, pages in (
        (None, ANONYMOUS_PAGES),
        (CREATOR_EMAIL, [*creator_pages(creator), "/api/docs/"]),
        (COACH_EMAIL, coach_pages(creator)),
    ):
        context, page = watched(browser, live_server.url, viewport=PHONE, locale=locale)
        try:
            if email:
                log_in(page, email)
            sweep(page, pages, axe_viewport=axe_viewport, problems=problems)
            # The navigation collapses: the header is one line, its menu one tap away.
            page.set_viewport_size(PHONE)
            page.goto("/" if email else "/accounts/login/")
            assert page.locator("header").bounding_box()["height"] < 90
        finally:
            errors.extend(page.errors)
            context.close()
    assert not problems, "\n".join(problems)
    assert not errors, "\n".join(errors)


def test_the_month_view_is_an_agenda_on_a_phone(browser, live_server, demo):
    _creator, _coach = demo
    context, page = watched(browser, live_server.url, viewport=PHONE, locale="en-US")
    try:
        log_in(page, CREATOR_EMAIL)
        page.goto("/plan/")
        tile = page.locator(".month-grid article.tile").first
        box = tile.bounding_box()
        # A piece takes the width of the screen (not a seventh of a 760 px table), and its
        # day is spelled out above it.
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert box["width"] > 250
        day = tile.locator("xpath=ancestor::td[1]")
        assert re.search(r"\d{4}-\d{2}-\d{2}", day.locator(".day-add").inner_text())
        # The menu opens from its button.
        page.get_by_role("button", name="Menu").click()
        page.get_by_role("navigation", name="Main navigation").get_by_role(
            "link", name="Positioning", exact=True
        ).wait_for()
    finally:
        context.close()
    assert not page.errors, page.errors


def test_sign_up_picks_the_browsers_time_zone_and_language(browser, live_server):
    context, page = watched(
        browser, live_server.url, viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    try:
        page.goto("/accounts/signup/")
        assert page.locator("#id_timezone").input_value() == "Asia/Shanghai"
        assert page.locator("#id_language").input_value() == "zh-hans"
    finally:
        context.close()
    assert not page.errors, page.errors


def test_the_self_assessment_is_added_in_chinese(browser, live_server, demo):
    """The date field is filled with an ISO date the browser accepts, so Add works."""
    creator, _coach = demo
    User.objects.filter(pk=creator.pk).update(language="zh-hans", language_chosen=True)
    creator.opinion_leader_assessments.filter(assessed_on=timezone.localdate()).delete()
    before = creator.opinion_leader_assessments.count()
    context, page = watched(browser, live_server.url, viewport=DESKTOP, locale="zh-CN")
    try:
        log_in(page, CREATOR_EMAIL)
        page.goto("/positioning/loop/")
        date_input = page.locator("#assessment-form-new-assessed_on")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", date_input.input_value())
        assert date_input.evaluate("el => el.validity.valid")
        with page.expect_response(lambda r: "/positioning/rows/assessment/" in r.url):
            page.locator("#assessment-new button[type=submit]").click()
        page.locator("#assessment-new").wait_for()
    finally:
        context.close()
    assert creator.opinion_leader_assessments.count() == before + 1
    assert not page.errors, page.errors


def tab_to(page, condition: str, limit: int = 80) -> int:
    """Press Tab until `condition` (a JS function of the focused element) holds; the
    number of presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => ({condition})(document.activeElement)"):
            return presses
    raise AssertionError(f"{limit} Tab presses did not reach {condition} on {page.url}")


def enter_to(page, condition: str, url: str) -> None:
    """Tab to a link and follow it with Enter."""
    tab_to(page, condition)
    page.keyboard.press("Enter")
    page.wait_for_url(url)


IS_LINK_TO = "el => el.tagName === 'A' && new RegExp('{}').test(el.getAttribute('href'))"


def free_days(creator, first: date, last: date) -> list[date]:
    """The days of the month with no piece on them (a moved piece shows there in full)."""
    busy = {
        timezone.localtime(moment, creator.tzinfo).date()
        for moment in ContentItem.objects.filter(creator=creator, planned_for__isnull=False)
        .visible()
        .values_list("planned_for", flat=True)
    }
    return [
        first + timedelta(days=n)
        for n in range((last - first).days + 1)
        if first + timedelta(days=n) not in busy
    ]


# A date field takes its parts in the order of the browser's own locale (Chromium's, en-US
# here), whatever the page's language or the context's locale: month, day, year.
DATE_KEYS = "%m%d%Y"


@pytest.mark.parametrize(("language", "locale"), [("en", "en-US"), ("zh-hans", "zh-CN")])
def test_the_creator_journey_with_the_keyboard_alone(browser, live_server, demo, language, locale):
    """Tab, Enter (and the arrow keys of the days' "+" links) only: sign in, add a piece on a
    day, move it with its Move control (a few Tabs from the grid's start: the days' "+" links
    are one tab stop; the focus stays on the moved piece), open a review."""
    creator, _coach = demo
    User.objects.filter(pk=creator.pk).update(language=language, language_chosen=True)
    today = timezone.localdate(timezone=creator.tzinfo)
    first = today.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    # Two free days of this month, the nearest to today first.
    add_day, move_day = sorted(free_days(creator, first, last), key=lambda d: abs(d - today))[:2]
    context, page = watched(browser, live_server.url, viewport=DESKTOP, locale=locale)
    try:
        page.goto("/accounts/login/")
        tab_to(page, "el => el.id === 'id_username'")
        page.keyboard.type(CREATOR_EMAIL)
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        assert page.locator("html").get_attribute("lang") == language

        # Add a piece: the month's "+" links are one tab stop; the arrows pick the day.
        enter_to(page, IS_LINK_TO.format("^/plan/$"), "**/plan/")
        tab_to(page, "el => el.classList.contains('day-add')")
        assert page.evaluate("document.activeElement.closest('td').dataset.dropDate") == (
            today.isoformat()
        )
        for _ in range(abs((add_day - today).days)):
            page.keyboard.press("ArrowRight" if add_day > today else "ArrowLeft")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/plan/items/new/?date={add_day.isoformat()}")
        tab_to(page, "el => el.id === 'id_title'")
        page.keyboard.type("Keyboard piece")
        page.keyboard.press("Enter")  # submits the form
        page.wait_for_url(re.compile(r"/plan/items/\d+/$"))
        item = ContentItem.objects.get(creator=creator, title="Keyboard piece")
        assert timezone.localtime(item.planned_for, creator.tzinfo).date() == add_day

        # Move it: from the grid's start, a few Tabs reach its Move button.
        enter_to(page, IS_LINK_TO.format("^/plan/$"), "**/plan/")
        tab_to(page, "el => !!el.closest('.month-grid')")
        presses = tab_to(
            page, f"el => el.tagName === 'SUMMARY' && el.closest('[data-item=\"{item.pk}\"]')"
        )
        before = page.evaluate(
            "id => [...document.querySelectorAll('.month-grid article.tile')]"
            ".findIndex(tile => tile.dataset.item === id)",
            str(item.pk),
        )
        assert presses <= 2 * before + 6, f"{presses} Tab presses past {before} pieces"
        page.keyboard.press("Enter")  # opens Move
        page.keyboard.press("Tab")  # the date
        page.keyboard.type(move_day.strftime(DATE_KEYS))
        assert page.evaluate("document.activeElement.value") == move_day.isoformat()
        with page.expect_response(lambda r: r.url.endswith(f"/items/{item.pk}/reschedule/")):
            page.keyboard.press("Enter")  # submits the Move form
        page.wait_for_function(
            "id => document.activeElement && document.activeElement.closest('[data-item]')"
            " && document.activeElement.closest('[data-item]').dataset.item === id",
            arg=str(item.pk),
        )
        item.refresh_from_db()
        assert timezone.localtime(item.planned_for, creator.tzinfo).date() == move_day

        # Open a review.
        enter_to(page, IS_LINK_TO.format("^/growth/reviews/$"), "**/growth/reviews/")
        enter_to(
            page,
            IS_LINK_TO.format("^/growth/reviews/\\\\d+/$"),
            re.compile(r"/growth/reviews/\d+/$"),
        )
        assert page.locator("h1").inner_text()
    finally:
        context.close()
    assert not page.errors, page.errors
