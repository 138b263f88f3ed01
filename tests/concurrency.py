"""Real concurrent requests: each on its own thread and database connection.

`race_behind_lock` holds a row lock in a third transaction, starts every request, waits
until all of them are blocked on a lock in PostgreSQL (so each has read what it read
before either commits), then lets them go. Code that checks without the lock, or writes
without checking under it, lets more than one through."""

import threading
import time
from collections.abc import Callable

from django.db import connection, transaction
from django.db.models import Model

WAIT_SECONDS = 15


def _blocked_backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def race_behind_lock(row: Model, *requests: Callable[[], int]) -> list[int]:
    """Run `requests` (each returns a status code) concurrently behind a lock on `row`;
    their status codes, in order."""
    held, release = threading.Event(), threading.Event()
    statuses: list[int | None] = [None] * len(requests)
    errors: list[BaseException] = []

    def hold() -> None:
        try:
            with transaction.atomic():
                type(row).objects.select_for_update().filter(pk=row.pk).exists()
                held.set()
                release.wait(WAIT_SECONDS)
        finally:
            connection.close()

    def send(index: int, request: Callable[[], int]) -> None:
        try:
            statuses[index] = request()
        except BaseException as error:  # reported by the caller's thread
            errors.append(error)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert held.wait(WAIT_SECONDS), "the lock holder never got its lock"
    senders = [
        threading.Thread(target=send, args=(index, request))
        for index, request in enumerate(requests)
    ]
    for thread in senders:
        thread.start()
    deadline = time.monotonic() + WAIT_SECONDS
    while _blocked_backends() < len(requests) and time.monotonic() < deadline:
        if not any(thread.is_alive() for thread in senders):
            break
        time.sleep(0.02)
    release.set()
    for thread in [holder, *senders]:
        thread.join(WAIT_SECONDS * 2)
    if errors:
        raise errors[0]
    return statuses
