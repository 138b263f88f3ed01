import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Comment, User
from positioning import selectors
from positioning.models import ActionStepDone, Interest, PositioningOption, Skill, Topic
from tests.positioning.factories import (
    AssessmentFactory,
    InterestFactory,
    OptionFactory,
    SkillFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def test_a_coach_cannot_edit_a_mentees_rows_or_answers(client, coach, owner, topic):
    client.force_login(coach)
    interest = InterestFactory(creator=owner)

    assert (
        client.post(reverse("positioning:interest_authenticity", args=[interest.pk])).status_code
        == 404
    )
    response = client.post(
        reverse("positioning:option_detail", args=[OptionFactory(creator=owner).pk])
    )
    assert response.status_code == 404


def test_adding_a_row_inline_returns_the_row_and_a_fresh_form(owner_client, owner):
    response = owner_client.post(
        reverse("positioning:row_create", args=["topic"]),
        {
            "name": "模型量化技术",
            "ability": 5,
            "passion": 4,
            "layer": "technique",
            "depth": 2,
            "market_demand": 5,
        },
        **HX,
    )

    assert response.status_code == 200
    html = response.content.decode()
    topic = Topic.objects.get(creator=owner)
    assert f'id="topic-{topic.pk}"' in html
    assert 'id="topic-new"' in html
    assert "模型量化技术" in html
    assert "intersection-core" in html
    assert "<html" not in html


def test_an_invalid_row_comes_back_with_its_errors_inline(owner_client, owner):
    response = owner_client.post(
        reverse("positioning:row_create", args=["topic"]),
        {
            "name": "x",
            "ability": 11,
            "passion": 0,
            "layer": "technique",
            "depth": 2,
            "market_demand": 3,
        },
        **HX,
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="topic-new"' in html
    assert html.count('class="errorlist"') == 2
    assert 'value="11"' in html
    assert not Topic.objects.exists()


def test_editing_a_row_inline(owner_client, topic):
    edit = owner_client.get(reverse("positioning:row_edit", args=["topic", topic.pk]), **HX)
    assert 'name="ability"' in edit.content.decode()
    assert f'form="topic-form-{topic.pk}"' in edit.content.decode()

    saved = owner_client.post(
        reverse("positioning:row_detail", args=["topic", topic.pk]),
        {
            "name": "LLM推理优化",
            "ability": 3,
            "passion": 5,
            "layer": "frontier",
            "depth": 4,
            "market_demand": 5,
        },
        **HX,
    )

    topic.refresh_from_db()
    assert (topic.ability, topic.layer, topic.intersection) == (3, "frontier", "potential")
    assert "intersection-potential" in saved.content.decode()
    bad = owner_client.post(
        reverse("positioning:row_detail", args=["topic", topic.pk]),
        {
            "name": "",
            "ability": 3,
            "passion": 5,
            "layer": "frontier",
            "depth": 9,
            "market_demand": 5,
        },
        **HX,
    )
    assert "row-editing" in bad.content.decode()
    assert bad.content.decode().count('class="errorlist"') == 2
    cancel = owner_client.get(reverse("positioning:row_detail", args=["topic", topic.pk]), **HX)
    assert "row-editing" not in cancel.content.decode()


def test_deleting_a_row_inline(owner_client, topic):
    response = owner_client.post(reverse("positioning:row_delete", args=["topic", topic.pk]), **HX)

    assert response.status_code == 200
    assert response.content == b""
    assert not Topic.objects.exists()


@pytest.mark.parametrize(
    ("kind", "data", "model"),
    [
        (
            "skill",
            {
                "name": "推理框架",
                "proficiency": "advanced",
                "years": 3,
                "projects": 10,
                "uniqueness": 4,
            },
            Skill,
        ),
        (
            "interest",
            {"name": "GPU编程", "learning": 8, "practice": 9, "sharing": 7, "duration_years": "2"},
            Interest,
        ),
        (
            "option",
            {
                "title": "GPU/HPC",
                "professional_match": 4,
                "interest_match": 4,
                "market_demand": 4,
                "competition": 2,
            },
            PositioningOption,
        ),
    ],
)
def test_every_kind_of_row_can_be_added_inline(owner_client, owner, kind, data, model):
    response = owner_client.post(reverse("positioning:row_create", args=[kind]), data, **HX)

    assert response.status_code == 200
    assert model.objects.filter(creator=owner).count() == 1


def test_interest_row_shows_the_composite(owner_client):
    response = owner_client.post(
        reverse("positioning:row_create", args=["interest"]),
        {"name": "高性能计算", "learning": 8, "practice": 8, "sharing": 7, "duration_years": "3"},
        **HX,
    )

    html = response.content.decode()
    assert "7.7" in html
    assert "reliable" in html


def test_a_step_row_refuses_another_creators_funnel(owner_client, other_creator):
    from tests.positioning.factories import FunnelFactory

    foreign = FunnelFactory(creator=other_creator)
    response = owner_client.post(
        reverse("positioning:row_create", args=["step"]),
        {"funnel": foreign.pk, "label": "x", "percent": "10", "position": 0},
        **HX,
    )

    assert "errorlist" in response.content.decode()
    assert "funnelChanged" in response["HX-Trigger"]


def test_choosing_an_option_on_the_page(owner_client, owner):
    first = OptionFactory(creator=owner, is_chosen=True)
    second = OptionFactory(creator=owner)

    response = owner_client.post(reverse("positioning:option_choose", args=[second.pk]), **HX)

    assert 'id="option-table"' in response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_chosen, second.is_chosen) == (False, True)


@pytest.mark.parametrize(
    ("htmx", "language", "label"),
    [(True, "en", "Write its statement"), (False, "zh-hans", "写下它的定位陈述")],
)
def test_after_choose_the_statement_form_is_one_click_away(
    owner_client, owner, htmx, language, label
):
    """The answer to Choose (the table htmx swaps in, or the page the plain form lands on)
    links the chosen option's statement form, which that link opens."""
    User.objects.filter(pk=owner.pk).update(language=language, language_chosen=True)
    option = OptionFactory(creator=owner)
    choose = reverse("positioning:option_choose", args=[option.pk])

    if htmx:
        html = owner_client.post(choose, **HX).content.decode()
    else:
        html = owner_client.post(choose, follow=True).content.decode()

    start = html.index('id="option-table"')
    table = html[start : html.index("</table>", start)]
    link = re.search(rf'<a [^>]*href="(/positioning/options/{option.pk}/#statement)"[^>]*>', table)
    assert link, table
    assert label in table[link.end() : link.end() + 200]
    detail = owner_client.get(link.group(1).split("#")[0]).content.decode()
    form = detail[detail.index('id="statement"') :]
    assert "<form" in form and 'name="value_proposition"' in form


def test_writing_the_positioning_statement(owner_client, option):
    response = owner_client.post(
        reverse("positioning:option_detail", args=[option.pk]),
        {
            "target_audience": "AI工程师",
            "core_theme": "大模型推理优化",
            "differentiators": "系统化",
            "content_forms": "博客",
            "channels": "知乎",
            "value_proposition": "为AI工程师提供…",
        },
    )

    assert response.status_code == 302
    option.refresh_from_db()
    assert option.value_proposition == "为AI工程师提供…"


def test_answering_the_authenticity_questionnaire(owner_client, owner):
    interest = InterestFactory(creator=owner)
    answers = {
        key: "yes"
        for key in (
            "studied_outside_work",
            "weekends",
            "lasted_long",
            "kept_on_through_a_low",
            "follows_the_frontier",
            "reads_papers_and_blogs",
            "likes_explaining",
        )
    }
    answers["presented_to_a_team"] = "no"

    owner_client.post(reverse("positioning:interest_authenticity", args=[interest.pk]), answers)

    interest.refresh_from_db()
    result = interest.authenticity_result
    assert (result.verdict, result.answered, result.groups_passed) == ("partly_genuine", 8, 3)
    page_html = owner_client.get(reverse("positioning:interests")).content.decode()
    assert "partly genuine" in page_html


def test_account_checklist_and_golden_loop(owner_client, owner):
    response = owner_client.post(
        reverse("positioning:account_checklist"),
        {
            "demand_rating": "4",
            "commercial_rating": "3",
            "traffic_rating": "5",
            "q_your_edge": "AI x HPC",
        },
        **HX,
    )
    assert "60 / 125" in response.content.decode()
    owner_client.post(
        reverse("positioning:loop"),
        {
            "main_career": "推理优化",
            "career_builds": "深度",
            "career_brings": "人脉",
            "writing_themes": "方法论",
            "spreading_channels": "博客",
        },
    )
    owner.positioning_profile.refresh_from_db()
    assert owner.positioning_profile.golden_loop_complete
    assert owner.positioning_profile.account_answers == {"your_edge": "AI x HPC"}


def test_the_overview_shows_the_chart_ranked_options_radar_and_whats_missing(owner_client, owner):
    TopicFactory(creator=owner, name="核心", ability=5, passion=5)
    TopicFactory(creator=owner, name="边缘", ability=2, passion=3)
    OptionFactory(
        creator=owner,
        title="third",
        professional_match=3,
        interest_match=3,
        market_demand=5,
        competition=4,
    )
    OptionFactory(
        creator=owner,
        title="first",
        professional_match=5,
        interest_match=5,
        market_demand=5,
        competition=3,
    )
    AssessmentFactory(creator=owner)

    html = owner_client.get(reverse("positioning:overview")).content.decode()

    assert html.count('class="dot dot-core"') == 1
    assert html.count('class="dot dot-none"') == 1
    assert "<table" in html and "核心" in html
    assert html.index("first") < html.index("third")
    assert "radar-series-latest" in html
    assert "List your skill areas" in html
    assert "Choose one positioning" in html


def test_whats_missing_is_empty_for_the_seeded_demo_creator():
    call_command("seed_demo")
    creator = User.objects.get(email="creator@demo.sweetspot")

    assert selectors.overview_for(creator).missing == []


@pytest.mark.parametrize("size", [10, 200])
def test_the_overview_runs_a_constant_number_of_queries(
    owner_client, owner, size, django_assert_max_num_queries
):
    TopicFactory.create_batch(size, creator=owner)
    OptionFactory.create_batch(size // 10, creator=owner)
    AssessmentFactory(creator=owner)

    with django_assert_max_num_queries(14):
        response = owner_client.get(reverse("positioning:overview"))

    assert response.content.decode().count('class="dot ') == size


@pytest.mark.parametrize("size", [10, 200])
def test_the_topics_page_runs_a_constant_number_of_queries(
    owner_client, owner, size, django_assert_max_num_queries
):
    TopicFactory.create_batch(size, creator=owner)

    with django_assert_max_num_queries(10):
        owner_client.get(reverse("positioning:topics"))


def test_the_coach_sees_the_mentee_read_only_and_comments(client, coach, owner, topic, option):
    SkillFactory(creator=owner, name="AI模型推理")
    client.force_login(coach)

    html = client.get(reverse("positioning:mentee", args=[owner.pk])).content.decode()
    assert "AI模型推理" in html and "LLM推理优化" in html
    assert "row-actions" not in html and 'id="topic-new"' not in html
    mentee_page = client.get(reverse("accounts:mentee", args=[owner.pk])).content.decode()
    assert reverse("positioning:mentee", args=[owner.pk]) in mentee_page

    for target_type, target in (("topic", topic), ("option", option)):
        response = client.post(
            reverse("positioning:comment_create", args=[target_type, target.pk]),
            {"body": "建议先写3篇验证"},
            **HX,
        )
        assert "建议先写3篇验证" in response.content.decode()
    assert Comment.objects.filter(author=coach, creator=owner).count() == 2


def test_the_mentee_sees_the_coachs_comments(owner_client, coach, topic):
    from accounts.services import comment_create

    comment_create(author=coach, target=topic, body="好选题")

    detail = owner_client.get(reverse("positioning:topic_detail", args=[topic.pk])).content.decode()
    listing = owner_client.get(reverse("positioning:topics")).content.decode()
    assert "好选题" in detail and "Coach" in detail
    assert "1 comment" in listing


def test_an_empty_comment_is_refused_inline(owner_client, topic):
    response = owner_client.post(
        reverse("positioning:comment_create", args=["topic", topic.pk]), {"body": "  "}, **HX
    )

    assert "errorlist" in response.content.decode()
    assert not Comment.objects.exists()


def test_the_first_month_plan_is_saved_from_the_dashboard(owner_client, owner):
    dashboard = owner_client.get("/").content.decode()
    assert "Week 1: confirm your positioning" in dashboard
    assert reverse("positioning:skills") in dashboard

    response = owner_client.post(
        reverse("positioning:action_step", args=["w1_skills"]),
        {"done": "1", "from": "dashboard"},
        **HX,
    )
    assert "1 of 16 steps done" in response.content.decode()
    assert 'value="dashboard"' in response.content.decode()
    owner_client.post(reverse("positioning:action_step", args=["w1_skills"]), {"done": "1"})
    assert ActionStepDone.objects.filter(creator=owner).count() == 1
    assert "1 of 16 steps done" in owner_client.get("/").content.decode()

    owner_client.post(reverse("positioning:action_step", args=["w1_skills"]), {"done": "0"})
    assert not ActionStepDone.objects.exists()
    assert (
        owner_client.post(
            reverse("positioning:action_step", args=["nope"]), {"done": "1"}
        ).status_code
        == 404
    )


def test_pages_in_chinese(owner_client, owner):
    owner.language = "zh-hans"
    owner.save()
    owner_client.cookies["django_language"] = "zh-hans"
    TopicFactory(creator=owner, ability=5, passion=5)

    overview = owner_client.get(reverse("positioning:overview")).content.decode()
    topics = owner_client.get(reverse("positioning:topics")).content.decode()
    plan = owner_client.get(reverse("positioning:action_plan")).content.decode()

    assert "还缺什么" in overview
    assert "核心" in topics
    assert "第 1 周" in plan


def test_commenting_never_redirects_off_site(owner_client, topic):
    url = reverse("positioning:comment_create", args=["topic", topic.pk])

    response = owner_client.post(url, {"body": "好"}, HTTP_REFERER="https://evil.example/x")

    assert response.status_code == 302
    assert response["Location"] == reverse("positioning:overview")
