"""A backup restores into an empty database with every table equal, on either engine."""

from __future__ import annotations

import sqlite3
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from zhuban.ops.backup import restore
from zhuban.registry.models import Office
from zhuban.testing.personas import seed_world

pytestmark = pytest.mark.django_db(transaction=True)


def rows_of_every_table(conn, tables: list[str], quote) -> dict[str, list[tuple]]:
    out = {}
    cursor = conn.cursor()
    for table in tables:
        cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - table names from introspection
        out[table] = sorted(cursor.fetchall(), key=repr)
    return out


def test_a_backup_restored_into_an_empty_database_has_every_table_equal(tmp_path: Path):
    seed_world()
    assert Office.objects.count() >= 20
    tables = sorted(connection.introspection.table_names())
    quote = connection.ops.quote_name
    call_command("backup", str(tmp_path / "backup.dump"), stdout=StringIO())

    # Both sides are read through fresh plain driver connections, so values compare as stored.
    settings = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        source = sqlite3.connect(settings["NAME"])
        settings["NAME"] = str(tmp_path / "empty.sqlite3")
        restore(settings, tmp_path / "backup.dump")
        restored = sqlite3.connect(settings["NAME"])
    else:
        import psycopg

        def pg(dbname: str, **kw):
            return psycopg.connect(
                host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"], dbname=dbname, **kw
            )

        source = pg(settings["NAME"])
        admin = pg("postgres", autocommit=True)
        admin.execute("DROP DATABASE IF EXISTS zhuban_restore_check")
        admin.execute("CREATE DATABASE zhuban_restore_check")
        settings["NAME"] = "zhuban_restore_check"
        restore(settings, tmp_path / "backup.dump")
        restored = pg("zhuban_restore_check")
    try:
        original = rows_of_every_table(source, tables, quote)
        assert rows_of_every_table(restored, tables, quote) == original
        assert sum(len(rows) for rows in original.values()) > 500
    finally:
        restored.close()
        source.close()
        if connection.vendor != "sqlite":
            admin.execute("DROP DATABASE IF EXISTS zhuban_restore_check")
            admin.close()


def test_restore_refuses_a_missing_file(tmp_path: Path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "nope.dump"), "--yes")
