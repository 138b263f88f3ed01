"""Authorization matrix entries for positioning's URLs: the pages under `positioning/` and
the REST endpoints under `api/v1/` that `positioning/api_urls.py` registers.

The rules: the owner acts on their own rows; another creator and a former coach get 404
for the owner's objects; the active coach reads (topic and option pages, the mentee view
`positioning/mentees/<id>/`, API objects and `?creator=<id>` lists) and comments on topics
and options, and every write of theirs on the owner's rows is refused (404); anonymous
visitors go to the login page (401 on the API); a read-only API token reads the API (200),
is refused every API write (403) and signs nobody in on HTML pages (302). Pages and
lists about the visitor's own workspace answer every signed-in user, each seeing their own.
"""

from positioning import scoring
from positioning.models import (
    AudienceFunnel,
    AudienceTier,
    DemandEvidence,
    FunnelStep,
    Interest,
    MarketOpportunity,
    OpinionLeaderAssessment,
    PositioningOption,
    Skill,
    Topic,
)
from tests.authz import Expect, api_read, api_write, page
from tests.proof.matrix import ANY_USER_API, ANY_USER_PAGE, Check, World, entry, first

# HTML pages

# The owner's topic or option page: the owner and their active coach read it.
READABLE = Expect(200, 404, 200, 404, 302, 302)
# A coach's read-only view of a mentee's workspace: only the active coach.
MENTEE = Expect(404, 404, 200, 404, 302, 302)
# A write on the owner's row: the owner's redirects back, anyone else's is a 404.
WRITE = Expect(302, 404, 404, 404, 302, 302)
# A write on the visitor's own workspace: everyone gets 302, signed-in users back to their
# own page, the rest to the login page.
OWN_WRITE = Expect(302, 302, 302, 302, 302, 302)
# The owner and their active coach comment on the owner's topics and options.
COMMENT = Expect(302, 404, 302, 404, 302, 302)
# A path naming nothing that exists (an unknown kind, key or comment target).
NOWHERE = Expect(404, 404, 404, 404, 302, 302)

# The REST API

# Every signed-in user creates rows of their own; a read-only token may not.
API_CREATE = Expect(201, 201, 201, 201, 401, 403)
# A create naming the owner's object (a parent skill, a funnel): only the owner's is valid,
# everyone else's is a 400 on that field.
API_FOREIGN_CHOICE = Expect(201, 400, 400, 400, 401, 403)
API_DELETE = Expect(204, 404, 404, 404, 401, 403)


def _held(w: World, key: str, obj):
    """Remember the object a delete check points at, so the data callable can revive it."""
    w.extra.setdefault(key, obj)
    return w.extra[key]


def _revived(w: World, key: str, data: dict | None = None) -> dict:
    """Put the row back (same pk) if an earlier role deleted it; post `data` (or nothing).

    The data callable runs before each role's request, so every role meets the object:
    the other roles' 404 then comes from the authorization check, not from a missing row.
    """
    obj = w.extra[key]
    if not type(obj).objects.filter(pk=obj.pk).exists():
        obj.save(force_insert=True)
    return dict(data or {})


# Each row kind of the inline tables: its model, the filters that pick a row of the owner's
# that can be deleted without taking others along, and a valid form for it.


def _skill_area(w: World) -> Skill:
    return first(Skill, w.owner, parent__isnull=True)


def _funnel(w: World) -> AudienceFunnel:
    return first(AudienceFunnel, w.owner)


def _scores(names, value: int) -> dict:
    return dict.fromkeys(names, value)


