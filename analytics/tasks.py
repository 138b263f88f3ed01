"""Celery discovers `<app>.tasks`; each analytics sub-package's tasks are imported here."""

from .growth.tasks import *  # noqa: F403
