"""Make DRF's fields as strict as the OpenAPI schema they publish.

DRF quietly coerces JSON values of the wrong type (`{"title": 0}` becomes "0", `1` becomes
True). Clients, and the schema tests that hold us to the published contract, expect a 400
instead. The API parses JSON only (files are uploaded to endpoints that declare their own
parsers), so text fields can insist on strings and boolean fields on booleans.

Decimals are JSON numbers (`COERCE_DECIMAL_TO_STRING` is off), primary keys JSON integers
and choices JSON values of their choices' type. Those three insist on it only for a JSON
request body: the CSV import feeds the same serializers the text of its cells.
"""

from rest_framework import fields, relations


def _json_request(field) -> bool:
    request = field.root.context.get("request") if field.root is not None else None
    content_type = getattr(request, "content_type", "") or ""
    return content_type.split(";")[0].strip().lower().endswith("json")


def _json_kind(value) -> type:
    for kind in (bool, int, str):
        if isinstance(value, kind):
            return kind
    return type(value)


def _strict(field_class, accepted: tuple[type, ...], rejected: tuple[type, ...] = ()):
    original = field_class.to_internal_value

    def to_internal_value(self, data):
        if isinstance(data, rejected) or not isinstance(data, accepted):
            self.fail("invalid")
        return original(self, data)

    field_class.to_internal_value = to_internal_value


def _strict_in_json(field_class, accepted, fail):
    original = field_class.to_internal_value

    def to_internal_value(self, data):
        if _json_request(self) and (isinstance(data, bool) or not isinstance(data, accepted)):
            fail(self, data)
        return original(self, data)

    field_class.to_internal_value = to_internal_value


def _strict_choice(field_class):
    original = field_class.to_internal_value

    def to_internal_value(self, data):
        if _json_request(self) and not (data == "" and self.allow_blank):
            kinds = {_json_kind(key) for key in self.choice_strings_to_values.values()}
            if _json_kind(data) not in kinds:
                self.fail("invalid_choice", input=data)
        return original(self, data)

    field_class.to_internal_value = to_internal_value


def _length_as_sent(field_class) -> None:
    """CharField trims whitespace before it checks `max_length`; the schema's `maxLength`
    counts the string as sent, so the server counts it that way too."""
    original = field_class.run_validation

    def run_validation(self, data=fields.empty):
        if isinstance(data, str) and self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return original(self, data)

    field_class.run_validation = run_validation


def _url_as_stated(field_class) -> None:
    """A URL field takes what the schema states (accounts.schema.URL_PATTERN: RFC 3986 URI
    characters, a subset of what Django's URLValidator takes), so a client that follows the
    schema is never surprised either way."""
    from django.core.validators import RegexValidator

    from .schema import URL_PATTERN

    original = field_class.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.validators.append(RegexValidator(URL_PATTERN, message=self.error_messages["invalid"]))

    field_class.__init__ = __init__


def install() -> None:
    fields.CharField.default_error_messages.setdefault("invalid", "Not a valid string.")
    _strict(fields.CharField, (str,))
    _length_as_sent(fields.CharField)
    _strict(fields.BooleanField, (bool,))
    _strict(fields.IntegerField, (int, str), (bool,))
    _strict(fields.FloatField, (int, float, str), (bool,))
    _strict(fields.DecimalField, (int, float, str), (bool,))
    _strict_in_json(fields.DecimalField, (int, float), lambda field, data: field.fail("invalid"))
    _strict_in_json(
        relations.PrimaryKeyRelatedField,
        (int,),
        lambda field, data: field.fail("incorrect_type", data_type=type(data).__name__),
    )
    _strict_choice(fields.ChoiceField)
    _url_as_stated(fields.URLField)
