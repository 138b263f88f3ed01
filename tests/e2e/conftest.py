"""Playwright driving Debian's Chromium (never a downloaded browser) against live_server."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield browser
        browser.close()


def save_screenshots(name: str, pages, folder: Path | None = None) -> list[str]:
    """Screenshot each open page as `<name>[-n].png` in `folder` (default `ARTIFACTS`);
    returns what was saved, or why not."""
    folder = folder or ARTIFACTS
    saved = []
    for index, page in enumerate(p for p in pages if p is not None):
        folder.mkdir(exist_ok=True)
        path = folder / f"{name}{f'-{index}' if index else ''}.png"
        try:
            page.screenshot(path=str(path), full_page=True)
            saved.append(str(path))
        except Exception as error:  # the page may be gone with the failure
            saved.append(f"not saved: {error}")
    return saved


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing browser step saves a screenshot of every page the test had open."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        pages = [item.funcargs.get("page"), *getattr(item, "extra_pages", [])]
        for line in save_screenshots(item.name, pages):
            report.sections.append(("screenshot", line))


def _watched_page(browser, base_url: str):
    """A page in a fresh context that records CSP violations, JS errors and missing
    static files in `page.csp_problems`."""
    context = browser.new_context(base_url=base_url, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems: list[str] = []
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"JS error: {error}"))
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} for {response.url}")
            if "/static/" in response.url and response.status >= 400
            else None
        ),
    )
    page.csp_problems = problems
    return context, page


@pytest.fixture
def page(browser, live_server):
    context, page = _watched_page(browser, live_server.url)
    yield page
    context.close()
    assert not page.csp_problems, "Browser reported problems:\n" + "\n".join(page.csp_problems)


@pytest.fixture
def another_page(browser, live_server, request):
    """A second person's page (its own context, so its own session), watched like `page`."""
    context, page = _watched_page(browser, live_server.url)
    request.node.extra_pages = [page]
    yield page
    context.close()
    assert not page.csp_problems, "Browser reported problems:\n" + "\n".join(page.csp_problems)


def login(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
