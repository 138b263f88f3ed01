"""API throttles: DRF's sliding log, kept in a Redis sorted set.

DRF's `SimpleRateThrottle` keeps each client's request times as a pickled list in the cache:
a read and a write per request, each carrying the whole list (at 1,200/hour, up to 1,200
floats), and two concurrent requests can both read the old list and let one extra request
through. Here the same log lives in a sorted set and one Lua script drops expired entries,
counts and records the request atomically: one round trip whatever the rate, and exact under
concurrency. When Redis is down the throttle falls back to DRF's own logic over the
"throttle" cache's local fallback (accounts.cache), so throttling keeps counting per process.
"""

import uuid

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

from .cache import Unavailable
from .tokens import token_identity

# KEYS[1] the log; ARGV: now, window seconds, limit, a unique member for this request.
# Returns {1} when the request is recorded, {0, oldest} when the limit is reached.
_SLIDING_LOG = """
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
    redis.call('ZADD', KEYS[1], now, ARGV[4])
    redis.call('EXPIRE', KEYS[1], math.ceil(window))
    return {1}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, oldest[2]}
"""


class _SlidingLogThrottle(SimpleRateThrottle):
    """Read the rate at request time so that settings overrides take effect; keep the log in
    Redis (one atomic round trip), or DRF's history in the local fallback while Redis is down."""

    _retry_after: float | None = None

    @property
    def cache(self):
        return caches["throttle"]

    def get_rate(self):
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].get(self.scope)

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        cache = self.cache
        # Its own key: a list that DRF's logic left under `self.key` is not a sorted set.
        key = cache.make_and_validate_key(f"{self.key}_log")
        try:
            answer = cache.with_client(
                lambda client: client.register_script(_SLIDING_LOG)(
                    keys=[key],
                    args=[repr(self.now), self.duration, self.num_requests, uuid.uuid4().hex],
                )
            )
        except Unavailable:
            self._retry_after = None
            return super().allow_request(request, view)
        if answer[0] == 1:
            return True
        self._retry_after = max(self.duration - (self.now - float(answer[1])), 0.0)
        return False

    def wait(self):
        if self._retry_after is not None:
            return self._retry_after
        return super().wait()


class ClientRateThrottle(_SlidingLogThrottle):
    """One budget per token, and one per signed-in browser user."""

    scope = "client"

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        ident = token_identity(request.auth) or f"user-{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AnonymousRateThrottle(_SlidingLogThrottle):
    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
