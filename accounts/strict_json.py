"""Make DRF's fields as strict as the OpenAPI schema they publish.

DRF quietly coerces JSON values of the wrong type (`{"title": 0}` becomes "0", `1` becomes
True). Clients, and the schema tests that hold us to the published contract, expect a 400
instead. The API parses JSON only (files are uploaded to endpoints that declare their own
parsers), so text fields can insist on strings and boolean fields on booleans.
"""

from rest_framework import fields


def _strict(field_class, accepted: tuple[type, ...], rejected: tuple[type, ...] = ()):
    original = field_class.to_internal_value

    def to_internal_value(self, data):
        if isinstance(data, rejected) or not isinstance(data, accepted):
            self.fail("invalid")
        return original(self, data)

    field_class.to_internal_value = to_internal_value


def install() -> None:
    fields.CharField.default_error_messages.setdefault("invalid", "Not a valid string.")
    _strict(fields.CharField, (str,))
    _strict(fields.BooleanField, (bool,))
    _strict(fields.IntegerField, (int, str), (bool,))
    _strict(fields.FloatField, (int, float, str), (bool,))
    _strict(fields.DecimalField, (int, float, str), (bool,))
