import logging

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
