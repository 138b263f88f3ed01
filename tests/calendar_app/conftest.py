from tests.calendar_app.sync_fixtures import item, receiver  # noqa: F401
