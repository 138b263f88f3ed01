"""Demo data for this app, called by `manage.py seed_demo`."""


def seed(*, creator, coach) -> None:
    """Create or refresh this app's demo rows for the demo creator (idempotent)."""
