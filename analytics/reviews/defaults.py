# ruff: noqa: RUF001  (Chinese punctuation is intended)
"""The default review checklists, from METHOD.md section 3, in English and Chinese.

A creator's review copies the text in the creator's language; a creator who edits
a template gets their own copy (in their language) to change.
"""

from .periods import MONTHLY, QUARTERLY, WEEKLY

DEFAULT_ITEMS: dict[str, list[tuple[str, str]]] = {
    WEEKLY: [
        ("Publish one deep piece (2,000-5,000 words)", "发布1篇深度技术文章（2000-5000字）"),
        ("Answer 3-5 questions on a traffic platform", "回答3-5个知乎相关问题"),
        ("Study 1-2 papers or technical posts", "研究1-2篇前沿论文/技术博客"),
        ("Try 1-2 new tools or techniques", "实验1-2个新技术/工具"),
        ("Engage with the audience (comments, communities)", "与目标受众互动（评论区、社群）"),
    ],
    MONTHLY: [
        (
            "Collect the numbers (reads, likes, saves, follower growth)",
            "统计内容数据（阅读量、点赞、收藏、关注增长）",
        ),
        ("Analyse why the best and worst pieces performed as they did", "分析高/低表现内容的原因"),
        ("Collect audience feedback and needs", "收集用户反馈和需求"),
        ("Adjust next month's content plan", "调整下月内容计划"),
        ("Update the skill tree and learning plan", "更新技能树和学习计划"),
    ],
    QUARTERLY: [
        ("Does the positioning need adjusting?", "评估定位是否需要微调"),
        ("Review competitor and market changes", "分析竞品动态和市场变化"),
        ("Plan next quarter's focus", "规划下季度重点方向"),
        ("Assess monetisation options", "评估商业化可能性"),
        ("Set next quarter's growth targets", "设定下季度增长目标"),
    ],
}


def default_items(kind: str, language: str) -> list[str]:
    index = 1 if language.lower().startswith("zh") else 0
    return [pair[index] for pair in DEFAULT_ITEMS[kind]]
