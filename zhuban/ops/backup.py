"""Backup and restore of the whole database and the uploaded evidence files, as one archive.

Database: one way per engine. SQLite: the online backup API copies a live database page by
page, consistently, even while others write (copying the file during a write does not).
PostgreSQL: pg_dump's custom format and pg_restore, which take seconds even at national scale.

Files: copied after the database's snapshot. An upload is stored before the transaction that
records it commits and is never changed afterwards, so every file the snapshot refers to is
already there; a file uploaded during the backup is at worst one more file nobody refers to.

The archive is an uncompressed tar (the dump is compressed already, evidence is PDF and
images): MANIFEST.json names the engine and the SHA-256 of the database dump and of every file;
restore checks all of them before it changes anything. Archives and SQLite databases are made
readable by their owner only: they hold every record of the campaign.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path, PurePosixPath
from typing import Any

FORMAT = "zhuban-backup-1"
MANIFEST = "MANIFEST.json"
DATABASE = "database.dump"
FILES = "media"
OWNER_ONLY = 0o600


class BackupError(RuntimeError):
    pass


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["--host", str(db.get("HOST") or "127.0.0.1"), "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(cmd: list[str], env: dict[str, str]) -> None:
    if shutil.which(cmd[0]) is None:
        raise BackupError(f"{cmd[0]} is not installed (Debian package postgresql-client)")
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else cmd[0])


def owner_only(path: Path) -> None:
    """Make a database or backup file readable and writable by its owner only, with the SQLite
    journal files beside it (SQLite gives new journals the database file's mode)."""
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        if candidate.exists():
            os.chmod(candidate, OWNER_ONLY)


def sqlite_file(db: dict[str, Any]) -> Path | None:
    """The file behind a SQLite database's settings, or None for an in-memory one."""
    name = str(db.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _stored_files(media_root: Path) -> list[Path]:
    if not media_root.exists():
        return []
    return sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink())


def backup_archive(db: dict[str, Any], media_root: Path, target: Path) -> dict[str, Any]:
    """Database first, then the files, into one archive at ``target``. Returns the manifest."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=target.parent) as work:
        dump = Path(work) / DATABASE
        backup(db, dump)
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "engine": db["ENGINE"].rsplit(".", 1)[-1],
            "database": _sha256(dump),
            "files": {},
        }
        partial = Path(work) / "archive.tar"
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w") as tar:
            tar.add(dump, arcname=DATABASE)
            for path in _stored_files(media_root):
                relative = path.relative_to(media_root).as_posix()
                manifest["files"][relative] = _sha256(path)
                tar.add(path, arcname=f"{FILES}/{relative}")
            body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(body), int(time.time()), OWNER_ONLY
            tar.addfile(info, io.BytesIO(body))
        os.replace(partial, target)
    owner_only(target)
    return manifest


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and ".." not in path.parts
        and (name in {MANIFEST, DATABASE} or (len(path.parts) > 1 and path.parts[0] == FILES))
    )


def restore_archive(db: dict[str, Any], media_root: Path, source: Path) -> dict[str, Any]:
    """Check the archive whole, then replace the database and the stored files with its own.
    A backup made before files were included (a bare dump) restores the database only."""
    if not source.exists():
        raise BackupError(f"{source} does not exist")
    if not tarfile.is_tarfile(source):
        restore(db, source)
        return {"format": "database-only", "files": {}}
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=media_root.parent) as work:
        unpacked = Path(work)
        with tarfile.open(source, mode="r") as tar:
            members = tar.getmembers()
            bad = [m.name for m in members if not (m.isfile() or m.isdir()) or not _safe_member(m.name)]
            if bad:
                raise BackupError(f"{source} is not a backup made by this system (unexpected entry {bad[0]!r})")
            tar.extractall(unpacked, filter="data")  # noqa: S202 - every member checked above
        try:
            manifest = json.loads((unpacked / MANIFEST).read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            raise BackupError(f"{source} has no readable {MANIFEST}") from None
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{source} is of an unknown format {manifest.get('format')!r}")
        engine = db["ENGINE"].rsplit(".", 1)[-1]
        if manifest.get("engine") != engine:
            raise BackupError(f"{source} is a {manifest.get('engine')} backup; this database is {engine}")
        dump = unpacked / DATABASE
        if not dump.exists() or _sha256(dump) != manifest.get("database"):
            raise BackupError(f"{source}: the database dump does not match its checksum")
        files = unpacked / FILES
        present = {p.relative_to(files).as_posix() for p in _stored_files(files)}
        expected = manifest.get("files", {})
        if present != set(expected):
            missing = sorted(set(expected) - present) or sorted(present - set(expected))
            raise BackupError(f"{source}: the files do not match the manifest ({missing[0]})")
        for relative, digest in expected.items():
            if _sha256(files / relative) != digest:
                raise BackupError(f"{source}: {relative} does not match its checksum")
        restore(db, dump)
        # The files last, by renames on one file system: the old tree is kept until the new one
        # is in place.
        files.mkdir(exist_ok=True)
        previous = unpacked / "previous"
        try:
            if media_root.exists():
                os.replace(media_root, previous)
            os.replace(files, media_root)
        except OSError:
            # MEDIA_ROOT is a mount point (or on another file system): replace its content instead.
            media_root.mkdir(parents=True, exist_ok=True)
            for child in media_root.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()
            shutil.copytree(files, media_root, dirs_exist_ok=True)
    return manifest


def backup(db: dict[str, Any], target: Path) -> None:
    vendor = db["ENGINE"].rsplit(".", 1)[-1]
    target.parent.mkdir(parents=True, exist_ok=True)
    if vendor == "sqlite3":
        source = sqlite3.connect(str(db["NAME"]))
        dest = sqlite3.connect(str(target))
        try:
            with dest:
                source.backup(dest)
        finally:
            dest.close()
            source.close()
        owner_only(target)
    elif vendor == "postgresql":
        args, env = _pg_env(db)
        _run(["pg_dump", "--format=custom", "--no-owner", *args, "--file", str(target), db["NAME"]], env)
        owner_only(target)
    else:
        raise BackupError(f"no backup method for {vendor}")


def restore(db: dict[str, Any], source: Path) -> None:
    """Replace the database's whole content with the backup's."""
    if not source.exists():
        raise BackupError(f"{source} does not exist")
    vendor = db["ENGINE"].rsplit(".", 1)[-1]
    if vendor == "sqlite3":
        src = sqlite3.connect(str(source))
        dest = sqlite3.connect(str(db["NAME"]))
        try:
            with dest:
                src.backup(dest)
        finally:
            dest.close()
            src.close()
        owner_only(Path(db["NAME"]))
    elif vendor == "postgresql":
        args, env = _pg_env(db)
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *args,
                "--dbname",
                db["NAME"],
                str(source),
            ],
            env,
        )
    else:
        raise BackupError(f"no restore method for {vendor}")
