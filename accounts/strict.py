"""DRF fields as strict as the OpenAPI schema they publish, and the serializers that use them.

DRF quietly coerces JSON values of the wrong type (`{"title": 0}` becomes "0", `1` becomes
True). Clients, and the schema tests that hold us to the published contract, expect a 400
instead. The API parses JSON only (files are uploaded to endpoints that declare their own
parsers), so text fields insist on strings and boolean fields on booleans.

Decimals are JSON numbers (`COERCE_DECIMAL_TO_STRING` is off), primary keys JSON integers
and choices JSON values of their choices' type; dates and date-times lie in the years
`accounts.bounds` allows. Those three insist on it only for a JSON
request body: the CSV import feeds the same serializers the text of its cells.

Every API serializer derives from `Serializer` or `ModelSerializer` below and declares its
fields from this module (`tests/proof/test_strict_serializers.py` checks both), so the
strictness is DRF's own extension points (field subclasses, `serializer_field_mapping`),
not a patch of the library.
"""

from django.core.validators import RegexValidator
from rest_framework import fields, relations, serializers
from rest_framework.exceptions import ValidationError

from .bounds import OUT_OF_RANGE, in_range
from .schema import URL_PATTERN


def _json_request(field: fields.Field) -> bool:
    request = field.root.context.get("request") if field.root is not None else None
    content_type = getattr(request, "content_type", "") or ""
    return content_type.split(";")[0].strip().lower().endswith("json")


def _json_kind(value) -> type:
    for kind in (bool, int, str):
        if isinstance(value, kind):
            return kind
    return type(value)


def _of_type(data, accepted: tuple[type, ...]) -> bool:
    return isinstance(data, accepted) and not (isinstance(data, bool) and bool not in accepted)


class CharField(fields.CharField):
    """Text only, and `max_length` counted on the string as sent (DRF trims first; the
    schema's `maxLength` counts what the client sends)."""

    default_error_messages = {"invalid": "Not a valid string."}

    def run_validation(self, data=fields.empty):
        if isinstance(data, str) and self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().run_validation(data)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class EmailField(fields.EmailField, CharField):
    pass


class SlugField(fields.SlugField, CharField):
    pass


class RegexField(fields.RegexField, CharField):
    pass


class IPAddressField(fields.IPAddressField, CharField):
    pass


class URLField(fields.URLField, CharField):
    """Takes what the schema states (accounts.schema.URL_PATTERN: RFC 3986 URI characters, a
    subset of what Django's URLValidator takes), so a client that follows the schema is never
    surprised either way."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(RegexValidator(URL_PATTERN, message=self.error_messages["invalid"]))


class BooleanField(fields.BooleanField):
    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return super().to_internal_value(data)


class IntegerField(fields.IntegerField):
    def to_internal_value(self, data):
        if not _of_type(data, (int, str)):
            self.fail("invalid")
        return super().to_internal_value(data)


class BigIntegerField(fields.BigIntegerField, IntegerField):
    pass


class FloatField(fields.FloatField):
    def to_internal_value(self, data):
        if not _of_type(data, (int, float, str)):
            self.fail("invalid")
        return super().to_internal_value(data)


class DecimalField(fields.DecimalField):
    def to_internal_value(self, data):
        numbers = (int, float) if _json_request(self) else (int, float, str)
        if not _of_type(data, numbers):
            self.fail("invalid")
        return super().to_internal_value(data)


class _InRange:
    """A date or date-time in the years `accounts.bounds` allows (what the database can read
    back in any time zone); one past them is refused with a field error, not a 500."""

    default_error_messages = {"overflow": OUT_OF_RANGE}

    def to_internal_value(self, value):
        try:
            result = super().to_internal_value(value)
        except OverflowError:  # the time zone conversion ran past year 9999 or before 1
            result = None
        if result is None or not in_range(result):
            raise ValidationError(OUT_OF_RANGE, code="out_of_range")
        return result


class DateField(_InRange, fields.DateField):
    pass


class DateTimeField(_InRange, fields.DateTimeField):
    pass


class ChoiceField(fields.ChoiceField):
    def to_internal_value(self, data):
        if _json_request(self) and not (data == "" and self.allow_blank):
            kinds = {_json_kind(key) for key in self.choice_strings_to_values.values()}
            if _json_kind(data) not in kinds:
                self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


class MultipleChoiceField(fields.MultipleChoiceField, ChoiceField):
    pass


class PrimaryKeyRelatedField(relations.PrimaryKeyRelatedField):
    def to_internal_value(self, data):
        if _json_request(self) and not _of_type(data, (int,)):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


# DRF's class -> its strict subclass: what a ModelSerializer builds for a model field.
STRICT = {
    fields.CharField: CharField,
    fields.EmailField: EmailField,
    fields.SlugField: SlugField,
    fields.URLField: URLField,
    fields.RegexField: RegexField,
    fields.IPAddressField: IPAddressField,
    fields.BooleanField: BooleanField,
    fields.IntegerField: IntegerField,
    fields.BigIntegerField: BigIntegerField,
    fields.FloatField: FloatField,
    fields.DecimalField: DecimalField,
    fields.DateField: DateField,
    fields.DateTimeField: DateTimeField,
    fields.ChoiceField: ChoiceField,
    fields.MultipleChoiceField: MultipleChoiceField,
    relations.PrimaryKeyRelatedField: PrimaryKeyRelatedField,
}


class Serializer(serializers.Serializer):
    """The base of every API serializer that is not a ModelSerializer."""


class ModelSerializer(serializers.ModelSerializer):
    """Builds strict fields for the model's fields, choices and foreign keys."""

    serializer_field_mapping = {
        model_field: STRICT.get(drf_field, drf_field)
        for model_field, drf_field in serializers.ModelSerializer.serializer_field_mapping.items()
    }
    serializer_related_field = PrimaryKeyRelatedField
    serializer_choice_field = ChoiceField
