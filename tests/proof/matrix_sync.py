"""Authorization matrix entries for the calendar API, sync, feed and webhooks URLs."""
