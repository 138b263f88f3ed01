"""The OpenAPI schema states what the server enforces.

Field extensions (drf-spectacular's `OpenApiSerializerFieldExtension`, registered when this
module is imported from `AccountsConfig.ready`) add the constraints drf-spectacular leaves out:
a decimal's places (`multipleOf`), a URL's schemes, and the date range every date and
date-time field accepts (`accounts.bounds`). The post-processing hook documents the error
answers every operation can give.
"""

from decimal import Decimal

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

from .bounds import ASCII_INT_MAX, MAX_YEAR, MIN_YEAR

# Years MIN_YEAR..MAX_YEAR (1900..9000) at the start of an ISO 8601 date or date-time.
YEAR_PATTERN = r"^(19[0-9]{2}|[2-8][0-9]{3}|9000)-"
DATE_RANGE = f"Years {MIN_YEAR} to {MAX_YEAR}."
DATE_TIME_RANGE = f"Years {MIN_YEAR} to {MAX_YEAR}, also once converted to UTC."


def _ranges(codes: list[int]) -> str:
    """A regex character class body for these code points, as \\uXXXX ranges (ECMA and Python)."""
    parts, start = [], None
    for code, following in zip(codes, [*codes[1:], None], strict=True):
        start = code if start is None else start
        if following != code + 1:
            low, high = f"\\u{start:04x}", f"\\u{code:04x}"
            parts.append(low if start == code else f"{low}-{high}")
            start = None
    return "".join(parts)


# What DRF's CharField strips (`str.strip()`: Python's whitespace, wider than a regex's `\\s`).
WHITESPACE = _ranges([code for code in range(0x10000) if chr(code).isspace()])
# DRF refuses NUL in every CharField; one that may not be blank also refuses only whitespace,
# which it trims to nothing.
TEXT_PATTERN = r"^[^\u0000]*$"
NON_BLANK_PATTERN = rf"^[{WHITESPACE}]*[^\u0000{WHITESPACE}][^\u0000]*$"
# A subset of what Django's URLValidator (run by URLField) accepts, and of RFC 3986's URIs:
# one of its schemes, a host name with a top-level domain of two letters or more, then an
# optional path, query and fragment of RFC 3986's characters and %-escapes, each in its place.
_PCHAR = r"([A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})"
URL_PATTERN = (
    r"^(https?|ftps?)://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
    rf"(/({_PCHAR}|/)*)?(\?({_PCHAR}|[/?])*)?(#({_PCHAR}|[/?])*)?$"
)
# Pages accept any URL Django does (non-ASCII paths too), so an answer may hold an IRI.
URL_ANSWER = "An absolute URL; it may hold non-ASCII characters (an IRI)."


def _with_description(schema: dict, text: str) -> dict:
    existing = schema.get("description")
    schema["description"] = f"{existing} {text}" if existing else text
    return schema


class DecimalFieldSchema(OpenApiSerializerFieldExtension):
    """A decimal's places as `multipleOf` (its digits are already its `maximum`)."""

    target_class = "rest_framework.fields.DecimalField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        places = self.target.decimal_places
        if places is not None and schema.get("type") == "number":
            schema["multipleOf"] = float(Decimal(1).scaleb(-places))
        return schema


class CharFieldSchema(OpenApiSerializerFieldExtension):
    """Text as DRF's CharField takes it: no NUL, not only whitespace where it may not be
    blank; a URL as Django's URLValidator takes it. Fields with a format of their own (email,
    UUID...) or a pattern keep theirs."""

    target_class = "rest_framework.fields.CharField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        schema = auto_schema._map_serializer_field(field, direction, bypass_extensions=True)
        if isinstance(field, serializers.URLField):
            # A blank-allowed URL is a oneOf of the URL and the empty string: state it on
            # every string branch that is the URL.
            for branch in [schema, *schema.get("oneOf", [])]:
                if branch.get("format") != "uri":
                    continue
                if direction == "response":
                    branch.pop("format")
                else:
                    branch["pattern"] = URL_PATTERN
            return _with_description(schema, URL_ANSWER) if direction == "response" else schema
        if direction != "request" or schema.get("type") != "string" or "pattern" in schema:
            return schema
        if "format" not in schema:
            blank_refused = not field.allow_blank and field.trim_whitespace
            schema["pattern"] = NON_BLANK_PATTERN if blank_refused else TEXT_PATTERN
        return schema


