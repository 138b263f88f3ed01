"""A newcomer's week without a stumble (issue 16), in Chromium.

The page checks are grouped: one pass over every page of the creator's and the coach's
journeys per language checks at once that nothing scrolls sideways at 390x844 (in both
languages), that no page logs a console error (a CSP violation included) or a JavaScript
error, and that axe-core (served from the installed axe-playwright-python package, never a
CDN) finds no serious or critical violation: on the phone layout in English, on the desktop
layout in Chinese, so both layouts and both languages are checked.
"""

import re
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


def test_the_creator_plans_with_the_keyboard_alone(browser, live_server, demo):
    """Keyboard only: reach a piece's Move button in a few Tabs (the days' "+" links are one
    tab stop), move it, and keep the focus on the moved piece."""
    creator, _coach = demo
    User.objects.filter(pk=creator.pk).update(language="en", language_chosen=True)
    context, page = watched(browser, live_server.url, viewport=DESKTOP, locale="en-US")
    try:
        page.goto("/accounts/login/")
        page.keyboard.press("Tab")  # the skip link
        page.locator("#id_username").focus()
        page.keyboard.type(CREATOR_EMAIL)
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        page.goto("/plan/")
        tiles = page.locator(".month-grid article.tile")
        third = tiles.nth(2)
        item_id = third.get_attribute("data-item")
        # From the grid's start, Tab until the third piece's Move button.
        page.locator(".tz-note").click()
        presses = 0
        while presses < 60:
            page.keyboard.press("Tab")
            presses += 1
            focused = page.evaluate(
                "() => { const el = document.activeElement;"
                " const tile = el && el.closest('[data-item]');"
                " return [el.tagName, tile ? tile.dataset.item : null]; }"
            )
            if focused == ["SUMMARY", item_id]:
                break
        assert presses <= 12, f"{presses} Tab presses to the third piece's Move button"
        page.keyboard.press("Enter")  # open Move
        page.keyboard.press("Tab")  # the date
        item = ContentItem.objects.get(pk=item_id)
        day = timezone.localtime(item.planned_for, creator.tzinfo).date()
        target = day.replace(day=1 if day.day > 1 else 2)
        page.keyboard.type(target.strftime("%m%d%Y"))
        assert page.evaluate("document.activeElement.value") == target.isoformat()
        with page.expect_response(lambda r: r.url.endswith(f"/items/{item_id}/reschedule/")):
            page.keyboard.press("Enter")  # submits the Move form
        page.wait_for_function(
            "id => document.activeElement && document.activeElement.closest('[data-item]')"
            " && document.activeElement.closest('[data-item]').dataset.item === id",
            arg=item_id,
        )
        item.refresh_from_db()
        assert timezone.localtime(item.planned_for, creator.tzinfo).date() == target
    finally:
        context.close()
    assert not page.errors, page.errors
