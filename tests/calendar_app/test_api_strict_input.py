"""The API holds input to the types its OpenAPI schema publishes: anything else is a 400."""

import pytest

pytestmark = pytest.mark.django_db

API = "/api/v1/"
ITEMS = f"{API}content-items/"


@pytest.mark.parametrize("path", ["", "export-csv/", "export-json/"])
@pytest.mark.parametrize(
    "value", ["", "tomorrow", "2026-3-1", "2026-03-01 09:00", "\u0661\u0662\u0663\u0664-01-01"]
)
def test_start_and_end_must_be_an_iso_date_or_date_time(owner_api, path, value):
    for name in ("start", "end"):
        response = owner_api.get(f"{ITEMS}{path}", {name: value})

        assert response.status_code == 400
        assert name in response.json()


@pytest.mark.parametrize(
    "value", ["2026-03-01", "2026-03-01T09:00:00+08:00", "2026-03-01T09:00Z", "2026-03-01T09:00"]
)
def test_start_and_end_take_a_date_or_a_date_time(owner_api, value):
    assert owner_api.get(ITEMS, {"start": value, "end": value}).status_code == 200


def test_mentee_items_check_their_filters_too(api_actors, owner):
    response = api_actors["coach"].get(f"{API}mentees/{owner.pk}/content-items/", {"start": ""})

    assert response.status_code == 400


@pytest.mark.parametrize(
    "query", ["status=", "channel=x", "channel=\u0661", "channel=", "platform=", "role=1&role=2"]
)
def test_other_filters_refuse_wrong_types(owner_api, query):
    path = "channels/" if query.startswith(("platform", "role")) else "content-items/"

    response = owner_api.get(f"{API}{path}?{query}")

    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


@pytest.mark.parametrize("hours", ["1.5", True, [1]])
def test_a_decimal_must_be_a_json_number(owner_api, hours):
    response = owner_api.post(ITEMS, {"title": "x", "effort_hours": hours}, format="json")

    assert response.status_code == 400
    assert "effort_hours" in response.json()


def test_decimals_are_json_numbers_both_ways(owner_api):
    response = owner_api.post(ITEMS, {"title": "x", "effort_hours": 1.5}, format="json")

    assert response.status_code == 201
    assert response.json()["effort_hours"] == 1.5


@pytest.mark.parametrize("field", ["repurposed_from", "channel", "topic"])
def test_a_primary_key_must_be_a_json_integer(owner_api, item, field):
    value = {"repurposed_from": item.pk, "channel": item.channel_id, "topic": item.topic_id}[field]

    response = owner_api.post(ITEMS, {"title": "x", field: str(value)}, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert owner_api.post(ITEMS, {"title": "x", field: value}, format="json").status_code == 201


@pytest.mark.parametrize("role", [{}, 1, True, ["primary"]])
def test_a_choice_must_be_one_of_its_json_values(owner_api, channel, role):
    response = owner_api.patch(f"{API}channels/{channel.pk}/", {"role": role}, format="json")

    assert response.status_code == 400
    assert "role" in response.json()


@pytest.mark.parametrize("if_match", [None, ""])
@pytest.mark.parametrize("kind", ["channels", "content-items"])
def test_put_without_a_body_is_a_400(owner_api, item, kind, if_match):
    pk = item.channel_id if kind == "channels" else item.pk
    headers = {} if if_match is None else {"HTTP_IF_MATCH": if_match}

    response = owner_api.put(f"{API}{kind}/{pk}/", **headers)

    assert response.status_code == 400


def test_a_blank_if_match_sets_no_condition(owner_api, item):
    response = owner_api.patch(f"{ITEMS}{item.pk}/", {"title": "新"}, HTTP_IF_MATCH="")

    assert response.status_code == 200


def test_an_invalid_sync_cursor_is_gone(owner_api):
    response = owner_api.get(f"{ITEMS}sync/", {"cursor": "\x1a"})

    assert response.status_code == 410
    assert "detail" in response.json()


def test_a_null_character_in_search_is_a_400_with_messages_under_detail(owner_api):
    response = owner_api.get(ITEMS, {"search": "a\x00b"})

    assert response.status_code == 400
    assert list(response.json()) == ["detail"]


def test_series_time_of_day_is_hh_mm_only(owner_api):
    for bad in ("0900", "9", "09:00+08:00", "25:00", 900):
        response = owner_api.post(
            "/api/v1/series/",
            {
                "title": "周报",
                "frequency": "weekly",
                "weekdays": [0],
                "time_of_day": bad,
                "starts_on": "2026-12-01",
            },
            format="json",
        )
        assert response.status_code == 400, bad
        assert "time_of_day" in response.json()


def test_a_series_cannot_start_centuries_ago_or_far_ahead(owner_api):
    for start in ("0063-11-18", "2999-01-01"):
        response = owner_api.post(
            "/api/v1/series/",
            {
                "title": "周报",
                "frequency": "weekly",
                "weekdays": [1],
                "time_of_day": "09:00",
                "starts_on": start,
            },
            format="json",
        )
        assert response.status_code == 400, start
        assert "starts_on" in response.json()


@pytest.mark.parametrize(
    "query", ["channel=", "topic=\u0661", "frequency=", "frequency=weekly&frequency=monthly"]
)
def test_series_filters_are_as_strict_as_the_others(owner_api, query):
    response = owner_api.get(f"{API}series/?{query}")

    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


def test_a_title_longer_than_its_limit_is_refused_even_when_trimming_would_fit(owner_api):
    # The schema's maxLength counts the text as sent: 301 characters are refused, even when
    # one of them is whitespace that would be trimmed.
    response = owner_api.post(
        "/api/v1/content-items/", {"title": "\u0085" + "长" * 300}, format="json"
    )

    assert response.status_code == 400
    assert "title" in response.json()
