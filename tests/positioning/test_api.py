from decimal import Decimal

import pytest

from positioning.models import PositioningOption, Topic
from tests.factories import UserFactory
from tests.positioning.factories import (
    FunnelFactory,
    InterestFactory,
    OptionFactory,
    SkillFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/"


def test_lists_show_only_your_own_rows(owner_api, owner, other_creator):
    TopicFactory(creator=owner, name="mine")
    TopicFactory(creator=other_creator, name="theirs")

    results = owner_api.get(f"{API}topics/").json()["results"]

    assert [t["name"] for t in results] == ["mine"]


def test_an_active_coach_lists_a_mentees_rows_with_the_creator_filter(
    api_actors, owner, other_creator
):
    TopicFactory(creator=owner, name="mentee's")
    url = f"{API}topics/?creator={owner.pk}"

    assert [t["name"] for t in api_actors["coach"].get(url).json()["results"]] == ["mentee's"]
    assert api_actors["former_coach"].get(url).json()["results"] == []
    assert api_actors["other"].get(url).json()["results"] == []


@pytest.mark.parametrize("value", ["abc", "", "0.5", "null", "\u0661", "1&creator=1"])
def test_a_creator_filter_that_is_not_one_integer_is_a_400_naming_it(owner_api, value):
    response = owner_api.get(f"{API}topics/?creator={value}")

    assert response.status_code == 400
    assert list(response.json()) == ["creator"]


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("positioning-options/?is_chosen=null", "is_chosen"),
        ("positioning-options/?is_chosen=1", "is_chosen"),
        ("positioning-options/?is_chosen=", "is_chosen"),
        ("topics/?depth=0.5", "depth"),
        ("topics/?depth=abc", "depth"),
        ("topics/?depth=1&depth=2", "depth"),
        ("skills/?parent=x", "parent"),
    ],
)
def test_filters_refuse_values_of_the_wrong_type(owner_api, query, name):
    response = owner_api.get(f"{API}{query}")

    assert response.status_code == 400
    assert name in response.json()


def test_filters_accept_their_documented_types(owner_api):
    assert owner_api.get(f"{API}positioning-options/?is_chosen=true").status_code == 200
    assert owner_api.get(f"{API}positioning-options/?is_chosen=false").status_code == 200
    assert owner_api.get(f"{API}topics/?depth=2").status_code == 200


def test_topic_crud_with_the_computed_intersection(owner_api):
    created = owner_api.post(f"{API}topics/", {"name": "LLM推理优化", "ability": 4, "passion": 5})
    assert created.status_code == 201
    body = created.json()
    assert body["intersection"] == "core"
    assert set(body) >= {
        "id",
        "name",
        "ability",
        "passion",
        "intersection",
        "layer",
        "depth",
        "market_demand",
    }
    url = f"{API}topics/{body['id']}/"

    assert owner_api.patch(url, {"ability": 3}).json()["intersection"] == "potential"
    assert owner_api.patch(url, {"passion": 3}).json()["intersection"] == "secondary"
    assert owner_api.patch(url, {"ability": 2}).json()["intersection"] == "none"
    assert owner_api.get(url).json()["intersection"] == "none"
    assert owner_api.delete(url).status_code == 204
    assert not Topic.objects.exists()


def test_intersection_is_read_only(owner_api, topic):
    response = owner_api.patch(f"{API}topics/{topic.pk}/", {"intersection": "none"})

    assert response.json()["intersection"] == "core"


@pytest.mark.parametrize(
    ("endpoint", "field", "value"),
    [
        ("topics", "ability", 0),
        ("topics", "ability", 6),
        ("topics", "passion", 11),
        ("topics", "depth", 5),
        ("topics", "market_demand", "lots"),
        ("topics", "layer", "everything"),
        ("interests", "learning", 11),
        ("interests", "practice", 0),
        ("interests", "sharing", -3),
        ("interests", "duration_years", 99),
        ("skills", "uniqueness", 6),
        ("skills", "uniqueness", 0),
        ("skills", "proficiency", "guru"),
        ("skills", "years", 100000),
        ("positioning-options", "competition", 6),
        ("positioning-options", "professional_match", 0),
        ("positioning-options", "market_demand", 11),
        ("audience-tiers", "willingness_to_pay", 6),
        ("audience-funnels", "base", -1),
        ("market-opportunities", "content_gap", 0),
        ("opinion-leader-assessments", "influence", 11),
        ("opinion-leader-assessments", "leadership", 0),
        ("demand-evidence", "source_url", "not a url"),
    ],
)
def test_out_of_range_scores_are_a_400_naming_the_field(owner_api, endpoint, field, value):
    names = {"positioning-options": "title", "demand-evidence": "title"}
    payload = {names.get(endpoint, "name"): "x", field: value}
    if endpoint == "opinion-leader-assessments":
        payload = {field: value}

    response = owner_api.post(f"{API}{endpoint}/", payload)

    assert response.status_code == 400
    assert field in response.json()


