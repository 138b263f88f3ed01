"""Every date, date-and-time and time input carries an ISO 8601 value in every language:
the browser's inputs reject anything else and show an empty field (issue 16, point 3).

Checked twice: every form class's widgets, and over HTTP every page of the URL matrix that
the owner or the coach may read (so inputs written by hand in templates count too)."""

import importlib
import inspect
import pkgutil
import re
from datetime import date, datetime, time

import pytest
from django import forms
from django.utils import translation

import accounts
import analytics
import calendar_app
import positioning
from accounts.models import User
from tests.proof.matrix import MATRIX
from tests.proof.test_url_matrix import world  # noqa: F401  (the matrix's seeded world)

ISO = {
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "datetime-local": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?"),
    "time": re.compile(r"\d{2}:\d{2}(:\d{2})?"),
}
SAMPLE = {
    "date": date(2026, 12, 1),
    "datetime-local": datetime(2026, 12, 1, 9, 30),
    "time": time(9, 30),
}
VALUE = re.compile(r'<input[^>]*\btype="(date|datetime-local|time)"[^>]*>')


def input_type(widget: forms.Widget) -> str:
    return widget.attrs.get("type") or getattr(widget, "input_type", "")


def project_forms() -> list[type[forms.BaseForm]]:
    found = {}
    for package in (accounts, positioning, calendar_app, analytics):
        for module_info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if "migrations" in module_info.name or "tests" in module_info.name:
                continue
            if not module_info.name.endswith("forms"):
                continue
            module = importlib.import_module(module_info.name)
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return list(found.values())


def date_fields() -> list[tuple[str, str, forms.Field]]:
    rows = []
    for form in project_forms():
        for name, field in form.base_fields.items():
            kind = input_type(field.widget)
            if kind in ISO:
                rows.append((f"{form.__qualname__}.{name}", kind, field))
    return rows


def test_the_project_has_date_inputs_to_check():
    """The sweep below finds the forms (a broken import would make it vacuous)."""
    names = {name for name, _kind, _field in date_fields()}
    assert "OpinionLeaderAssessmentForm.assessed_on" in names
    assert "ContentItemForm.planned_for" in names
    assert "ReminderPreferencesForm.quiet_hours_start" in names


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_date_time_input_of_every_form_renders_iso(language):
    wrong = []
    for name, kind, field in date_fields():
        with translation.override(language):
            html = field.widget.render(name, SAMPLE[kind])
        value = re.search(r'value="([^"]*)"', html)
        if value is None or not ISO[kind].fullmatch(value.group(1)):
            wrong.append(f"{name} ({kind}): {html}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_self_assessment_date_is_iso_on_the_loop_page(owner_client, owner, language):
    owner.language = language
    owner.save(update_fields=["language"])

    html = owner_client.get("/positioning/loop/").content.decode()

    inputs = VALUE.findall(html)
    assert inputs, "the loop page has a date input"
    for tag in re.findall(r'<input[^>]*\btype="date"[^>]*>', html):
        value = re.search(r'value="([^"]*)"', tag)
        assert value and ISO["date"].fullmatch(value.group(1)), tag


def readable_pages(w) -> list[tuple[str, str]]:
    """(role, url) for every HTML page in the matrix that the owner or the coach reads."""
    pages = []
    for route, checks in MATRIX.items():
        if route.startswith("api/"):
            continue
        for check in checks:
            if check.method.lower() != "get":
                continue
            for role in ("owner", "coach"):
                if getattr(check.expect, role) == 200:
                    pages.append((role, check.url(w)))
    return pages


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_page_of_the_creator_and_the_coach_renders_iso_inputs(
    world,  # noqa: F811
    page_actors,
    language,
):
    User.objects.filter(pk__in=[world.owner.pk, world.coach.pk]).update(
        language=language, language_chosen=True
    )
    wrong, with_inputs = [], set()
    pages = readable_pages(world)
    for role, url in pages:
        response = page_actors[role].get(url)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        assert f'lang="{language}"' in html or "<html" not in html, url
        for tag in VALUE.finditer(html):
            with_inputs.add(url.split("?")[0])
            value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
            if value and value.group(1) and not ISO[tag.group(1)].fullmatch(value.group(1)):
                wrong.append(f"{role} {url}: {tag.group(0)}")

    assert not wrong, "\n".join(wrong)
    # Not vacuous: the sweep met the pages that carry such inputs.
    assert len(pages) > 60
    expected = {"/positioning/loop/", "/plan/items/new/", "/plan/series/", "/settings/profile/"}
    assert expected <= with_inputs, expected - with_inputs
    assert len(with_inputs) >= 12, sorted(with_inputs)
