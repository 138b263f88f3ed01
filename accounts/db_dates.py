"""Read back dates Python cannot hold, clamped, instead of failing the whole query.

PostgreSQL stores years up to 294276, Python only up to 9999: a row written before dates
were bounded (`accounts.bounds`), or by hand, would make psycopg raise on every list that
reads it. The loaders below read such a value as the nearest date Python can still move
into any time zone (`EARLIEST`, `LATEST`), so the list shows the row and its owner can fix it.
"""

from datetime import UTC, datetime
from functools import cache

from django.db.backends.signals import connection_created
from psycopg import DataError
from psycopg.pq import Format
from psycopg.types.datetime import DateLoader

# A day inside Python's range, so that converting to any time zone stays inside it too.
EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, tzinfo=UTC)


def _too_early(data) -> bool:
    text = bytes(data).strip()
    return text.startswith(b"-") or text.endswith(b"BC")


@cache  # one class per loader, built once, not on every new connection
def _clamping(loader_class: type, earliest, latest) -> type:
    class ClampingLoader(loader_class):
        def load(self, data):
            try:
                value = super().load(data)
            except DataError:
                return earliest if _too_early(data) else latest
            if value > latest:
                return latest
            return earliest if value < earliest else value

    ClampingLoader.clamps = True
    return ClampingLoader


def _register(sender, connection, **kwargs) -> None:
    if connection.vendor != "postgresql":
        return
    adapters = connection.connection.adapters
    timestamptz = adapters.get_loader(adapters.types["timestamptz"].oid, Format.TEXT)
    if not getattr(timestamptz, "clamps", False):
        adapters.register_loader("timestamptz", _clamping(timestamptz, EARLIEST, LATEST))
    adapters.register_loader("date", _clamping(DateLoader, EARLIEST.date(), LATEST.date()))


def install() -> None:
    connection_created.connect(_register, dispatch_uid="accounts.db_dates")
