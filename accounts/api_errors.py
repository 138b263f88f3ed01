import logging

from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

security_log = logging.getLogger("sweetspot.security")


def exception_handler(exc, context):
    """DRF's handler, plus a security log line for every refused request."""
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.PermissionDenied):
        request = context.get("request")
        security_log.warning(
            "API refused %s %s for %s: %s",
            getattr(request, "method", "?"),
            getattr(request, "path", "?"),
            getattr(getattr(request, "user", None), "pk", None) or "anonymous",
            exc.__class__.__name__,
        )
    return drf_exception_handler(exc, context)
