"""Every analytics task, for the app's ready() to register: one module per sub-package."""

from .connectors import tasks as connector_tasks  # noqa: F401
from .growth import tasks as growth_tasks  # noqa: F401
from .reviews import tasks as review_tasks  # noqa: F401
