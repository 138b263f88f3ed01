"""Celery: the Redis broker, how publishing and workers ride out an outage, and beat's schedule.

Tasks go through the outbox (`accounts.queue`); every scheduled name is a registered task
(`tests/proof/test_task_names.py`).
"""

from datetime import timedelta

from celery.schedules import crontab

from .env import BASE_DIR, REDIS_URL, env_bool, env_int, env_str

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
# The product never reads task results: no result backend, so nothing waits on one.
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
# Publishing fails within about a second when Redis is down (accounts.queue keeps the task
# in the outbox); the worker and beat keep reconnecting for as long as the outage lasts.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_RETRY = True
# kombu's Redis transport with a fix that keeps the worker alive through an outage.
CELERY_BROKER_TRANSPORT = "config.celery:RedisTransport"
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    "socket_timeout": 5,
    "max_retries": 0,
    "retry_on_timeout": False,
    # Redis hands a task that a worker took and never acknowledged (it held it for a
    # countdown when it lost the broker, or it died) to a worker again after this many
    # seconds. It must exceed the longest countdown, or a task held that long is handed out
    # twice: webhook retries wait at most WEBHOOK_RETRY_BASE_SECONDS x 4^3 (32 min).
    "visibility_timeout": env_int("BROKER_VISIBILITY_TIMEOUT", 3600),
}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# How often beat relays outbox rows that could not reach the broker when they were written.
OUTBOX_RELAY_SECONDS = env_int("OUTBOX_RELAY_SECONDS", 10)
CELERY_BEAT_SCHEDULE_FILENAME = env_str(
    "CELERY_BEAT_SCHEDULE_FILENAME", str(BASE_DIR / "var" / "celerybeat-schedule")
)
# How often beat opens due reviews and scans reminders (the embedded-stack check shortens it).
REVIEW_SCAN_SECONDS = env_int("REVIEW_SCAN_SECONDS", 15 * 60)
# The nightly growth pass is cut into one task per this many creators (by id range).
GROWTH_CREATORS_PER_TASK = env_int("GROWTH_CREATORS_PER_TASK", 250)
CELERY_BEAT_SCHEDULE = {
    "relay-outbox": {
        "task": "accounts.tasks.relay_outbox",
        "schedule": timedelta(seconds=OUTBOX_RELAY_SECONDS),
    },
    "purge-stale-tokens": {
        "task": "accounts.tasks.purge_stale_tokens",
        "schedule": timedelta(hours=24),
    },
    "extend-series-horizons": {
        "task": "calendar_app.tasks.extend_series_horizons",
        "schedule": timedelta(hours=24),
    },
    # Reviews open at local midnight in every time zone, so run often; both are idempotent.
    "open-due-reviews": {
        "task": "analytics.reviews.tasks.open_due_reviews",
        "schedule": timedelta(seconds=REVIEW_SCAN_SECONDS),
    },
    "scan-reminders": {
        "task": "analytics.reviews.tasks.scan_reminders",
        "schedule": timedelta(seconds=REVIEW_SCAN_SECONDS),
    },
    "deliver-notification-emails": {
        "task": "accounts.tasks.deliver_notification_emails",
        "schedule": timedelta(minutes=5),
    },
    "recompute-growth-daily": {
        "task": "analytics.growth.recompute_all",
        "schedule": crontab(hour=1, minute=30),
    },
    "prune-sync-tombstones": {
        "task": "calendar_app.tasks.prune_sync_history",
        "schedule": timedelta(hours=24),
    },
    "resend-stalled-webhooks": {
        "task": "calendar_app.tasks.resend_stalled_webhooks",
        "schedule": timedelta(minutes=10),
    },
    # Picks the connected channels that are due; each channel's runs are spread over
    # CONNECTOR_INTERVAL_SECONDS by its own offset, so the hosts see an even trickle.
    "poll-connectors": {
        "task": "analytics.connectors.tasks.poll_connectors",
        "schedule": timedelta(seconds=env_int("CONNECTOR_POLL_SECONDS", 60)),
    },
}
