"""HTML pages for content planning: calendars and board, items, and the setup pages."""
