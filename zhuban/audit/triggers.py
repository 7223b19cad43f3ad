"""The database's own refusal to change the trail, on both engines (installed by migration
0003_anchor_and_sqlite_triggers).

Entries: no UPDATE, no DELETE. The chain head: no DELETE, and an UPDATE only moves it forward
onto an entry that exists with that hash, so it can never be wound back over deleted entries.
PostgreSQL's entry trigger predates these (0002); TRUNCATE, which its test databases use to
reset, is refused to the application's role by grants (``manage.py db_app_role``).

On SQLite anyone who can write the file can drop a trigger: there the signed head
(``AUDIT_ANCHOR_KEY``) and the anchor file are what make tampering evident.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

SQLITE_TRIGGERS = {
    "audit_entry_no_delete": (
        "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_auditentry "
        "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;"
    ),
    "audit_head_no_delete": (
        "CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_chainhead "
        "BEGIN SELECT RAISE(ABORT, 'the audit chain head is append-only: it cannot be removed'); END;"
    ),
    "audit_head_forward_only": (
        "CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_chainhead "
        "WHEN NEW.seq <= OLD.seq OR NEW.hash IS NOT (SELECT hash FROM audit_auditentry WHERE seq = NEW.seq) "
        "BEGIN SELECT RAISE(ABORT, 'the audit chain head is append-only: it moves only forward onto an entry'); END;"
    ),
}

# Migration 0002's update trigger. SQLite rebuilds a table to add a column, and the rebuild
# drops the table's triggers, so each schema change of the entries puts it back.
SQLITE_ENTRY_NO_UPDATE = (
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;"
)

POSTGRES = [
    "CREATE FUNCTION audit_head_forward_only() RETURNS trigger AS $$ BEGIN "
    "IF TG_OP = 'DELETE' THEN "
    "RAISE EXCEPTION 'the audit chain head is append-only: it cannot be removed'; END IF; "
    "IF NEW.seq <= OLD.seq OR NEW.hash IS DISTINCT FROM "
    "(SELECT hash FROM audit_auditentry WHERE seq = NEW.seq) THEN "
    "RAISE EXCEPTION 'the audit chain head is append-only: it moves only forward onto an entry'; END IF; "
    "RETURN NEW; END; $$ LANGUAGE plpgsql;",
    "CREATE TRIGGER audit_head_forward_only BEFORE UPDATE OR DELETE ON audit_chainhead "
    "FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER audit_head_forward_only ON audit_chainhead;",
    "DROP FUNCTION audit_head_forward_only();",
]


def install(cursor: Any, vendor: str) -> None:
    if vendor == "sqlite":
        statements = [SQLITE_ENTRY_NO_UPDATE, *SQLITE_TRIGGERS.values()]
    else:
        statements = POSTGRES if vendor == "postgresql" else []
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
