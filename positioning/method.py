"""The method's fixed wording: questionnaires, checklists and the first-month plan.

Pure data with translatable labels; the formulas live in `scoring.py`.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import scoring

AUTHENTICITY_GROUP_LABELS = {
    "time": _("Time investment"),
    "persistence": _("Persistence"),
    "depth": _("Depth"),
    "sharing": _("Urge to share"),
}

AUTHENTICITY_QUESTION_LABELS = {
    "studied_outside_work": _("In the past year, did you study it outside work?"),
    "weekends": _("Would you spend weekends and holidays on it?"),
    "excited_by_hard_problems": _("Do hard problems in it excite you rather than put you off?"),
    "lasted_long": _("Has the interest lasted three years or more?"),
    "kept_on_through_a_low": _("Did you keep at it through a low?"),
    "self_driven_practice": _("Do you learn and practise it without being asked?"),
    "follows_the_frontier": _("Do you follow its frontier?"),
    "reads_papers_and_blogs": _("Do you read its papers and technical blogs?"),
    "open_source_or_community": _("Do you take part in open source or community discussion?"),
    "likes_explaining": _("Do you like explaining it to others?"),
    "wants_to_write_it_too": _(
        "Reading a good article on it, do you think “I want to write this too”?"
    ),
    "presented_to_a_team": _("Have you presented it to a team?"),
}

AUTHENTICITY_VERDICT_LABELS = {
    scoring.GENUINE: _("genuine"),
    scoring.PARTLY_GENUINE: _("partly genuine"),
    scoring.SUPERFICIAL: _("superficial"),
    scoring.UNANSWERED: _("not answered yet"),
}

INTERSECTION_LABELS = {
    scoring.CORE: _("core"),
    scoring.POTENTIAL: _("potential"),
    scoring.SECONDARY: _("secondary"),
    scoring.NONE: _("none"),
}

DECISION_LABELS = {
    scoring.BEST: _("best choice"),
    scoring.WORTH_TRYING: _("worth trying"),
    scoring.PERSONAL_PROJECT: _("personal project"),
    scoring.CAREFUL: _("choose carefully"),
    scoring.AVOID: _("outside the matrix"),
}

OPINION_LEADER_LABELS = {
    "technical_expertise": _("technical expertise"),
    "industry_insight": _("industry insight"),
    "cross_domain": _("cross-domain knowledge"),
    "leadership": _("leadership"),
    "influence": _("influence"),
}

ACCOUNT_DIMENSIONS = {
    "demand": _("Demand"),
    "commercial": _("Commercial"),
    "traffic": _("Traffic"),
}

ACCOUNT_QUESTIONS = (
    ("how_many_need", "demand", _("How many people need such an account?")),
    ("growing_or_shrinking", "demand", _("Is the need growing or shrinking?")),
    ("competing_accounts", "demand", _("How many accounts compete in this niche?")),
    ("head_and_mid_tier", "demand", _("How do the head and mid-tier accounts do?")),
    ("your_edge", "demand", _("Where is your edge?")),
    ("cost", "commercial", _("What does running it cost in time and money?")),
    ("value_at_scale", "commercial", _("What is it worth commercially at scale?")),
    (
        "monetisation_routes",
        "commercial",
        _("Which monetisation routes: sponsorship, consulting, courses, tools?"),
    ),
    ("non_monetary_value", "commercial", _("What non-monetary value does it bring?")),
    ("where_audience_is", "traffic", _("On which platforms is your audience?")),
    ("platform_rules", "traffic", _("What are the platforms' rules and what do they reward?")),
    ("preferred_style", "traffic", _("Which style and tone do the platforms prefer?")),
)
ACCOUNT_KEYS = tuple(key for key, _dimension, _label in ACCOUNT_QUESTIONS)


@dataclass(frozen=True)
class ActionStep:
    key: str
    week: int
    label: str
    url_name: str = ""
    path: str = ""


ACTION_WEEKS = {
    1: _("Week 1: confirm your positioning"),
    2: _("Week 2: validate the market"),
    3: _("Week 3: refine"),
    4: _("Week 4: first content"),
}

# Steps done in higher apps link by path: this app does not import them.
PLAN_PATH = "/plan/"

ACTION_STEPS = (
    ActionStep("w1_skills", 1, _("Complete your skill inventory"), "positioning:skills"),
    ActionStep("w1_interests", 1, _("Take the interest test"), "positioning:interests"),
    ActionStep(
        "w1_venn",
        1,
        _("Rate topics on ability and passion, mark the intersections"),
        "positioning:topics",
    ),
    ActionStep("w1_competitors", 1, _("Study 3-5 competitor creators"), "positioning:market"),
    ActionStep(
        "w2_topic_data", 2, _("Collect topic data on your target platforms"), "positioning:market"
    ),
    ActionStep(
        "w2_study_pieces",
        2,
        _("Study 10 high-performing pieces and what they share"),
        "positioning:market",
    ),
    ActionStep("w2_communities", 2, _("Join 3-5 communities"), "positioning:market"),
    ActionStep("w2_persona", 2, _("Write an audience persona"), "positioning:market"),
    ActionStep("w3_candidates", 3, _("Write 3 candidate positionings"), "positioning:options"),
    ActionStep("w3_score", 3, _("Score them"), "positioning:options"),
    ActionStep(
        "w3_choose", 3, _("Choose one and write its value proposition"), "positioning:options"
    ),
    ActionStep("w3_calendar", 3, _("Draft the 12-month topic calendar"), path=PLAN_PATH),
    ActionStep("w4_accounts", 4, _("Open your accounts"), path=PLAN_PATH),
    ActionStep(
        "w4_first_piece", 4, _("Publish a first deep piece (2,000-5,000 words)"), path=PLAN_PATH
    ),
    ActionStep("w4_answers", 4, _("Answer 3-5 questions on a traffic platform"), path=PLAN_PATH),
    ActionStep("w4_workflow", 4, _("Set up a production workflow and templates"), path=PLAN_PATH),
)
ACTION_KEYS = tuple(step.key for step in ACTION_STEPS)
