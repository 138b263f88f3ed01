"""Built-in texts stored as keys and rendered in the reader's language.

Names and messages that the product writes (a 12-month phase's name, a default checklist
item, a notification's title) are stored as a *message*: the English catalogue id and its
parameters, never the text in the language of whoever was active when the row was made.
They are rendered at display time with `render`, so a reader sees them in their own
language and time zone. What a user typed stays as typed.

A message is JSON: ``{"msgid": "...", "params": {...}}``. A parameter is plain text or a
number (shown as is: a user's title), a nested message (``{"msgid": ...}``, e.g. a review's
name), or ``{"datetime": "<ISO instant>"}`` / ``{"date": "<ISO date>"}``, formatted for the
reader by `accounts.formatting`.

The msgid is the key: changing a built-in text's English wording needs a data migration
that rewrites the stored msgids (see `accounts/migrations/0007_builtin_messages.py`).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext, override

Message = dict[str, Any]


def message(msgid: str, *, capitalize: bool = False, **params: Any) -> Message:
    """A storable message: `msgid` (wrap it in gettext_noop where it is written) and params."""
    encoded: Message = {"msgid": str(msgid)}
    if params:
        encoded["params"] = {name: _encode(value) for name, value in params.items()}
    if capitalize:
        encoded["capfirst"] = True
    return encoded


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, dict | int | float):
        return value
    return str(value)


def _decode(value: Any) -> Any:
    from accounts import formatting

    if isinstance(value, dict):
        if "msgid" in value:
            return render(value)
        if "datetime" in value:
            return formatting.datetime_short(datetime.fromisoformat(value["datetime"]))
        if "date" in value:
            return formatting.date_short(date.fromisoformat(value["date"]))
    return value


def render(stored: Message | None, fallback: str = "") -> str:
    """The message in the active language (and time zone); `fallback` when there is none."""
    if not stored or not stored.get("msgid"):
        return fallback
    text = gettext(stored["msgid"])
    params = stored.get("params")
    if params:
        try:
            text = text % {name: _decode(value) for name, value in params.items()}
        except (KeyError, TypeError, ValueError):
            return fallback or stored["msgid"]
    return capfirst(text) if stored.get("capfirst") else text


def render_in(language: str, stored: Message | None, fallback: str = "") -> str:
    with override(language):
        return render(stored, fallback)


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def parse(text: str, msgids: list[str], languages: tuple[str, ...] = ("en", "zh-hans")):
    """The message whose rendering in one of `languages` is `text`, or None.

    Used by data migrations to turn texts stored in a language into messages; parameters
    come back as the text they were rendered as.
    """
    for msgid in msgids:
        for language in languages:
            with override(language):
                template = gettext(msgid)
            # split() with one group yields text, name, text, ...: names become groups.
            pieces = _PLACEHOLDER.split(template)
            pattern = "".join(
                re.escape(piece) if index % 2 == 0 else rf"(?P<{piece}>.+?)"
                for index, piece in enumerate(pieces)
            )
            match = re.fullmatch(pattern, text.strip(), flags=re.DOTALL)
            if match:
                return message(msgid, **match.groupdict())
    return None
