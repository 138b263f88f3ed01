"""No English interface text on a zh-Hans page (issue 16, point 2).

The catalogue test (test_i18n) proves every string in the code has a translation; this one
renders every page of the creator's and the coach's journeys in Chinese and looks for
interface text still in English: a label Django made from a field name, Django's own empty
choice, a built-in name stored in English when the row was made (a 12-month phase, a
checklist item) or a notification written in the language of its day. User-typed text
(titles, names) is left alone: only text equal to an English catalogue entry, or to an
entry's template with its placeholders filled, counts.
"""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from accounts.services import comment_create
from analytics.models import Review, ReviewItem
from analytics.reviews.services import reviews_open_and_prepare
from calendar_app import services as calendar_services
from calendar_app.models import PlanPhase
from tests.journeys import coach_pages, creator_pages, seed

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
# Django's own interface strings that reach our pages (they must be in our catalogue too).
DJANGO_STRINGS = ["- Select an option -", "---------", "Currently", "Change", "Clear"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
NAMES_AS_IS = {"language", "timezone"}
WORD = re.compile(r"[A-Za-z]{3,}")


def english_entries() -> list[str]:
    """Every msgid of the catalogue whose Chinese differs from it (so it is not a name like
    "API" or "CSV" kept as is), plus Django's strings above."""
    entries = []
    for block in CATALOGUE.read_text().split("\n\n"):
        msgid = _field(block, "msgid")
        msgstr = _field(block, "msgstr") or _field(block, "msgstr[0]")
        if msgid and msgid != msgstr:
            entries.append(msgid)
    return entries + DJANGO_STRINGS


def _field(block: str, key: str) -> str:
    parts, inside = [], False
    for line in block.splitlines():
        if line.startswith(key + ' "'):
            inside = True
            parts.append(line[len(key) + 1 :])
        elif inside and line.startswith('"'):
            parts.append(line)
        else:
            inside = False
    return "".join(json.loads(part) for part in parts)


def patterns(entries: list[str]) -> list[re.Pattern]:
    found = []
    for msgid in entries:
        literal = PLACEHOLDER.sub("", msgid)
        if not WORD.search(literal) or "\n" in msgid or len(msgid) > 200:
            continue
        pieces = PLACEHOLDER.split(msgid)
        body = ".+?".join(re.escape(piece) for piece in pieces)
        found.append(re.compile(rf"{body}:?", re.IGNORECASE | re.DOTALL))
    return found


class Texts(HTMLParser):
    """The text a reader sees or hears: text nodes and the labelling attributes."""

    SKIP = {"script", "style", "code", "pre", "textarea"}
    ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        # Time zone names, and language names each in its own language, are not English.
        if tag in self.SKIP or (tag == "select" and dict(attrs).get("name") in NAMES_AS_IS):
            self._skipping += 1
        for name, value in attrs:
            if name in self.ATTRIBUTES and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if (tag in self.SKIP or tag == "select") and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.texts.append(" ".join(data.split()))


def english_on(html: str, checks: list[re.Pattern]) -> list[str]:
    parser = Texts()
    parser.feed(html)
    return sorted(
        {text for text in parser.texts if any(check.fullmatch(text.strip()) for check in checks)}
    )


@pytest.fixture
def chinese_world():
    """The demo, with built-in texts made while the creator read English: her 12-month plan,
    a review's checklist and a coach's comment. Then she switches to Chinese."""
    creator, coach = seed()
    creator.language = "en"
    creator.save(update_fields=["language"])
    PlanPhase.objects.filter(creator=creator).delete()
    calendar_services.plan_create_default(
        creator=creator, plan_start=timezone.localdate().replace(day=1)
    )
    ReviewItem.objects.filter(review__creator=creator).delete()
    Review.objects.filter(creator=creator).update(prepared_at=None)
    reviews_open_and_prepare(now=timezone.now())
    review = Review.objects.filter(creator=creator).order_by("-id").first()
    comment_create(author=coach, target=review, body="好的复盘")
    # She picks Chinese (the demo creator follows the browser's language until she does).
    creator.language = coach.language = "zh-hans"
    creator.language_chosen = coach.language_chosen = True
    creator.save(update_fields=["language", "language_chosen"])
    coach.save(update_fields=["language", "language_chosen"])
    return creator, coach


def test_no_english_interface_text_on_zh_hans_pages(chinese_world):
    creator, coach = chinese_world
    checks = patterns(english_entries())
    found = {}
    for user, pages in ((creator, creator_pages(creator)), (coach, coach_pages(creator))):
        client = Client()
        client.force_login(user)
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            english = english_on(response.content.decode(), checks)
            if english:
                found[f"{user.email} {url}"] = english
    assert not found, "English on zh-Hans pages:\n" + "\n".join(
        f"{page}: {texts}" for page, texts in found.items()
    )


def test_the_sweep_catches_english_labels():
    """The detector itself: a label from a field name and Django's empty choice."""
    checks = patterns(english_entries())
    html = '<label>Topic:</label><select><option value="">- Select an option -</option></select>'
    assert english_on(html, checks) == ["- Select an option -", "Topic:"]
    assert english_on("<p>主题: KV Cache in 10 minutes</p>", checks) == []
