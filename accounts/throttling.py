from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

from .tokens import token_identity


class _SettingsRateMixin:
    """Read the rate at request time so that settings overrides take effect, and keep the
    request history in the "throttle" cache (Redis, with a local fallback: accounts.cache)."""

    @property
    def cache(self):
        return caches["throttle"]

    def get_rate(self):
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].get(self.scope)


class ClientRateThrottle(_SettingsRateMixin, SimpleRateThrottle):
    """One budget per token, and one per signed-in browser user."""

    scope = "client"

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        ident = token_identity(request.auth) or f"user-{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AnonymousRateThrottle(_SettingsRateMixin, SimpleRateThrottle):
    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
