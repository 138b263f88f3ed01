"""Per-host politeness shared by every worker: a concurrency cap, a request rate, and a
pause that a 429 or a Retry-After sets for the whole host.

Kept in Redis so all workers see one limit. When Redis cannot be reached, a lock per host in
this process takes over: still never more than the cap in flight from one worker, and the
fetch goes on rather than stalling on the outage.
"""

import logging
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress

import redis
from django.conf import settings

logger = logging.getLogger("sweetspot.connectors")

SLOT_SECONDS = 60  # a slot held by a worker that died frees itself after this long


class HostBusy(Exception):
    """No slot for this host now; try again after `wait` seconds."""

    def __init__(self, host: str, wait: float):
        super().__init__(host)
        self.host = host
        self.wait = wait


_local_slots: dict[str, threading.BoundedSemaphore] = {}
_local_guard = threading.Lock()
_local_paused: dict[str, float] = defaultdict(float)
_client: redis.Redis | None = None


def _redis() -> redis.Redis:
    global _client
    if _client is None:
        _client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=2
        )
    return _client


def _local_slot(host: str) -> threading.BoundedSemaphore:
    with _local_guard:
        if host not in _local_slots:
            _local_slots[host] = threading.BoundedSemaphore(settings.CONNECTOR_HOST_CONCURRENCY)
        return _local_slots[host]


# One round trip: drop expired holders, refuse while paused, over the cap or the rate.
_ACQUIRE = """
local now = tonumber(ARGV[1])
local paused = tonumber(redis.call('GET', KEYS[3]) or '0')
if paused > now then return {0, tostring(paused - now)} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[3]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return {0, '0.2'} end
local rate = tonumber(ARGV[5])
local bucket = tostring(math.floor(now))
local used = redis.call('INCR', KEYS[2] .. bucket)
redis.call('EXPIRE', KEYS[2] .. bucket, 2)
if used > rate then return {0, tostring(math.floor(now) + 1 - now)} end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
return {1, '0'}
"""


def _keys(host: str) -> list[str]:
    return [f"connector:slots:{host}", f"connector:rate:{host}:", f"connector:paused:{host}"]


@contextmanager
def host_slot(host: str) -> Iterator[None]:
    """Hold one of the host's request slots for the block, or raise HostBusy."""
    token = uuid.uuid4().hex
    try:
        client = _redis()
        granted, wait = client.eval(
            _ACQUIRE,
            3,
            *_keys(host),
            time.time(),
            settings.CONNECTOR_HOST_CONCURRENCY,
            SLOT_SECONDS,
            token,
            settings.CONNECTOR_HOST_RATE_PER_SECOND,
        )
    except redis.RedisError:
        logger.warning("Redis unreachable: limiting %s in this process only", host)
        yield from _local_hold(host)
        return
    if not int(granted):
        raise HostBusy(host, float(wait))
    try:
        yield
    finally:
        with suppress(redis.RedisError):  # else the slot expires on its own
            client.zrem(_keys(host)[0], token)


@contextmanager
def host_slot_waiting(host: str, *, patience: float = 10.0) -> Iterator[None]:
    """host_slot, waiting out short refusals (a full second's rate, a busy slot) for up to
    `patience` seconds; a longer pause (a 429's Retry-After) still raises HostBusy."""
    deadline = time.monotonic() + patience
    with ExitStack() as stack:
        while True:
            try:
                stack.enter_context(host_slot(host))
                break
            except HostBusy as busy:
                if busy.wait > 2 or time.monotonic() + busy.wait > deadline:
                    raise
                time.sleep(max(busy.wait, 0.05))
        yield


def _local_hold(host: str) -> Iterator[None]:
    wait = _local_paused[host] - time.time()
    if wait > 0:
        raise HostBusy(host, wait)
    slot = _local_slot(host)
    if not slot.acquire(timeout=5):
        raise HostBusy(host, 1.0)
    try:
        yield
    finally:
        slot.release()


def pause_host(host: str, seconds: float) -> None:
    """Keep every channel on this host waiting (a 429, or a 5xx with Retry-After)."""
    until = time.time() + seconds
    _local_paused[host] = max(_local_paused[host], until)
    with suppress(redis.RedisError):
        _redis().set(_keys(host)[2], until, ex=max(1, int(seconds) + 1))


def host_paused_for(host: str) -> float:
    try:
        until = float(_redis().get(_keys(host)[2]) or 0)
    except redis.RedisError:
        until = _local_paused[host]
    return max(0.0, until - time.time())
