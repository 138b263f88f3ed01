"""Small helpers the planning pages share."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django_htmx.http import trigger_client_event

from accounts.navigation import safe_next

CHANGED_EVENT = "calendar-changed"


def changed(request: HttpRequest, fallback: str) -> HttpResponse:
    """After a write: htmx pages refresh their calendar or board, plain forms go back."""
    if request.htmx:
        return trigger_client_event(HttpResponse(status=204), CHANGED_EVENT)
    return HttpResponseRedirect(safe_next(request, fallback))


def refused(request: HttpRequest, fallback: str, error: ValidationError | str) -> HttpResponse:
    """A write the rules refused: 400 with the reason for htmx, a message otherwise."""
    text = error if isinstance(error, str) else " ".join(error.messages)
    if request.htmx:
        return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")
    messages.error(request, text)
    return HttpResponseRedirect(safe_next(request, fallback))
