"""What the apps' form pages share: a service's refusal shown on the form that asked for it."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest
from django.utils.translation import gettext_noop


def form_errors(form: BaseForm, error: ValidationError) -> None:
    """Put a service's field errors on the form, or on the form as a whole."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def form_saved(request: HttpRequest, form: BaseForm, save: Callable[[], object]) -> bool:
    """True once a POSTed form is valid and `save()` went through; a refusal lands on the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save()
    except ValidationError as error:
        form_errors(form, error)
        return False
    return True


# Django's label for an empty choice ("- Select an option -") has no entry in its own zh_Hans
# catalogue; naming it here puts it in ours, which takes precedence (LOCALE_PATHS).
BLANK_CHOICE_LABEL = gettext_noop("- Select an option -")
