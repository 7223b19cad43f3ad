"""Backup and restore of the whole database, one way per engine.

SQLite: the online backup API copies a live database page by page, consistently, even while
others write (copying the file during a write does not). PostgreSQL: pg_dump's custom format
and pg_restore, which take seconds even at national scale.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any


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
    elif vendor == "postgresql":
        args, env = _pg_env(db)
        _run(["pg_dump", "--format=custom", "--no-owner", *args, "--file", str(target), db["NAME"]], env)
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
