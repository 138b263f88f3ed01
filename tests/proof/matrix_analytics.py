"""Authorization matrix entries for growth analytics URLs."""
