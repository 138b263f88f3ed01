"""Every serializer takes its strictness from `accounts.strict`, not from a patch of DRF.

Each project serializer derives from `accounts.strict.Serializer` or `ModelSerializer`, and
every field a client can send (in every request component of the published schema, and every
field a project serializer declares) is the strict subclass wherever one exists: a plain
`serializers.CharField` would take `0` for "0" again.
"""

import importlib
import pkgutil

from drf_spectacular.generators import SchemaGenerator
from rest_framework import fields, relations, serializers

from accounts import strict

APPS = ("accounts", "positioning", "calendar_app", "analytics", "assistant")


def _children(field: fields.Field) -> list[fields.Field]:
    if isinstance(field, serializers.ListSerializer):
        return [field.child]
    if isinstance(field, serializers.BaseSerializer):
        return list(field.fields.values())
    if isinstance(field, fields.ListField | fields.DictField):
        return [field.child]
    if isinstance(field, relations.ManyRelatedField):
        return [field.child_relation]
    return []


def loose_fields(field: fields.Field, where: str) -> list[str]:
    """Fields at or under `field` that are DRF's class where a strict subclass exists."""
    found = [
        f"{where}: {type(field).__name__}"
        for drf, strict_class in strict.STRICT.items()
        if isinstance(field, drf) and not isinstance(field, strict_class)
    ][:1]
    for child in _children(field):
        found += loose_fields(child, f"{where}.{getattr(child, 'field_name', '') or '[]'}")
    return found


def _project_serializers() -> list[type]:
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in module.name and not module.name.endswith("tests"):
                importlib.import_module(module.name)
    found, stack = [], [serializers.BaseSerializer]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in APPS:
            found.append(cls)
    return found


def test_a_plain_drf_field_is_found_loose():
    class Loose(strict.Serializer):
        title = serializers.CharField()
        tags = serializers.ListField(child=serializers.IntegerField())
        fine = strict.EmailField()

    assert loose_fields(Loose(), "Loose") == [
        "Loose.title: CharField",
        "Loose.tags.[]: IntegerField",
    ]


def test_every_project_serializer_is_strict():
    classes = _project_serializers()
    assert len(classes) > 30

    loose = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in classes
        if not issubclass(cls, strict.Serializer | strict.ModelSerializer)
        and not issubclass(cls, serializers.ListSerializer)
    ]
    declared = [
        found
        for cls in classes
        for name, field in getattr(cls, "_declared_fields", {}).items()
        for found in loose_fields(field, f"{cls.__qualname__}.{name}")
    ]

    assert (loose, declared) == ([], [])


def test_every_field_a_client_sends_is_strict():
    generator = SchemaGenerator()
    generator.get_schema(request=None, public=True)
    requests = {
        name: component.object
        for (name, kind), component in generator.registry._components.items()
        if kind == "schemas"
        and name.endswith("Request")
        and isinstance(component.object, serializers.BaseSerializer)
    }
    assert len(requests) > 20

    loose = [found for name, s in requests.items() for found in loose_fields(s, name)]

    assert loose == []
