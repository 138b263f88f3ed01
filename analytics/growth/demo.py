"""Demo data for analytics growth."""


def seed(*, creator, coach) -> None:
    """Create or refresh the demo rows (idempotent)."""
