"""Production runs as a PostgreSQL role that owns no table: connected as it, nobody can change
or remove audit entries, wind the chain head back, or drop or disable the triggers."""

from __future__ import annotations

import os
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from zhuban.audit.models import AuditEntry, ChainHead

pytestmark = pytest.mark.django_db

ROLE = f"zhuban_app_check_{os.getpid()}"


def pg(user: str, **kw):
    import psycopg

    s = connection.settings_dict
    return psycopg.connect(host=s["HOST"], port=s["PORT"] or 5432, user=user, dbname=s["NAME"], **kw)


@pytest.fixture
def app_role():
    if connection.vendor != "postgresql":
        pytest.skip("roles are PostgreSQL's")
    out = StringIO()
    call_command("db_app_role", ROLE, "--print", stdout=out)
    # Run as a DBA would run the printed script: as the owner, outside the test's transaction.
    owner = pg(connection.settings_dict["USER"], autocommit=True)
    owner.execute(out.getvalue())
    try:
        with pg(ROLE, autocommit=True) as app:
            yield app
    finally:
        owner.execute(f'DROP OWNED BY "{ROLE}"')
        owner.execute(f'DROP ROLE "{ROLE}"')
        owner.close()


ATTACKS = [
    "DELETE FROM audit_auditentry",
    "DELETE FROM audit_auditentry WHERE seq = (SELECT max(seq) FROM audit_auditentry)",
    "UPDATE audit_auditentry SET reason = 'x'",
    "UPDATE audit_auditentry SET actor_id = NULL",
    "TRUNCATE audit_auditentry CASCADE",
    "DELETE FROM audit_chainhead",
    "TRUNCATE audit_chainhead",
    "ALTER TABLE audit_auditentry DISABLE TRIGGER USER",
    "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only",
    "DROP TRIGGER audit_entry_append_only ON audit_auditentry",
    "DROP TRIGGER audit_head_forward_only ON audit_chainhead",
    "DROP FUNCTION audit_entry_append_only() CASCADE",
    "DROP TABLE audit_auditentry CASCADE",
    "ALTER TABLE audit_chainhead DISABLE TRIGGER ALL",
    "CREATE TABLE public.audit_shadow (id int)",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_the_application_role_cannot_change_the_trail_or_its_guards(app_role, attack):
    import psycopg

    count = AuditEntry.objects.count()
    with pytest.raises(psycopg.Error):
        app_role.execute(attack)
    assert AuditEntry.objects.count() == count


def test_the_application_role_cannot_wind_a_head_back(app_role):
    import psycopg

    previous = AuditEntry.objects.filter(chain="421222").order_by("-link")[1]
    with pytest.raises(psycopg.Error, match="append-only"):
        app_role.execute(
            "UPDATE audit_chainhead SET link = %s, hash = %s WHERE chain = %s", [previous.link, previous.hash, "421222"]
        )
    assert ChainHead.objects.get(chain="421222").link == AuditEntry.objects.filter(chain="421222").count()


def test_the_application_role_reads_the_trail_and_writes_ordinary_tables(app_role):
    assert app_role.execute("SELECT count(*) FROM audit_auditentry").fetchone()[0] == AuditEntry.objects.count()
    with app_role.transaction(force_rollback=True):
        app_role.execute("UPDATE registry_office SET headcount = headcount")
        app_role.execute("DELETE FROM django_session")


def test_the_role_may_not_be_the_tables_owner():
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="PostgreSQL"):
            call_command("db_app_role", "zhuban_app")
        return
    with pytest.raises(CommandError, match="must not be the role that owns"):
        call_command("db_app_role", connection.settings_dict["USER"], "--print")


def test_the_application_role_appends_to_the_trail_as_the_product_does(app_role):
    head = ChainHead.objects.get(chain="421222")
    with app_role.transaction(force_rollback=True):
        app_role.execute("SELECT link, hash FROM audit_chainhead WHERE chain = '421222' FOR UPDATE")
        seq = app_role.execute("SELECT nextval(pg_get_serial_sequence('audit_auditentry', 'id'))").fetchone()[0]
        app_role.execute(
            "INSERT INTO audit_auditentry (id, seq, chain, link, at, actor_label, action, object_type, object_id, "
            "object_label, subject_type, subject_id, jurisdiction_path, reason, prev_hash, hash, scheme) "
            "VALUES (%s, %s, '421222', %s, now(), 'system:check', 'unit.create', 'org.unit', '1', 'u', 'org.unit', "
            "'1', '/420000/421200/421222/', '', %s, %s, 3)",
            [seq, seq, head.link + 1, head.hash, "a" * 64],
        )
        app_role.execute(
            "UPDATE audit_chainhead SET link = %s, hash = %s, mac = 'm' WHERE chain = '421222'",
            [head.link + 1, "a" * 64],
        )
        assert (
            app_role.execute("SELECT link FROM audit_chainhead WHERE chain = '421222'").fetchone()[0] == head.link + 1
        )
        # A head written for the first time, as a county's first entry does.
        app_role.execute(
            "INSERT INTO audit_chainhead (chain, link, hash, mac) VALUES ('429999', 0, %s, '')", ["0" * 64]
        )
