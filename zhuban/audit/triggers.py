"""The database's own refusal to change the trail, on both engines.

Entries: no UPDATE, no DELETE. A chain head: no DELETE, and an UPDATE only moves it forward
along its own chain onto an entry that exists with that hash, so it can never be wound back
over deleted entries nor moved onto another chain. PostgreSQL's entry trigger predates these
(migration 0002); TRUNCATE, which its test databases use to reset, is refused to the
application's role by grants (``manage.py db_app_role``).

Migration 0003 installed the heads' guard for the one chain of that time (generation 1, kept
here as it was so that the migration installs what it always did); migration 0004 replaced it
with the guard for one chain per jurisdiction (generation 2).

On SQLite anyone who can write the file can drop a trigger: there the signed heads
(``AUDIT_ANCHOR_KEY``) and the anchor file are what make tampering evident.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_ENTRY_NO_DELETE = (
    "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;"
)
_HEAD_NO_DELETE = (
    "CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_chainhead "
    "BEGIN SELECT RAISE(ABORT, 'the audit chain head is append-only: it cannot be removed'); END;"
)
_HEAD_REFUSED = "the audit chain head is append-only: it moves only forward onto an entry"

SQLITE_TRIGGERS_BY_GENERATION = {
    1: {
        "audit_entry_no_delete": _ENTRY_NO_DELETE,
        "audit_head_no_delete": _HEAD_NO_DELETE,
        "audit_head_forward_only": (
            "CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_chainhead "
            "WHEN NEW.seq <= OLD.seq OR NEW.hash IS NOT (SELECT hash FROM audit_auditentry WHERE seq = NEW.seq) "
            "BEGIN SELECT RAISE(ABORT, 'the audit chain head is append-only: it moves only forward onto an entry'); "
            "END;"
        ),
    },
    2: {
        "audit_entry_no_delete": _ENTRY_NO_DELETE,
        "audit_head_no_delete": _HEAD_NO_DELETE,
        "audit_head_forward_only": (
            "CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_chainhead "
            "WHEN NEW.chain IS NOT OLD.chain OR NEW.link <= OLD.link OR NEW.hash IS NOT "
            "(SELECT hash FROM audit_auditentry WHERE chain = NEW.chain AND link = NEW.link) "
            "BEGIN SELECT RAISE(ABORT, 'the audit chain head is append-only: it moves only forward onto an entry'); "
            "END;"
        ),
    },
}
# The triggers of the current schema (the test runner's reset and the tests name them).
SQLITE_TRIGGERS = SQLITE_TRIGGERS_BY_GENERATION[2]

# Migration 0002's update trigger. SQLite rebuilds a table to add a column, and the rebuild
# drops the table's triggers, so each schema change of the entries puts it back.
SQLITE_ENTRY_NO_UPDATE = (
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;"
)

_POSTGRES_HEAD_CONDITION = {
    1: "NEW.seq <= OLD.seq OR NEW.hash IS DISTINCT FROM (SELECT hash FROM audit_auditentry WHERE seq = NEW.seq)",
    2: "NEW.chain IS DISTINCT FROM OLD.chain OR NEW.link <= OLD.link OR NEW.hash IS DISTINCT FROM "
    "(SELECT hash FROM audit_auditentry WHERE chain = NEW.chain AND link = NEW.link)",
}


def _postgres(generation: int) -> list[str]:
    return [
        "CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger AS $$ BEGIN "
        "IF TG_OP = 'DELETE' THEN "
        "RAISE EXCEPTION 'the audit chain head is append-only: it cannot be removed'; END IF; "
        f"IF {_POSTGRES_HEAD_CONDITION[generation]} THEN "
        f"RAISE EXCEPTION '{_HEAD_REFUSED}'; END IF; "
        "RETURN NEW; END; $$ LANGUAGE plpgsql;",
        "CREATE TRIGGER audit_head_forward_only BEFORE UPDATE OR DELETE ON audit_chainhead "
        "FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();",
    ]


POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_head_forward_only ON audit_chainhead;",
    "DROP FUNCTION IF EXISTS audit_head_forward_only();",
]


def install(cursor: Any, vendor: str, generation: int = 2) -> None:
    if vendor == "sqlite":
        statements = [SQLITE_ENTRY_NO_UPDATE, *SQLITE_TRIGGERS_BY_GENERATION[generation].values()]
    else:
        statements = _postgres(generation) if vendor == "postgresql" else []
    for sql in statements:
        cursor.execute(sql)


def uninstall(cursor: Any, vendor: str) -> None:
    if vendor == "sqlite":
        statements = [f"DROP TRIGGER IF EXISTS {name};" for name in SQLITE_TRIGGERS]
    else:
        statements = POSTGRES_REVERSE if vendor == "postgresql" else []
    for sql in statements:
        cursor.execute(sql)


@contextmanager
def sqlite_flush_allowed(connection: Any) -> Iterator[None]:
    """For the test runner's reset between transactional tests only (SQLite flushes with DELETE;
    PostgreSQL's TRUNCATE needs nothing): the delete triggers are lifted and put back."""
    names = ("audit_entry_no_delete", "audit_head_no_delete")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name IN (%s, %s)",
            list(names),
        )
        present = [row[0] for row in cursor.fetchall()]
        for name in present:
            cursor.execute(f"DROP TRIGGER {name}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name in present:
                cursor.execute(SQLITE_TRIGGERS[name])
