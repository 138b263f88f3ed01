import os

from celery import Celery
from kombu.transport import redis

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")


class RedisChannel(redis.Channel):
    """kombu's Redis channel, able to restore unacknowledged messages after the transport closed.

    When Redis goes away while the worker holds unacknowledged messages (tasks with a
    countdown), the consumer closes the connection twice; by the second close kombu has
    dropped the transport's connection details, and restoring the messages then fails with
    `AttributeError: 'NoneType' object has no attribute 'hostname'`, which kills the worker.
    The channel keeps the details it was opened with and uses them in that case; the restore
    then fails as an ordinary connection error, which the consumer rides out and reconnects.
    """

    def __init__(self, connection, *args, **kwargs):
        self._opened_with = connection.client
        super().__init__(connection, *args, **kwargs)

    def _connparams(self, asynchronous=False):
        if self.connection.client is not None:
            return super()._connparams(asynchronous=asynchronous)
        self.connection.client = self._opened_with
        try:
            return super()._connparams(asynchronous=asynchronous)
        finally:
            self.connection.client = None


class RedisTransport(redis.Transport):
    Channel = RedisChannel


app = Celery("sweetspot")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