ROW_KINDS = {
    "skill": (
        Skill,
        {"parent__isnull": False},
        lambda w: {
            "name": "矩阵技能",
            "parent": _skill_area(w).pk,
            "proficiency": "advanced",
            "years": "3",
            "projects": "2",
            "uniqueness": "4",
            "notes": "",
        },
    ),
    "interest": (
        Interest,
        {},
        lambda w: {
            "name": "矩阵兴趣",
            "learning": "8",
            "practice": "9",
            "sharing": "7",
            "duration_years": "2",
        },
    ),
    "topic": (
        Topic,
        {},
        lambda w: {
            "name": "矩阵选题",
            "ability": "4",
            "passion": "4",
            "layer": "technique",
            "depth": "3",
            "market_demand": "4",
        },
    ),
    "tier": (
        AudienceTier,
        {},
        lambda w: {
            "tier": "secondary",
            "name": "矩阵受众",
            "needs": "架构设计",
            "preferred_content": "案例",
            "willingness_to_pay": "4",
        },
    ),
    "funnel": (
        AudienceFunnel,
        # The seed's funnel has steps; a delete takes them along, so other routes use
        # their own world (each route's test builds a fresh one).
        {},
        lambda w: {"name": "矩阵漏斗", "base": "1000"},
    ),
    "step": (
        FunnelStep,
        {},
        lambda w: {
            "funnel": _funnel(w).pk,
            "label": "矩阵筛选",
            "percent": "10",
            "position": "3",
        },
    ),
    "evidence": (
        DemandEvidence,
        {},
        lambda w: {
            "kind": "community",
            "title": "矩阵信号",
            "figure": "1万关注",
            "source_url": "https://example.com/",
            "notes": "",
        },
    ),
    "opportunity": (
        MarketOpportunity,
        {},
        lambda w: {"name": "矩阵细分", **_scores(scoring.OPPORTUNITY_RATINGS, 4)},
    ),
    "option": (
        PositioningOption,
        {},
        lambda w: {
            "title": "矩阵定位",
            "professional_match": "4",
            "interest_match": "4",
            "market_demand": "4",
            "competition": "2",
        },
    ),
    "assessment": (
        OpinionLeaderAssessment,
        {},
        lambda w: {
            "assessed_on": "2020-01-01",
            **_scores(scoring.OPINION_LEADER_DIMENSIONS, 6),
        },
    ),
}


def _row(w: World, kind: str):
    model, filters, _form = ROW_KINDS[kind]
    return first(model, w.owner, **filters)


# The visitor's own workspace

for path in (
    "",
    "skills/",
    "interests/",
    "topics/",
    "market/",
    "market/funnels/",
    "options/",
    "loop/radar/",
    "plan/",
):
    entry(f"positioning/{path}", Check("get", lambda w, p=path: f"/positioning/{p}", ANY_USER_PAGE))

entry(
    "positioning/loop/",
    Check("get", lambda w: "/positioning/loop/", ANY_USER_PAGE),
    # The golden loop is saved on the visitor's own profile.
    Check(
        "post",
        lambda w: "/positioning/loop/",
        OWN_WRITE,
        lambda w: {
            "main_career": "AI推理工程师",
            "career_builds": "推理优化经验",
            "career_brings": "写作素材",
            "writing_themes": "LLM推理",
            "spreading_channels": "知乎",
        },
    ),
)
entry(
    "positioning/market/account/",
    Check(
        "post",
        lambda w: "/positioning/market/account/",
        OWN_WRITE,
        lambda w: {"demand_rating": "4", "commercial_rating": "3", "traffic_rating": "5"},
    ),
)
entry(
    "positioning/plan/<slug:key>/",
    Check("post", lambda w: "/positioning/plan/w1_skills/", OWN_WRITE, lambda w: {"done": "1"}),
    Check("post", lambda w: "/positioning/plan/no-such-step/", NOWHERE, lambda w: {"done": "1"}),
)

# The owner's objects

entry(
    "positioning/interests/<int:pk>/authenticity/",
    Check(
        "get",
        lambda w: f"/positioning/interests/{first(Interest, w.owner).pk}/authenticity/",
        page(),
    ),
    Check(
        "post",
        lambda w: f"/positioning/interests/{first(Interest, w.owner).pk}/authenticity/",
        WRITE,
        lambda w: dict.fromkeys(scoring.AUTHENTICITY_KEYS, "yes"),
    ),
)
entry(
    "positioning/topics/<int:pk>/",
    Check("get", lambda w: f"/positioning/topics/{first(Topic, w.owner).pk}/", READABLE),
)
entry(
    "positioning/options/<int:pk>/",
    Check(
        "get", lambda w: f"/positioning/options/{first(PositioningOption, w.owner).pk}/", READABLE
    ),
    # The statement is the owner's to write: the coach reads the page but may not post it.
    Check(
        "post",
        lambda w: f"/positioning/options/{first(PositioningOption, w.owner).pk}/",
        WRITE,
        lambda w: {
            "core_ability": "AI模型推理",
            "unique_perspective": "系统视角",
            "audience_pain_point": "推理成本高",
            "target_audience": "AI工程师",
            "core_theme": "LLM推理",
            "differentiators": "真实案例",
            "content_forms": "长文",
            "channels": "知乎",
            "value_proposition": "帮AI工程师把推理做快做省。",
        },
    ),
)
entry(
    "positioning/options/<int:pk>/choose/",
    Check(
        "post",
        lambda w: (
            f"/positioning/options/{first(PositioningOption, w.owner, is_chosen=False).pk}/choose/"
        ),
        WRITE,
    ),
)
entry(
    "positioning/comments/<slug:target_type>/<int:pk>/",
    Check(
        "post",
        lambda w: f"/positioning/comments/topic/{first(Topic, w.owner).pk}/",
        COMMENT,
        lambda w: {"body": "好选题"},
    ),
    Check(
        "post",
        lambda w: f"/positioning/comments/option/{first(PositioningOption, w.owner).pk}/",
        COMMENT,
        lambda w: {"body": "定位清晰"},
    ),
    # Only topics and options take comments.
    Check(
        "post",
        lambda w: f"/positioning/comments/skill/{first(Skill, w.owner).pk}/",
        NOWHERE,
        lambda w: {"body": "不该收到"},
    ),
)
entry(
    "positioning/mentees/<int:mentee_id>/",
    Check("get", lambda w: f"/positioning/mentees/{w.owner.pk}/", MENTEE),
    # Nobody reaches the workspace of a creator who has not invited them.
    Check("get", lambda w: f"/positioning/mentees/{w.other.pk}/", NOWHERE),
)

