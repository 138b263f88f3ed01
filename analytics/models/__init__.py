from .connectors import *  # noqa: F403
from .growth import *  # noqa: F403
from .reviews import *  # noqa: F403