def test_patching_a_score_of_11_is_a_400_and_changes_nothing(owner_api, topic):
    response = owner_api.patch(f"{API}topics/{topic.pk}/", {"passion": 11})

    assert response.status_code == 400
    assert "passion" in response.json()
    topic.refresh_from_db()
    assert topic.passion == 5


def test_interest_composite_recomputes(owner_api):
    created = owner_api.post(
        f"{API}interests/",
        {"name": "高性能计算", "learning": 8, "practice": 8, "sharing": 7, "duration_years": 2},
    ).json()
    assert created["composite"] == 7.7
    assert created["is_reliable"] is False
    assert created["authenticity_result"]["verdict"] == "unanswered"

    updated = owner_api.patch(
        f"{API}interests/{created['id']}/",
        {"learning": 7, "practice": 6, "sharing": 6, "duration_years": 3.5},
    ).json()

    assert updated["composite"] == 6.3
    assert updated["is_reliable"] is True
    assert Decimal(str(updated["duration_years"])) == Decimal("3.5")


def test_interest_authenticity_answers_give_a_result(owner_api, owner):
    interest = InterestFactory(creator=owner)
    answers = {
        "studied_outside_work": True,
        "weekends": True,
        "lasted_long": True,
        "kept_on_through_a_low": True,
        "follows_the_frontier": True,
        "reads_papers_and_blogs": True,
        "likes_explaining": True,
        "wants_to_write_it_too": True,
        "presented_to_a_team": None,
    }

    body = owner_api.patch(f"{API}interests/{interest.pk}/", {"authenticity": answers}).json()

    assert body["authenticity_result"]["verdict"] == "genuine"
    assert body["authenticity_result"]["answered"] == 8
    assert "presented_to_a_team" not in body["authenticity"]


def test_unknown_authenticity_questions_are_a_400(owner_api, owner):
    interest = InterestFactory(creator=owner)

    response = owner_api.patch(
        f"{API}interests/{interest.pk}/", {"authenticity": {"favourite_colour": True}}
    )

    assert response.status_code == 400
    assert "authenticity" in response.json()


def test_option_recommendation_and_decision_cell_recompute(owner_api):
    body = owner_api.post(
        f"{API}positioning-options/",
        {
            "title": "AI大模型推理优化全栈",
            "professional_match": 5,
            "interest_match": 5,
            "market_demand": 5,
            "competition": 3,
        },
    ).json()
    assert (body["recommendation"], body["decision_cell"], body["decision_stars"]) == (
        5,
        "best",
        5,
    )
    for field in ("is_chosen", "target_audience", "value_proposition"):
        assert field in body

    body = owner_api.patch(
        f"{API}positioning-options/{body['id']}/",
        {"professional_match": 3, "interest_match": 3, "market_demand": 5, "competition": 4},
    ).json()

    assert (body["recommendation"], body["decision_cell"]) == (3, "avoid")


def test_choosing_an_option_unchooses_the_others(owner_api, owner):
    first = OptionFactory(creator=owner)
    second = OptionFactory(creator=owner)
    theirs = OptionFactory(creator=UserFactory(), is_chosen=True)

    owner_api.patch(f"{API}positioning-options/{first.pk}/", {"is_chosen": True})
    response = owner_api.patch(f"{API}positioning-options/{second.pk}/", {"is_chosen": True})

    assert response.json()["is_chosen"] is True
    chosen = PositioningOption.objects.filter(creator=owner, is_chosen=True)
    assert list(chosen) == [second]
    theirs.refresh_from_db()
    assert theirs.is_chosen
    created = owner_api.post(f"{API}positioning-options/", {"title": "new", "is_chosen": True})
    assert created.json()["is_chosen"] is True
    assert PositioningOption.objects.filter(creator=owner, is_chosen=True).count() == 1


def test_a_skill_under_another_creators_skill_is_a_400(owner_api, other_creator):
    foreign = SkillFactory(creator=other_creator)

    response = owner_api.post(f"{API}skills/", {"name": "推理框架", "parent": foreign.pk})

    assert response.status_code == 400
    assert "parent" in response.json()