# Inline table rows, every kind. A plain (non-htmx) post redirects to the kind's page.

entry(
    "positioning/rows/<slug:kind_name>/",
    *[
        Check("post", lambda w, k=kind: f"/positioning/rows/{k}/", OWN_WRITE, form)
        for kind, (_model, _filters, form) in ROW_KINDS.items()
        # A skill and a step name a parent: those checks are below.
        if kind not in ("skill", "step")
    ],
    Check(
        "post",
        lambda w: "/positioning/rows/skill/",
        OWN_WRITE,
        lambda w: {**ROW_KINDS["skill"][2](w), "parent": ""},
    ),
    # A skill under the owner's skill area, a step under the owner's funnel: the owner's
    # is saved; anyone else's form is refused on that field (and redirected, as any plain
    # post is) without a row being filed under the owner's object.
    Check("post", lambda w: "/positioning/rows/skill/", OWN_WRITE, ROW_KINDS["skill"][2]),
    Check("post", lambda w: "/positioning/rows/step/", OWN_WRITE, ROW_KINDS["step"][2]),
    Check("post", lambda w: "/positioning/rows/nope/", NOWHERE, lambda w: {"name": "x"}),
)
entry(
    "positioning/rows/<slug:kind_name>/<int:pk>/",
    *[
        check
        for kind, (_model, _filters, form) in ROW_KINDS.items()
        for check in (
            Check("get", lambda w, k=kind: f"/positioning/rows/{k}/{_row(w, k).pk}/", page()),
            Check("post", lambda w, k=kind: f"/positioning/rows/{k}/{_row(w, k).pk}/", WRITE, form),
        )
    ],
    Check("get", lambda w: f"/positioning/rows/nope/{first(Topic, w.owner).pk}/", NOWHERE),
)
entry(
    "positioning/rows/<slug:kind_name>/<int:pk>/edit/",
    *[
        Check("get", lambda w, k=kind: f"/positioning/rows/{k}/{_row(w, k).pk}/edit/", page())
        for kind in ROW_KINDS
    ],
    Check("get", lambda w: f"/positioning/rows/nope/{first(Topic, w.owner).pk}/edit/", NOWHERE),
)
entry(
    "positioning/rows/<slug:kind_name>/<int:pk>/delete/",
    *[
        Check(
            "post",
            lambda w, k=kind: (
                f"/positioning/rows/{k}/{_held(w, f'row-{k}', _row(w, k)).pk}/delete/"
            ),
            WRITE,
            lambda w, k=kind: _revived(w, f"row-{k}"),
        )
        # Steps before their funnel: deleting the funnel takes its steps along.
        for kind in sorted(ROW_KINDS, key=lambda k: k == "funnel")
    ],
)

# The REST API: one list and one object route per endpoint.

