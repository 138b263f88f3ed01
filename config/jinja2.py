"""The Jinja2 environment for the few hot fragments rendered with Jinja2 (calendar tiles).

Autoescaping is on (Django's backend default), and the i18n extension uses Django's own
gettext, so `{{ _("…") }}` follows the active language and the project's catalogues.
"""

from django.utils import timezone
from django.utils.translation import gettext, ngettext
from jinja2 import Environment


def environment(**options) -> Environment:
    options.pop("autoescape", None)  # always on, whatever the settings say
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.filters["localtime"] = timezone.localtime
    return env
