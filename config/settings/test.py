"""Settings for the test suite: PostgreSQL, fast hashing, eager tasks by default.

Tests marked `integration` switch to the real Redis broker and a real worker.
"""

import os

import dj_database_url

from .base import *  # noqa: F403
from .base import env_str, redis_caches

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sweetspot")
    )
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = env_str("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
# Production keeps no results; the live-worker tests wait on them, so here they are kept.
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
CELERY_TASK_IGNORE_RESULT = False
REDIS_URL = CELERY_BROKER_URL
# Each test process its own key prefix, so parallel workers and runs never share throttles.
CACHES = {
    **CACHES,
    **redis_caches(REDIS_URL, prefix=f"test{os.getpid()}-"),
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# A fixed key, and no real host: each connector test points CONNECTOR_BASE_URLS at its own
# local server, so a base URL left at a real host would fail to resolve, not reach it.
CONNECTOR_SECRET_KEY = "dGVzdC1vbmx5LWNvbm5lY3Rvci1rZXktMzItYnl0ZXM="
CONNECTOR_BASE_URLS = {kind: "http://connectors.invalid" for kind in CONNECTOR_BASE_URLS}