API = "/api/v1"
ENDPOINTS = {
    "skills": (
        Skill,
        {"parent__isnull": False},
        lambda w: {
            "name": "矩阵技能",
            "proficiency": "advanced",
            "years": 3,
            "projects": 2,
            "uniqueness": 4,
            "notes": "",
        },
    ),
    "interests": (
        Interest,
        {},
        lambda w: {
            "name": "矩阵兴趣",
            "learning": 8,
            "practice": 9,
            "sharing": 7,
            "duration_years": 2,
        },
    ),
    "topics": (
        Topic,
        {},
        lambda w: {
            "name": "矩阵选题",
            "ability": 4,
            "passion": 4,
            "layer": "technique",
            "depth": 3,
            "market_demand": 4,
        },
    ),
    "positioning-options": (
        PositioningOption,
        {},
        lambda w: {
            "title": "矩阵定位",
            "professional_match": 4,
            "interest_match": 4,
            "market_demand": 4,
            "competition": 2,
        },
    ),
    "audience-tiers": (
        AudienceTier,
        {},
        lambda w: {
            "tier": "secondary",
            "name": "矩阵受众",
            "needs": "架构设计",
            "preferred_content": "案例",
            "willingness_to_pay": 4,
        },
    ),
    "audience-funnels": (
        AudienceFunnel,
        {},
        lambda w: {"name": "矩阵漏斗", "base": 1000},
    ),
    "funnel-steps": (
        FunnelStep,
        {},
        lambda w: {"funnel": _funnel(w).pk, "label": "矩阵筛选", "percent": 10, "position": 3},
    ),
    "demand-evidence": (
        DemandEvidence,
        {},
        lambda w: {
            "kind": "community",
            "title": "矩阵信号",
            "figure": "1万关注",
            "source_url": "https://example.com/",
        },
    ),
    "market-opportunities": (
        MarketOpportunity,
        {},
        lambda w: {"name": "矩阵细分", **_scores(scoring.OPPORTUNITY_RATINGS, 4)},
    ),
    "opinion-leader-assessments": (
        OpinionLeaderAssessment,
        {},
        lambda w: {"assessed_on": "2020-01-01", **_scores(scoring.OPINION_LEADER_DIMENSIONS, 6)},
    ),
}


def _api_object(w: World, endpoint: str):
    model, filters, _payload = ENDPOINTS[endpoint]
    return first(model, w.owner, **filters)


for endpoint, (_model, _filters, payload) in ENDPOINTS.items():
    list_checks = [
        # Each signed-in user lists their own rows.
        Check("get", lambda w, e=endpoint: f"{API}/{e}/", ANY_USER_API),
        # `?creator=` lists a mentee's rows for their active coach; for anyone else (the
        # other creator, a former coach) it is an empty list, and the owner asking for
        # the other creator's rows gets none of them (the list is checked not to leak).
        Check("get", lambda w, e=endpoint: f"{API}/{e}/?creator={w.owner.pk}", ANY_USER_API),
        Check("get", lambda w, e=endpoint: f"{API}/{e}/?creator={w.other.pk}", ANY_USER_API),
        # A `creator` that is not an integer is a 400 naming it, for anyone signed in.
        Check(
            "get",
            lambda w, e=endpoint: f"{API}/{e}/?creator=abc",
            Expect(400, 400, 400, 400, 401, 400),
        ),
    ]
    if endpoint == "funnel-steps":
        # A step needs a funnel of the poster's: only the owner's post under the owner's
        # funnel is valid, and only the other creator's under theirs.
        list_checks += [
            Check("post", lambda w: f"{API}/funnel-steps/", API_FOREIGN_CHOICE, payload),
            Check(
                "post",
                lambda w: f"{API}/funnel-steps/",
                Expect(400, 201, 400, 400, 401, 403),
                lambda w: {
                    "funnel": first(AudienceFunnel, w.other).pk,
                    "label": "别人的",
                    "percent": 10,
                },
            ),
        ]
    else:
        list_checks.append(Check("post", lambda w, e=endpoint: f"{API}/{e}/", API_CREATE, payload))
    if endpoint == "skills":
        # Nobody files a skill under the owner's skill area but the owner.
        list_checks.append(
            Check(
                "post",
                lambda w: f"{API}/skills/",
                API_FOREIGN_CHOICE,
                lambda w: {"name": "矩阵子技能", "parent": _skill_area(w).pk},
            )
        )
    entry(f"api/v1/{endpoint}/", *list_checks)

    entry(
        f"api/v1/{endpoint}/<pk>/",
        Check("get", lambda w, e=endpoint: f"{API}/{e}/{_api_object(w, e).pk}/", api_read()),
        Check(
            "put",
            lambda w, e=endpoint: f"{API}/{e}/{_api_object(w, e).pk}/",
            api_write(),
            payload,
        ),
        Check(
            "patch",
            lambda w, e=endpoint: f"{API}/{e}/{_api_object(w, e).pk}/",
            api_write(),
            lambda w: {},
        ),
        Check(
            "delete",
            lambda w, e=endpoint: f"{API}/{e}/{_held(w, f'api-{e}', _api_object(w, e)).pk}/",
            API_DELETE,
            lambda w, e=endpoint: _revived(w, f"api-{e}"),
        ),
    )

entry(
    "api/v1/positioning-profile/",
    # The signed-in user's own profile, read and written (a token only reads it).
    Check("get", lambda w: f"{API}/positioning-profile/", ANY_USER_API),
    Check(
        "patch",
        lambda w: f"{API}/positioning-profile/",
        Expect(200, 200, 200, 200, 401, 403),
        lambda w: {"main_career": "AI推理工程师", "demand_rating": 4},
    ),
)
