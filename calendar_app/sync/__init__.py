"""Calendar sync: everything that moves a creator's plan in and out of Sweetspot.

`changes` (incremental sync cursors and history retention), `ical` (the iCalendar feed and
parser), `imports` and `exports` (files), `webhooks` (signed change announcements), and the
pages for them (`views`, `forms`, `urls`).
"""
