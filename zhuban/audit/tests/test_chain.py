"""The audit trail is append-only and tamper-evident, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from zhuban.audit.models import AppendOnlyError, AuditEntry
from zhuban.audit.triggers import SQLITE_TRIGGERS
from zhuban.registry import services

pytestmark = pytest.mark.django_db


def verify() -> str:
    from io import StringIO

    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def raw(sql: str, params: list) -> None:
    """Tamper as an attacker who owns the database would: triggers off, then raw SQL."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks of this test's writes would forbid the ALTER.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
            cursor.execute("ALTER TABLE audit_chainhead DISABLE TRIGGER USER")
        else:
            for name in ("audit_entry_no_update", *SQLITE_TRIGGERS):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(sql, params)


def test_the_seeded_chain_verifies():
    assert "审计链完好" in verify()


def test_every_change_made_by_the_registry_is_chained_after_the_last_of_its_jurisdiction(tongcheng_clerk, office_of):
    office = office_of("通城县人民政府驻武汉办事处")
    last = AuditEntry.objects.filter(chain="421222").order_by("-link").first()
    services.office_update(actor=tongcheng_clerk, office=office, values={"headcount": 5})
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.chain, entry.link, entry.prev_hash) == ("421222", last.link + 1, last.hash)
    assert entry.seq > last.seq
    assert entry.actor_label == "tongcheng_clerk"
    assert "审计链完好" in verify()


def test_entries_cannot_be_changed_or_deleted_through_the_orm():
    entry = AuditEntry.objects.first()
    entry.reason = "改写"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="改写")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


def test_the_database_itself_refuses_an_update():
    entry = AuditEntry.objects.first()
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET reason = %s WHERE id = %s", ["x", entry.pk])


def test_a_rewritten_entry_is_named_by_the_verifier():
    target = AuditEntry.objects.order_by("seq")[5]
    raw("UPDATE audit_auditentry SET after = %s WHERE id = %s", ['{"headcount": 99}', target.pk])
    with pytest.raises(CommandError, match=f"第 {target.seq} 条"):
        verify()


def test_a_removed_entry_in_the_middle_is_named_by_the_verifier():
    target = AuditEntry.objects.filter(chain="421222").order_by("link")[7]
    raw("DELETE FROM audit_auditentry WHERE id = %s", [target.pk])
    with pytest.raises(CommandError, match=f"审计链 421222 .*链内第 {target.link} 环）：记录缺失"):
        verify()


def test_a_removed_last_entry_is_caught_by_the_chain_head():
    last = AuditEntry.objects.filter(chain="421222").order_by("-link").first()
    raw("DELETE FROM audit_auditentry WHERE id = %s", [last.pk])
    with pytest.raises(CommandError, match=f"审计链 421222 .*链内第 {last.link} 环）：记录缺失"):
        verify()


def test_a_failed_write_leaves_neither_the_change_nor_its_entry(tongcheng_clerk, office_of):
    office = office_of("通城县人民政府驻武汉办事处")
    count = AuditEntry.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - any failure midway
        services.office_update(actor=tongcheng_clerk, office=office, values={"headcount": -3})
    assert AuditEntry.objects.count() == count
