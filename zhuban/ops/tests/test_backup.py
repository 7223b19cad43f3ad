"""A backup is one archive of the database and the evidence files; it restores into an empty
database and an empty file store with every table and every file's SHA-256 equal, on either
engine, and a restore checks the whole archive before it changes anything."""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from zhuban.consolidation.models import Evidence
from zhuban.consolidation.tests import builders
from zhuban.ops.backup import BackupError, restore_archive
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


def sha256_of_every_file(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world_with_evidence(media):
    seed_world()
    dossier = builders.dossier_for()
    builders.evidence(dossier, "assets")
    builders.evidence(dossier, "deregistration")
    builders.approved_window()
    assert Evidence.objects.count() == 2
    return media


def test_a_backup_restored_into_an_empty_database_has_every_table_and_file_equal(tmp_path: Path, world_with_evidence):
    media = world_with_evidence
    assert Office.objects.count() >= 20
    tables = sorted(connection.introspection.table_names())
    quote = connection.ops.quote_name
    call_command("backup", str(tmp_path / "backup.tar"), stdout=StringIO())
    # It holds every record of the campaign: readable by its owner only.
    assert (tmp_path / "backup.tar").stat().st_mode & 0o777 == 0o600
    files_before = sha256_of_every_file(media)
    assert len(files_before) == 3
    # What the database says of each evidence file is what the restored file holds.
    assert {e.sha256 for e in Evidence.objects.all()} <= set(files_before.values())

    # Both sides are read through fresh plain driver connections, so values compare as stored.
    settings = dict(connection.settings_dict)
    restored_media = tmp_path / "restored-media"
    if connection.vendor == "sqlite":
        source = sqlite3.connect(settings["NAME"])
        settings["NAME"] = str(tmp_path / "empty.sqlite3")
        restore_archive(settings, restored_media, tmp_path / "backup.tar")
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
        restore_archive(settings, restored_media, tmp_path / "backup.tar")
        restored = pg("zhuban_restore_check")
    try:
        original = rows_of_every_table(source, tables, quote)
        assert rows_of_every_table(restored, tables, quote) == original
        assert sum(len(rows) for rows in original.values()) > 500
        assert sha256_of_every_file(restored_media) == files_before
    finally:
        restored.close()
        source.close()
        if connection.vendor != "sqlite":
            admin.execute("DROP DATABASE IF EXISTS zhuban_restore_check")
            admin.close()


def test_restore_through_the_command_puts_back_a_deleted_evidence_file(tmp_path, world_with_evidence, monkeypatch):
    media = world_with_evidence
    call_command("backup", str(tmp_path / "backup.tar"), stdout=StringIO())
    evidence = Evidence.objects.first()
    Path(evidence.file.path).unlink()
    (media / "stray.txt").write_text("uploaded after the backup")
    call_command("restore", str(tmp_path / "backup.tar"), "--yes", stdout=StringIO())
    assert hashlib.sha256(Path(media / evidence.file.name).read_bytes()).hexdigest() == evidence.sha256
    assert not (media / "stray.txt").exists()

    # MEDIA_ROOT as its own mount point cannot be renamed: its content is replaced instead.
    Path(evidence.file.path).unlink()
    (media / "stray.txt").write_text("uploaded after the backup")

    def no_rename(src, dst):
        raise OSError(16, "Device or resource busy")

    monkeypatch.setattr("zhuban.ops.backup.os.replace", no_rename)
    call_command("restore", str(tmp_path / "backup.tar"), "--yes", stdout=StringIO())
    assert hashlib.sha256(Path(media / evidence.file.name).read_bytes()).hexdigest() == evidence.sha256
    assert not (media / "stray.txt").exists()


def rewrite_archive(source: Path, target: Path, change) -> None:
    with tarfile.open(source) as old, tarfile.open(target, "w") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read() if member.isfile() else b""
            member, data = change(member, data)
            if member is not None:
                member.size = len(data)
                new.addfile(member, io.BytesIO(data))


def tampered_file(member, data):
    return member, (data + b"x" if member.name.startswith("media/") else data)


def tampered_dump(member, data):
    return member, (data[:-1] + bytes([data[-1] ^ 1]) if member.name == "database.dump" else data)


def dropped_file(member, data):
    return (None, b"") if member.name.startswith("media/consolidation") else (member, data)


def escaping_entry(member, data):
    if member.name.startswith("media/"):
        member.name = "../../escaped.pdf"
        member.pax_headers = {}  # the stored name would win over the new one
    return member, data


def unlisted_file(member, data):
    if member.name == "MANIFEST.json":
        manifest = json.loads(data)
        manifest["files"].pop(next(iter(manifest["files"])))
        data = json.dumps(manifest).encode()
    return member, data


DAMAGES = [
    (tampered_file, "checksum"),
    (tampered_dump, "checksum"),
    (dropped_file, "do not match the manifest"),
    (unlisted_file, "do not match the manifest"),
    (escaping_entry, "unexpected entry"),
]


def test_a_damaged_archive_is_refused_before_anything_changes(tmp_path, world_with_evidence):
    # One backup (a transactional world is slow to build), every kind of damage to a copy of it.
    media = world_with_evidence
    call_command("backup", str(tmp_path / "backup.tar"), stdout=StringIO())
    files = sha256_of_every_file(media)
    offices = Office.objects.count()
    for change, message in DAMAGES:
        rewrite_archive(tmp_path / "backup.tar", tmp_path / f"{change.__name__}.tar", change)
        with pytest.raises(CommandError, match=message):
            call_command("restore", str(tmp_path / f"{change.__name__}.tar"), "--yes", stdout=StringIO())
        assert sha256_of_every_file(media) == files, change.__name__
        assert Office.objects.count() == offices
    assert not (tmp_path.parent / "escaped.pdf").exists()
    # The undamaged archive itself restores.
    call_command("restore", str(tmp_path / "backup.tar"), "--yes", stdout=StringIO())
    assert sha256_of_every_file(media) == files


def test_an_archive_of_the_other_engine_is_refused(tmp_path, media):
    seed_world()
    call_command("backup", str(tmp_path / "backup.tar"), stdout=StringIO())
    other = dict(connection.settings_dict)
    other["ENGINE"] = "django.db.backends.postgresql" if connection.vendor == "sqlite" else "django.db.backends.sqlite3"
    with pytest.raises(BackupError, match="backup; this database is"):
        restore_archive(other, tmp_path / "m", tmp_path / "backup.tar")


def test_restore_refuses_a_missing_file(tmp_path: Path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "nope.dump"), "--yes")


def test_a_sqlite_database_file_is_readable_by_its_owner_only(tmp_path):
    from django.db.backends.sqlite3.base import DatabaseWrapper

    path = tmp_path / "fresh.sqlite3"
    wrapper = DatabaseWrapper({**connection.settings_dict, "ENGINE": "django.db.backends.sqlite3", "NAME": str(path)})
    try:
        wrapper.ensure_connection()
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("CREATE TABLE t (x int)")
        for candidate in (path, Path(f"{path}-wal")):
            assert candidate.stat().st_mode & 0o777 == 0o600, candidate
    finally:
        wrapper.close()
