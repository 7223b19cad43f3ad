"""On PostgreSQL, the office list's search (a case-insensitive "contains" over an office's name and
plaque, its sponsor's name and its host city's name) is served by trigram indexes on exactly the
expressions Django's ``icontains`` compares (``UPPER(column::text)``), not by reading every row.
SQLite, the embedded default, has no trigram index and needs none at its size."""

from django.db import migrations

INDEXES = (
    ("registry_office_name_trgm", "registry_office", "name"),
    ("registry_office_plaque_trgm", "registry_office", "additional_plaque"),
    ("org_unit_name_trgm", "org_unit", "name"),
    ("geo_city_name_trgm", "geo_city", "name"),
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_exact_money"),
        ("org", "0008_staffing_officer_role"),
        ("geo", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
