import logging

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

security_log = logging.getLogger("sweetspot.security")


@receiver(user_login_failed)
def log_failed_login(sender, credentials, request=None, **kwargs) -> None:
    ip = request.META.get("REMOTE_ADDR", "?") if request is not None else "?"
    security_log.warning("Failed login for %s from %s", credentials.get("username", "?"), ip)


def axes_username(request, credentials: dict | None) -> str:
    """Lock out by normalised email, so case variants share one failure count."""
    source = credentials or getattr(request, "POST", {}) or {}
    return str(source.get("username", "")).strip().lower()
