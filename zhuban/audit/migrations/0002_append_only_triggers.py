"""Refuse changes to audit entries in the database itself.

The hash chain makes tampering evident; the triggers make the ordinary mistakes impossible.
PostgreSQL refuses UPDATE and DELETE (TRUNCATE, which test databases use to reset, is a
statement the row triggers do not see). SQLite refuses UPDATE only: its test reset deletes
rows one statement at a time, and a deleted entry is caught by ``audit_verify`` anyway,
because the chain head still remembers it.
"""

from django.db import migrations

SQLITE = [
    "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;",
]
SQLITE_REVERSE = ["DROP TRIGGER audit_entry_no_update;"]

POSTGRES = [
    "CREATE FUNCTION audit_entry_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql;",
    "CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_auditentry "
    "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER audit_entry_append_only ON audit_auditentry;",
    "DROP FUNCTION audit_entry_append_only();",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
