"""Review models: templates and periodic reviews (issue: reviews and reminders)."""
