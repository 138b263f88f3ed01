"""Database triggers that bump a model's `version` on every UPDATE, whatever wrote it.

Used from migrations: `version_trigger("positioning_skill")`. PostgreSQL sets the new
version before the row is written; SQLite (the development fallback) cannot assign NEW, so
its trigger updates the row again (a trigger never fires itself there)."""

from django.db import migrations

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION sweetspot_bump_version() RETURNS trigger AS $$
BEGIN
    NEW.version := OLD.version + 1;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
"""


def _name(table: str) -> str:
    return f"{table}_bump_version"


def _forwards(table: str):
    def create(apps, schema_editor) -> None:
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(POSTGRES_FUNCTION)
            schema_editor.execute(
                f"CREATE TRIGGER {_name(table)} BEFORE UPDATE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION sweetspot_bump_version()"
            )
        elif vendor == "sqlite":
            bump = f"UPDATE {table} SET version = OLD.version + 1 WHERE id = NEW.id;"  # noqa: S608
            schema_editor.execute(
                f"CREATE TRIGGER {_name(table)} AFTER UPDATE ON {table} BEGIN {bump} END"
            )

    return create


def _backwards(table: str):
    def drop(apps, schema_editor) -> None:
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {_name(table)} ON {table}")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {_name(table)}")

    return drop


def version_trigger(table: str) -> migrations.RunPython:
    return migrations.RunPython(_forwards(table), _backwards(table), elidable=False)
