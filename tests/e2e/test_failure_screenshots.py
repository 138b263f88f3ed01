"""A failing browser step leaves a screenshot of every page the test had open."""

from types import SimpleNamespace

import pytest

from tests.e2e import conftest as e2e

pytestmark = [pytest.mark.e2e]


def _failed_report():
    return SimpleNamespace(when="call", failed=True, sections=[])


def test_a_failing_step_saves_a_screenshot_of_each_open_page(browser, tmp_path, monkeypatch):
    monkeypatch.setattr(e2e, "ARTIFACTS", tmp_path / "artifacts")
    context = browser.new_context()
    first, second = context.new_page(), context.new_page()
    first.set_content("<h1>第一页</h1>")
    second.set_content("<h1>second</h1>")
    item = SimpleNamespace(name="test_journey", funcargs={"page": first}, extra_pages=[second])
    report = _failed_report()

    hook = e2e.pytest_runtest_makereport(item, None)
    next(hook)
    with pytest.raises(StopIteration):
        hook.send(SimpleNamespace(get_result=lambda: report))
    context.close()

    saved = [
        tmp_path / "artifacts" / "test_journey.png",
        tmp_path / "artifacts" / "test_journey-1.png",
    ]
    assert report.sections == [("screenshot", str(path)) for path in saved]
    for path in saved:
        assert path.read_bytes().startswith(b"\x89PNG")


def test_a_page_gone_with_the_failure_is_reported_not_raised(browser, tmp_path):
    context = browser.new_context()
    page = context.new_page()
    context.close()

    lines = e2e.save_screenshots("gone", [page, None], tmp_path)

    assert len(lines) == 1 and lines[0].startswith("not saved: ")
    assert not list(tmp_path.glob("*.png"))


def test_a_passing_step_saves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(e2e, "ARTIFACTS", tmp_path)
    report = SimpleNamespace(when="call", failed=False, sections=[])
    hook = e2e.pytest_runtest_makereport(SimpleNamespace(name="ok", funcargs={}), None)
    next(hook)
    with pytest.raises(StopIteration):
        hook.send(SimpleNamespace(get_result=lambda: report))

    assert report.sections == [] and not list(tmp_path.iterdir())
