import logging
import sys

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from .conditional import PreconditionFailed

security_log = logging.getLogger("sweetspot.security")


def exception_handler(exc, context):
    """DRF's handler, plus a security log line for every refused request.

    A validation error without a field (a bare list, e.g. the search filter's) answers
    `{"detail": [...]}`, so every 400 is the documented object of messages per field."""
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.PermissionDenied):
        request = context.get("request")
        security_log.warning(
            "API refused %s %s for %s: %s",
            getattr(request, "method", "?"),
            getattr(request, "path", "?"),
            getattr(getattr(request, "user", None), "pk", None) or "anonymous",
            exc.__class__.__name__,
        )
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        response.data = {"detail": response.data}
    if isinstance(exc, PreconditionFailed) and exc.current_version is not None:
        response["ETag"] = f'"{exc.current_version}"'
    return response


# --- errors raised outside DRF's views (Django's handler400/403/500) ------------------------

# A database that is down or restarting: worth a retry, unlike a bug.
UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _json(status: int, detail: str, **headers: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status, headers=headers)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields, a bad Host...: under /api/,
    the documented error object (413 for a body that is too large)."""
    if not is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return _json(413, "The request body is too large.")
    return _json(400, "Bad request.")


def server_error(request: HttpRequest) -> HttpResponse:
    """Django calls this inside the `except` that caught the error, so it can tell a database
    outage (503, retry later) from a bug (500)."""
    error = sys.exc_info()[1]
    unavailable = isinstance(error, UNAVAILABLE)
    if not is_api(request):
        response = defaults.server_error(request)
        if unavailable:
            response.status_code = 503
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if unavailable:
        return _json(
            503,
            "The service is briefly unavailable; try again shortly.",
            **{"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    return _json(500, "Server error; nothing was changed. Please try again later.")
