"""Growth analytics models: snapshots and computed metrics (issue: growth analytics)."""
