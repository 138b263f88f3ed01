"""The published OpenAPI schema states every constraint the server enforces on a field.

API clients generate code from `/api/schema/`: a field whose limit the schema leaves out lets
them send what the server then refuses with 400. This walks every component of the served
schema next to the serializer drf-spectacular built it from, so a new field whose constraint
is not stated fails here, long before a fuzzer stumbles on it.
"""

import re
from decimal import Decimal

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers

from accounts import schema as schema_module
from accounts import strict
from accounts.bounds import MAX_YEAR, MIN_YEAR

pytestmark = pytest.mark.django_db

TEXT_LIKE = (serializers.EmailField, serializers.UUIDField, serializers.RegexField)


@pytest.fixture(scope="module")
def served(django_db_setup, django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()["components"]["schemas"]


@pytest.fixture(scope="module")
def serializer_of():
    """Component name to the serializer drf-spectacular made it from (a paginated list's
    envelope is registered under its items' serializer: it is left out)."""
    generator = SchemaGenerator()
    generator.get_schema(request=None, public=True)
    return {
        name: component.object
        for (name, kind), component in generator.registry._components.items()
        if kind == "schemas"
        and isinstance(component.object, serializers.BaseSerializer)
        and not name.startswith("Paginated")
    }


def _fields(served, serializer_of):
    """(component, field name, field, property schema, is a request) for every field."""
    found = []
    for name, serializer in serializer_of.items():
        properties = served[name].get("properties") or {}
        for field_name, field in serializer.fields.items():
            if field_name in properties:
                found.append((name, field_name, field, properties[field_name]))
    assert len(found) > 200, "the walk found too few fields to be walking the schema"
    return found


def _value_schema(prop: dict) -> dict:
    """The branch that describes a value: drf-spectacular wraps a blank-allowed formatted
    string as oneOf[it, empty string] and a titled enum as allOf[it]."""
    for key in ("oneOf", "allOf"):
        if prop.get(key):
            return prop[key][0]
    return prop


def test_every_decimal_states_its_digits_and_places(served, serializer_of):
    decimals = [
        f for f in _fields(served, serializer_of) if isinstance(f[2], serializers.DecimalField)
    ]
    assert decimals
    for component, name, field, prop in decimals:
        where = f"{component}.{name}"
        assert prop["type"] == "number", where
        assert Decimal(str(prop["multipleOf"])) == Decimal(1).scaleb(-field.decimal_places), where
        whole = 10 ** (field.max_digits - field.decimal_places)
        assert prop["maximum"] <= whole, where
        assert prop.get("minimum", -whole) >= -whole, where


def test_every_url_states_its_format_and_the_schemes_and_hosts_it_takes(served, serializer_of):
    urls = [f for f in _fields(served, serializer_of) if isinstance(f[2], serializers.URLField)]
    assert urls
    requests = [url for url in urls if url[0].endswith("Request")]
    assert requests
    for component, name, _field, prop in requests:
        value = _value_schema(prop)
        assert value["format"] == "uri", f"{component}.{name}"
        assert value["pattern"] == schema_module.URL_PATTERN, f"{component}.{name}"


def test_every_text_states_its_length_and_what_it_refuses(served, serializer_of):
    texts = [
        f
        for f in _fields(served, serializer_of)
        if type(f[2]) is serializers.CharField or isinstance(f[2], serializers.URLField)
    ]
    assert texts
    for component, name, field, prop in texts:
        value = _value_schema(prop)
        where = f"{component}.{name}"
        if field.max_length is not None:
            assert value["maxLength"] == field.max_length, where
        if component.endswith("Request") and type(field) is serializers.CharField:
            if not field.allow_blank and field.trim_whitespace:
                assert value["pattern"] == schema_module.NON_BLANK_PATTERN, where
            else:
                assert value["pattern"] == schema_module.TEXT_PATTERN, where


def test_every_bounded_integer_states_its_range(served, serializer_of):
    integers = [
        f for f in _fields(served, serializer_of) if isinstance(f[2], serializers.IntegerField)
    ]
    for component, name, field, prop in integers:
        if field.max_value is not None:
            assert prop["maximum"] <= field.max_value, f"{component}.{name}"
        if field.min_value is not None:
            assert prop["minimum"] >= field.min_value, f"{component}.{name}"


def test_every_date_states_the_years_the_server_takes(served, serializer_of):
    dates = [
        f
        for f in _fields(served, serializer_of)
        if isinstance(f[2], serializers.DateField | serializers.DateTimeField)
        and f[0].endswith("Request")
    ]
    assert dates
    for component, name, _field, prop in dates:
        assert prop["pattern"] == schema_module.YEAR_PATTERN, f"{component}.{name}"
        assert f"{MIN_YEAR} to {MAX_YEAR}" in prop["description"], f"{component}.{name}"


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        (f"{MIN_YEAR}-01-01", True),
        (f"{MAX_YEAR}-12-31", True),
        ("2026-06-17T09:41:00Z", True),
        (f"{MIN_YEAR - 1}-12-31", False),
        (f"{MAX_YEAR + 1}-01-01", False),
        ("0001-01-01", False),
        ("10000-01-01", False),
    ],
)
def test_the_year_pattern_is_the_servers_range(text, accepted):
    assert bool(re.search(schema_module.YEAR_PATTERN, text)) is accepted


@pytest.mark.parametrize(
    ("url", "in_schema"),
    [
        ("https://example.com", True),
        ("https://zhuanlan.zhihu.com/p/12345?from=a%20b#top", True),
        ("ftp://files.example.org/a.txt", True),
        ("https://0.a", False),
        ("https://example.com/文章", False),
        ("https://example.com/a b", False),
        ("mailto:me@example.com", False),
        ("https://example.com/a#frag[1]", False),
        ("https://example.com/a#one#two", False),
        ("https://example.com?q=1", True),
    ],
)
def test_a_url_the_schema_admits_is_one_django_accepts(url, in_schema):
    from django.core.validators import URLValidator

    assert bool(re.search(schema_module.URL_PATTERN, url)) is in_schema
    if in_schema:
        URLValidator()(url)


@pytest.mark.parametrize(
    ("text", "blank_allowed", "non_blank"),
    [
        ("", True, False),
        ("   \u3000\x1c", True, False),
        ("a\x00b", False, False),
        ("  创作者 ", True, True),
        ("\x85x", True, True),
    ],
)
def test_the_text_patterns_are_what_drf_takes(text, blank_allowed, non_blank):
    field = strict.CharField(allow_blank=False)
    try:
        field.run_validation(text)
        drf_takes = True
    except serializers.ValidationError:
        drf_takes = False
    assert drf_takes is non_blank
    assert bool(re.search(schema_module.NON_BLANK_PATTERN, text)) is non_blank
    assert bool(re.search(schema_module.TEXT_PATTERN, text)) is blank_allowed


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://example.com/p?q=1#top", True),
        ("https://example.com/a#frag[1]", False),
        ("https://example.com/文章", False),
    ],
)
def test_every_api_url_field_takes_what_the_schema_states(url, accepted):
    from rest_framework.exceptions import ValidationError

    field = strict.URLField()
    if accepted:
        assert field.run_validation(url) == url
    else:
        with pytest.raises(ValidationError):
            field.run_validation(url)