def test_skill_tree_refuses_a_cycle(owner_api, owner):
    area = SkillFactory(creator=owner)
    sub = SkillFactory(creator=owner, parent=area)

    response = owner_api.patch(f"{API}skills/{area.pk}/", {"parent": sub.pk})

    assert response.status_code == 400
    assert "parent" in response.json()


def test_a_funnel_step_on_another_creators_funnel_is_a_400(owner_api, other_creator):
    foreign = FunnelFactory(creator=other_creator)

    response = owner_api.post(
        f"{API}funnel-steps/", {"funnel": foreign.pk, "label": "x", "percent": 10}
    )

    assert response.status_code == 400
    assert "funnel" in response.json()


def test_funnel_estimates_follow_the_steps(owner_api, owner):
    funnel = owner_api.post(f"{API}audience-funnels/", {"name": "AI从业者", "base": 1000000})
    funnel_id = funnel.json()["id"]
    for position, percent in enumerate([10, 20]):
        response = owner_api.post(
            f"{API}funnel-steps/",
            {
                "funnel": funnel_id,
                "label": f"f{position}",
                "percent": percent,
                "position": position,
            },
        )
        assert response.status_code == 201

    estimates = owner_api.get(f"{API}audience-funnels/{funnel_id}/").json()["estimates"]

    assert [e["estimate"] for e in estimates] == [1000000, 100000, 20000]
    bad = owner_api.post(f"{API}funnel-steps/", {"funnel": funnel_id, "label": "x", "percent": 101})
    assert bad.status_code == 400 and "percent" in bad.json()


def test_opportunity_score_is_served(owner_api):
    body = owner_api.post(
        f"{API}market-opportunities/",
        {
            "name": "AI推理",
            "market_size": 4,
            "competition": 3,
            "content_gap": 4,
            "commercial_value": 4,
            "long_term_trend": 5,
        },
    ).json()

    assert body["score"] == 4.0


def test_one_assessment_per_day_is_a_400_naming_the_date(owner_api, owner):
    first = owner_api.post(f"{API}opinion-leader-assessments/", {"assessed_on": "2026-01-01"})
    assert first.status_code == 201 and first.json()["average"] == 5.0

    again = owner_api.post(f"{API}opinion-leader-assessments/", {"assessed_on": "2026-01-01"})

    assert again.status_code == 400
    assert "assessed_on" in again.json()


def test_profile_golden_loop_and_account_value(owner_api):
    url = f"{API}positioning-profile/"
    assert owner_api.get(url).json()["account_value"] is None

    body = owner_api.patch(
        url,
        {
            "main_career": "推理优化",
            "demand_rating": 4,
            "commercial_rating": 3,
            "traffic_rating": 5,
            "account_answers": {"your_edge": "AI x HPC"},
        },
    ).json()

    assert body["account_value"] == 60
    assert body["account_answers"] == {"your_edge": "AI x HPC"}
    assert owner_api.patch(url, {"demand_rating": 6}).status_code == 400
    bad = owner_api.patch(url, {"account_answers": {"nope": "x"}})
    assert bad.status_code == 400 and "account_answers" in bad.json()


def test_etag_and_if_match(owner_api, topic):
    url = f"{API}topics/{topic.pk}/"
    etag = owner_api.get(url)["ETag"]

    stale = owner_api.patch(url, {"name": "x"}, HTTP_IF_MATCH='"stale"')
    assert stale.status_code == 412
    topic.refresh_from_db()
    assert topic.name == "LLM推理优化"

    fresh = owner_api.patch(url, {"name": "y"}, HTTP_IF_MATCH=etag)
    assert fresh.status_code == 200
    assert fresh["ETag"] != etag
    assert owner_api.delete(url, HTTP_IF_MATCH=etag).status_code == 412


def test_comments_on_topics_and_options_through_the_comments_api(api_actors, topic, option):
    for target_type, target in (("topic", topic), ("positioning_option", option)):
        payload = {"target_type": target_type, "target_id": target.pk, "body": "好选题"}
        assert api_actors["coach"].post(f"{API}comments/", payload).status_code == 201
        assert api_actors["former_coach"].post(f"{API}comments/", payload).status_code == 400
        listed = api_actors["owner"].get(
            f"{API}comments/?target_type={target_type}&target_id={target.pk}"
        )
        assert [c["body"] for c in listed.json()["results"]] == ["好选题"]


def test_the_schema_documents_the_positioning_endpoints(owner_client):
    schema = owner_client.get("/api/schema/").content.decode()

    for path in ("/api/v1/topics/", "/api/v1/positioning-options/", "/api/v1/skills/"):
        assert path in schema
