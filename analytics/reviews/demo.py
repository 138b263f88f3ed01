"""Demo data for analytics reviews."""


def seed(*, creator, coach) -> None:
    """Create or refresh the demo rows (idempotent)."""
