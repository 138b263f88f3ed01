"""Series occurrences written through the REST API follow the planning pages' rules: an
occurrence is not deleted (it would come back at the next materialise), an edited one leaves
its series (so a later series change keeps the edit), and repurposing never closes a cycle."""

from datetime import UTC, datetime

import pytest
import time_machine

from tests.calendar_app.factories import ContentItemFactory

pytestmark = pytest.mark.django_db

SERIES = "/api/v1/series/"
ITEMS = "/api/v1/content-items/"
# A Monday morning; the series starts on the Tuesday after.
NOW = datetime(2027, 3, 1, 2, 0, tzinfo=UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _series(client) -> dict:
    response = client.post(
        SERIES,
        {
            "title": "周更 #{n}",
            "frequency": "weekly",
            "interval": 1,
            "weekdays": [1],
            "time_of_day": "20:00",
            "starts_on": "2027-03-02",
            "count": 3,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()


def _occurrences(client) -> list[dict]:
    rows = client.get(ITEMS, {"search": "周更", "ordering": "planned_for"}).json()["results"]
    assert len(rows) == 3
    return rows


def test_deleting_a_series_occurrence_is_refused_and_it_stays_once(owner_api, owner, frozen):
    series = _series(owner_api)
    first = _occurrences(owner_api)[0]

    response = owner_api.delete(f"{ITEMS}{first['id']}/")
    kept = owner_api.get(f"{ITEMS}{first['id']}/")
    # A series change materialises again: the refused occurrence is neither lost nor doubled.
    changed = owner_api.patch(f"{SERIES}{series['id']}/", {"time_of_day": "21:00"}, format="json")

    assert response.status_code == 400
    assert "series" in response.json()
    assert kept.status_code == 200
    assert changed.status_code == 200, changed.json()
    titles = [row["title"] for row in _occurrences(owner_api)]
    assert titles == ["周更 #1", "周更 #2", "周更 #3"]


def test_the_schema_documents_the_refused_delete(owner_api):
    schema = owner_api.get("/api/schema/?format=json").json()

    destroy = schema["paths"]["/api/v1/content-items/{id}/"]["delete"]

    assert "400" in destroy["responses"]
    assert "series occurrence" in destroy["description"]


def test_an_occurrence_edited_through_the_api_survives_a_series_change(owner_api, frozen):
    series = _series(owner_api)
    second = _occurrences(owner_api)[1]

    edited = owner_api.patch(f"{ITEMS}{second['id']}/", {"title": "特别篇"}, format="json")
    changed = owner_api.patch(
        f"{SERIES}{series['id']}/", {"title": "新周更 #{n}", "time_of_day": "21:00"}, format="json"
    )

    assert edited.status_code == 200, edited.json()
    assert changed.status_code == 200, changed.json()
    kept = owner_api.get(f"{ITEMS}{second['id']}/")
    assert kept.status_code == 200
    assert kept.json()["title"] == "特别篇"
    assert kept.json()["planned_for"] == second["planned_for"]
    others = owner_api.get(ITEMS, {"search": "新周更"}).json()["results"]
    assert sorted(row["title"] for row in others) == ["新周更 #1", "新周更 #3"]


def test_an_occurrence_edited_through_the_api_survives_the_series_end(owner_api, frozen):
    series = _series(owner_api)
    third = _occurrences(owner_api)[2]
    owner_api.patch(f"{ITEMS}{third['id']}/", {"notes": "已约嘉宾"}, format="json")

    assert owner_api.delete(f"{SERIES}{series['id']}/").status_code == 204

    kept = owner_api.get(f"{ITEMS}{third['id']}/")
    assert kept.status_code == 200 and kept.json()["notes"] == "已约嘉宾"


def test_repurposing_b_from_a_after_a_from_b_is_a_field_error(owner_api, owner):
    a = ContentItemFactory(creator=owner, title="甲")
    b = ContentItemFactory(creator=owner, title="乙")

    first = owner_api.patch(f"{ITEMS}{a.pk}/", {"repurposed_from": b.pk}, format="json")
    second = owner_api.patch(f"{ITEMS}{b.pk}/", {"repurposed_from": a.pk}, format="json")

    assert first.status_code == 200
    assert second.status_code == 400
    assert "repurposed_from" in second.json()
    assert owner_api.get(f"{ITEMS}{b.pk}/").json()["repurposed_from"] is None
