"""A Redis cache that never breaks a request when Redis is down.

API throttling and the session cache keep their state in Redis (a store made for counters
and short-lived keys, no SQL per request). When Redis does not answer, each cache degrades
in the way its settings say rather than raising:

- with `FALLBACK` (another cache alias, e.g. a local-memory one) calls go there, so API
  throttling keeps counting, per process, instead of switching itself off;
- without it a read is a miss and a write is skipped, which is right for a cache in front of
  the database (the session store then reads and writes its database rows).

After a failure Redis is left alone for `RETRY_AFTER` seconds (default 5), so an outage costs
one short connect timeout per thread and period, not one per request; a warning is logged.
`MAX_TIMEOUT` caps how long any key lives: the session cache keeps entries for minutes, so an
entry whose deletion was lost in an outage (a logout while Redis was down) cannot outlive it
by more than that. `clear()` deletes only this cache's `KEY_PREFIX`, never the whole Redis
database (which the Celery broker shares).
"""

import logging
import time

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("sweetspot.cache")

# What a call answers when Redis is down and no fallback cache is configured: a miss.
_MISS = {
    "add": False,
    "get": None,
    "get_many": {},
    "has_key": False,
    "touch": False,
    "delete": False,
    "delete_many": None,
    "set": None,
    "set_many": [],
    "clear": False,
}


class Unavailable(Exception):
    """Redis did not answer (or is being left alone after it did not)."""


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self._fallback = options.pop("FALLBACK", None)
        self._max_timeout = options.pop("MAX_TIMEOUT", None)
        self._retry_after = float(options.pop("RETRY_AFTER", 5))
        options.setdefault("socket_connect_timeout", 0.25)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, {**params, "OPTIONS": options})
        self._down_until = 0.0

    def get_backend_timeout(self, timeout=DEFAULT_TIMEOUT):
        seconds = super().get_backend_timeout(timeout)
        if self._max_timeout is None:
            return seconds
        return self._max_timeout if seconds is None else min(seconds, self._max_timeout)

    def _mark_down(self, error: RedisError) -> None:
        self._down_until = time.monotonic() + self._retry_after
        logger.warning(
            "Redis cache unreachable (%s); %s for %.0f s",
            error,
            f"using cache {self._fallback!r}" if self._fallback else "skipping it",
            self._retry_after,
        )

    def with_client(self, action):
        """`action(redis_client)` for what Django's cache API cannot say in one round trip
        (a script); `Unavailable` while Redis is down, so the caller takes its fallback."""
        if time.monotonic() < self._down_until:
            raise Unavailable
        try:
            return action(self._cache.get_client(write=True))
        except RedisError as error:
            self._mark_down(error)
            raise Unavailable from error

    def _call(self, name: str, redis_call, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                return redis_call(*args, **kwargs)
            except RedisError as error:
                self._mark_down(error)
        if self._fallback:
            return getattr(caches[self._fallback], name)(*args, **kwargs)
        if name == "get":
            return args[1] if len(args) > 1 else kwargs.get("default")
        if name == "incr":
            raise ValueError("Key not found (Redis is unreachable).")
        return _MISS[name]

    def add(self, *args, **kwargs):
        return self._call("add", super().add, *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", super().get, *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", super().set, *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", super().touch, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", super().delete, *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", super().get_many, *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", super().has_key, *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", super().incr, *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", super().set_many, *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", super().delete_many, *args, **kwargs)

    def clear(self):
        if not self.key_prefix:
            raise ValueError("A resilient Redis cache needs a KEY_PREFIX to be cleared.")
        return self._call("clear", self._clear_prefix)

    def _clear_prefix(self) -> bool:
        client = self._cache.get_client(write=True)
        for key in client.scan_iter(match=f"{self.key_prefix}:*", count=1000):
            client.delete(key)
        return True
