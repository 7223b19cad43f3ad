"""The PostgreSQL role the application runs as in production.

Migrations run as the role that owns the tables. The application connects as another role that
owns nothing: it may read and write the ordinary tables, but on the audit trail it may only read
and append (no UPDATE, DELETE or TRUNCATE of entries; the chain head may be updated, which its
trigger allows only forward). Not owning the tables, it cannot ALTER them, so it cannot disable
or drop their triggers either.
"""

from __future__ import annotations

from psycopg import sql

APPEND_ONLY = {
    "audit_auditentry": "UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER",
    "audit_chainhead": "DELETE, TRUNCATE, REFERENCES, TRIGGER",
}


def app_role_statements(role: str, database: str, owner: str, password: str | None = None) -> list[sql.Composable]:
    """The statements, run as ``owner`` (the tables' owner), that create or correct ``role``."""
    r, db, own = sql.Identifier(role), sql.Identifier(database), sql.Identifier(owner)
    statements: list[sql.Composable] = [
        sql.SQL(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {name}) THEN "
            "CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS; "
            "END IF; END $$"
        ).format(name=sql.Literal(role), role=r),
        sql.SQL("ALTER ROLE {} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS").format(r),
    ]
    if password:
        statements.append(sql.SQL("ALTER ROLE {} PASSWORD {}").format(r, sql.Literal(password)))
    statements += [
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(db, r),
        sql.SQL("REVOKE CREATE ON SCHEMA public FROM PUBLIC"),
        sql.SQL("REVOKE ALL ON SCHEMA public FROM {}").format(r),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(r),
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(r),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(r),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(r),
        # Tables that later migrations create: the same ordinary rights, without another run.
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}"
        ).format(own, r),
        sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {}").format(
            own, r
        ),
    ]
    for table, privileges in APPEND_ONLY.items():
        statements.append(sql.SQL("REVOKE " + privileges + " ON {} FROM {}").format(sql.Identifier(table), r))
    return statements