class KeyedDictFieldSchema(OpenApiSerializerFieldExtension):
    """An object with a fixed set of keys (`accounts.apiutils.KeyedDictField`)."""

    target_class = "accounts.apiutils.KeyedDictField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        schema = auto_schema._map_serializer_field(field, direction, bypass_extensions=True)
        value = schema.pop("additionalProperties", {})
        schema["properties"] = {key: value for key in field.keys}
        schema["additionalProperties"] = False
        return schema


class DateFieldSchema(OpenApiSerializerFieldExtension):
    """A date in the years the server accepts (`accounts.bounds`)."""

    target_class = "rest_framework.fields.DateField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if direction == "request":
            schema["pattern"] = YEAR_PATTERN
            _with_description(schema, DATE_RANGE)
        return schema


class DateTimeFieldSchema(DateFieldSchema):
    target_class = "rest_framework.fields.DateTimeField"

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if direction == "request":
            schema["pattern"] = YEAR_PATTERN
            _with_description(schema, DATE_TIME_RANGE)
        return schema


ERROR_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "Field name (or `detail`) to a list of messages.",
    "additionalProperties": {
        "anyOf": [
            {"type": "array", "items": {}},
            {"type": "string"},
            {"type": "object"},
        ]
    },
}

COMMON = {
    "400": ("Invalid input: messages per field.", "FieldErrors"),
    "401": ("Not authenticated, or an invalid, expired or revoked token.", "ErrorDetail"),
    "403": ("Not allowed, e.g. a read-only token writing.", "ErrorDetail"),
    "404": ("Not found, or not yours.", "ErrorDetail"),
    "429": ("Too many requests; see the Retry-After header.", "ErrorDetail"),
    "500": ("An error on our side; nothing was changed.", "ErrorDetail"),
    "503": ("The service is briefly unavailable; see the Retry-After header.", "ErrorDetail"),
}
BODY_EXTRA = {"413": ("The request body is too large.", "ErrorDetail")}
UNSAFE_EXTRA = {"412": ("The If-Match ETag is stale.", "ErrorDetail")}


def _plain_text(prop: dict) -> dict | None:
    """drf-spectacular wraps a blank-allowed string with a pattern as oneOf[it, empty string];
    `TEXT_PATTERN` admits the empty string itself (and oneOf forbids matching both)."""
    branches = prop.get("oneOf") or []
    if len(branches) == 2 and branches[0].get("pattern") == TEXT_PATTERN:
        return {**{k: v for k, v in prop.items() if k != "oneOf"}, **branches[0]}
    return None


def _unwrap_plain_text(schema: dict) -> dict:
    """The schema with every such wrapped text property (nested ones too) unwrapped."""
    plain = _plain_text(schema)
    if plain is not None:
        return plain
    for key in ("additionalProperties", "items"):
        if isinstance(schema.get(key), dict):
            schema[key] = _unwrap_plain_text(schema[key])
    for name, prop in (schema.get("properties") or {}).items():
        schema["properties"][name] = _unwrap_plain_text(prop)
    return schema


def _bound_integer_parameters(operation: dict) -> None:
    """Query and path integers are read in at most 18 ASCII digits (`accounts.bounds`,
    `accounts.strict_filters`): django-filter's parameters state no bounds, so state them."""
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema") or {}
        if schema.get("type") == "integer" and "enum" not in schema:
            schema.setdefault("maximum", ASCII_INT_MAX)
            schema.setdefault("minimum", -ASCII_INT_MAX if parameter["in"] == "query" else 0)


def add_error_responses(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, component in schemas.items():
        schemas[name] = _unwrap_plain_text(component)
    schemas.setdefault("ErrorDetail", ERROR_DETAIL)
    schemas.setdefault("FieldErrors", FIELD_ERRORS)
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            _bound_integer_parameters(operation)
            responses = operation.setdefault("responses", {})
            extra = dict(COMMON)
            if method in {"post", "put", "patch"}:
                extra.update(BODY_EXTRA)
            # Only a write that takes If-Match (accounts.conditional) can answer 412.
            headers = {
                p.get("name") for p in operation.get("parameters", []) if p.get("in") == "header"
            }
            if method in {"put", "patch", "delete"} and "If-Match" in headers:
                extra.update(UNSAFE_EXTRA)
            for code, (description, schema) in extra.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{schema}"}
                            }
                        },
                    },
                )
    return result
