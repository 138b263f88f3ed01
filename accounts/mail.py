"""Every email the product sends goes through `send_email()`, so header values are safe.

A subject built from user text (a piece titled with a newline) would otherwise make
Django raise `BadHeaderError`, and one such row aborted a whole batch of emails.
"""

import re

from django.core.mail import send_mail

_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")


def header_value(value: str) -> str:
    """Collapse line breaks and other control characters to single spaces."""
    return " ".join(_UNSAFE.sub(" ", value).split())


def send_email(*, subject: str, body: str, to: list[str]) -> None:
    send_mail(header_value(subject), body, None, [header_value(address) for address in to])
