"""Fixed-window rate limits kept in the cache (the database: they hold when Redis is down).

Each action is limited per address and per client IP, so neither one address hammered from
many places nor many addresses from one place gets through. Login lockouts are django-axes'.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _count(key: str, window: int) -> int:
    bucket = f"ratelimit:{key}:{int(time.time()) // window}"
    cache.add(bucket, 0, timeout=window)
    try:
        return cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.set(bucket, 1, timeout=window)
        return 1


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def allow_ip(request: HttpRequest, *, action: str, limit: int) -> bool:
    """Count one attempt at `action` from the request's IP; False when over `limit` a window."""
    ip = hashlib.sha256(client_ip(request).encode()).hexdigest()
    return _count(f"{action}:ip:{ip}", settings.ACCOUNT_RATE_WINDOW_SECONDS) <= limit


def allow(request: HttpRequest, *, action: str, email: str) -> bool:
    """Count one attempt at `action` for `email` and the request's IP; False when over."""
    window = settings.ACCOUNT_RATE_WINDOW_SECONDS
    address = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    ip = hashlib.sha256(client_ip(request).encode()).hexdigest()
    per_address = _count(f"{action}:email:{address}", window)
    per_ip = _count(f"{action}:ip:{ip}", window)
    return (
        per_address <= settings.ACCOUNT_RATE_PER_ADDRESS and per_ip <= settings.ACCOUNT_RATE_PER_IP
    )
