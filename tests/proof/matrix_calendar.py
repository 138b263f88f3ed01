"""Authorization matrix entries for calendar_app's URLs."""
