"""Every resource whose schema documents If-Match is compare-and-set under concurrency.

The resources come from the published schema, so a new one is raced as soon as it documents
If-Match. The demo seed gives each of them a row; two real PATCHes with the same ETag run at
once (each on its own thread and connection, behind a lock so both read before either
writes): exactly one wins and the other gets 412.
"""

import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accounts.models import User
from tests.concurrency import race_behind_lock

DEMO_CREATOR = "creator@demo.sweetspot"


def _documents_if_match(operation: dict) -> bool:
    return any(p["name"] == "If-Match" for p in operation.get("parameters", []))


def _change(schema: dict, components: dict, which: int) -> dict | None:
    """Body `which` (0 or 1) of two that set one writable field to different values, from
    the PATCH request schema: a plain text or a bounded number, or one inside an object."""
    for name, prop in schema.get("properties", {}).items():
        if prop.get("readOnly") or "enum" in prop:
            continue
        if "$ref" in prop:
            inner = _change(components[prop["$ref"].rsplit("/", 1)[1]], components, which)
            if inner is not None:
                return {name: inner}
        elif prop.get("type") == "string" and "format" not in prop:
            return {name: "甲乙"[which]}
        elif prop.get("type") == "integer" and "minimum" in prop:
            return {name: prop["minimum"] + which}
    return None


def _conditional_resources() -> list[tuple[str, type, dict, dict]]:
    """(path, model, body A, body B) for every PATCH that documents If-Match."""
    generator = SchemaGenerator()
    schema = generator.get_schema(request=None, public=True)
    views = {(p, m.lower()): v for p, _regex, m, v in generator._get_paths_and_endpoints()}
    components = schema["components"]["schemas"]
    found = []
    for path, operations in schema["paths"].items():
        operation = operations.get("patch")
        if operation is None or not _documents_if_match(operation):
            continue
        body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        request = components[body.rsplit("/", 1)[1]]
        model = views[path, "patch"].get_serializer_class().Meta.model
        found.append(
            (
                path,
                model,
                _change(request, components, 0),
                _change(request, components, 1),
            )
        )
    return found


def _client(user: User) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


@pytest.mark.django_db(transaction=True)
def test_two_patches_with_the_same_etag_one_wins_and_one_gets_412_on_every_resource():
    resources = _conditional_resources()
    assert len(resources) >= 15, "the schema documents too few If-Match resources"
    call_command("seed_demo")
    owner = User.objects.get(email=DEMO_CREATOR)
    outcomes = {}
    for path, model, first, second in resources:
        row = model._default_manager.filter(creator=owner).order_by("pk").first()
        assert row is not None, f"the demo seeds no {model.__name__} to race on {path}"
        assert first is not None, f"no writable field to race on in PATCH {path}"
        url = path.replace("{id}", str(row.pk))
        etag = _client(owner).get(url)["ETag"]

        def patch(body: dict, url: str = url, etag: str = etag):
            return lambda: (
                _client(owner).patch(url, body, format="json", HTTP_IF_MATCH=etag).status_code
            )

        outcomes[path] = sorted(race_behind_lock(row, patch(first), patch(second)))

    assert {path: [200, 412] for path in outcomes} == outcomes
