"""The default review checklists, from METHOD.md section 3.

Stored as keys (the English text, a catalogue id) and rendered in each reader's language
(the Chinese is in locale/zh_Hans); a creator who edits a template gets their own copy,
whose built-in items keep their keys while what the creator adds is kept as typed.
"""

from django.utils.translation import gettext, gettext_noop

from .periods import MONTHLY, QUARTERLY, WEEKLY

DEFAULT_ITEMS: dict[str, list[str]] = {
    WEEKLY: [
        gettext_noop("Publish one deep piece (2,000-5,000 words)"),
        gettext_noop("Answer 3-5 questions on a traffic platform"),
        gettext_noop("Study 1-2 papers or technical posts"),
        gettext_noop("Try 1-2 new tools or techniques"),
        gettext_noop("Engage with the audience (comments, communities)"),
    ],
    MONTHLY: [
        gettext_noop("Collect the numbers (reads, likes, saves, follower growth)"),
        gettext_noop("Analyse why the best and worst pieces performed as they did"),
        gettext_noop("Collect audience feedback and needs"),
        gettext_noop("Adjust next month's content plan"),
        gettext_noop("Update the skill tree and learning plan"),
    ],
    QUARTERLY: [
        gettext_noop("Does the positioning need adjusting?"),
        gettext_noop("Review competitor and market changes"),
        gettext_noop("Plan next quarter's focus"),
        gettext_noop("Assess monetisation options"),
        gettext_noop("Set next quarter's growth targets"),
    ],
}


def default_items(kind: str) -> list[tuple[str, str]]:
    """(key, text in the active language) of each default item of `kind`."""
    return [(key, gettext(key)) for key in DEFAULT_ITEMS[kind]]
