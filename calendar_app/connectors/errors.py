"""A connector's failure codes in plain words, for the channel page, the API and coaches."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Promise] = {
    "rate_limited": _("The platform asked us to slow down; we will try again later."),
    "server_error": _("The platform had a problem on its side; we will try again later."),
    "timeout": _("The platform did not answer in time."),
    "network": _("The platform could not be reached."),
    "host_not_found": _("The address's host name was not found."),
    "private_host": _("The address points to a private or local network, which is not allowed."),
    "bad_address": _("The address is not a web address."),
    "too_many_redirects": _("The address redirected too many times."),
    "too_large": _("The answer was too large to read."),
    "malformed": _("The platform's answer could not be read."),
    "not_found": _("The account, channel or feed was not found; check the reference."),
    "unauthorized": _("The platform refused the key or token; check it."),
    "no_secret": _("This platform needs an API key."),
    "refused": _("The platform refused the request."),
    "internal": _("Something went wrong on our side; we will try again later."),
}


def in_words(code: str) -> str:
    if not code:
        return ""
    return str(MESSAGES.get(code, MESSAGES["internal"]))
