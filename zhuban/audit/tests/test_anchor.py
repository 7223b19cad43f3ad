"""The trail survives its own database: the database refuses to change it on either engine, and
what someone who can switch that refusal off does anyway is caught by ``audit_verify`` through
the head signed with a key the database never holds and the anchor file."""

from __future__ import annotations

import importlib
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from zhuban.audit.chain import HASHED_FIELDS, entry_digest, fields_of, head_mac
from zhuban.audit.models import AuditEntry, ChainHead
from zhuban.audit.tests.test_chain import raw
from zhuban.registry import services

pytestmark = pytest.mark.django_db


def verify(anchors: Path | None = None) -> str:
    out = StringIO()
    args = ["--anchors", str(anchors)] if anchors else []
    call_command("audit_verify", *args, stdout=out)
    return out.getvalue()


def refused(sql: str, params: list) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def entries() -> list[AuditEntry]:
    return list(AuditEntry.objects.order_by("seq"))


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_the_database_refuses_to_delete_an_entry(where):
    chain = entries()
    target = {"first": chain[0], "middle": chain[len(chain) // 2], "last": chain[-1]}[where]
    refused("DELETE FROM audit_auditentry WHERE id = %s", [target.pk])
    assert AuditEntry.objects.filter(pk=target.pk).exists()


def test_the_database_refuses_to_delete_every_entry_at_once():
    count = AuditEntry.objects.count()
    refused("DELETE FROM audit_auditentry", [])
    assert AuditEntry.objects.count() == count


@pytest.mark.parametrize("column", ["actor_id", "actor_label", "scheme", "hash"])
def test_the_database_refuses_to_update_any_column_of_an_entry(column):
    entry = entries()[3]
    value = {"actor_id": None, "actor_label": "someone", "scheme": 1, "hash": "f" * 64}[column]
    refused(f"UPDATE audit_auditentry SET {column} = %s WHERE id = %s", [value, entry.pk])  # noqa: S608


def test_the_database_refuses_to_remove_the_chain_head():
    refused("DELETE FROM audit_chainhead", [])


def test_the_database_refuses_to_wind_the_head_back():
    previous = entries()[-2]
    refused("UPDATE audit_chainhead SET seq = %s, hash = %s", [previous.seq, previous.hash])


def test_the_database_refuses_to_move_the_head_onto_an_entry_that_does_not_exist():
    head = ChainHead.objects.get()
    refused("UPDATE audit_chainhead SET seq = %s, hash = %s", [head.seq + 1, "e" * 64])
    refused("UPDATE audit_chainhead SET seq = %s, hash = %s", [head.seq + 1, head.hash])


def test_the_application_still_moves_the_head_forward(tongcheng_clerk, office_of):
    before = ChainHead.objects.get()
    office = office_of("通城县人民政府驻武汉办事处")
    services.office_update(actor=tongcheng_clerk, office=office, values={"headcount": office.headcount + 1})
    after = ChainHead.objects.get()
    assert after.seq == before.seq + 1
    assert after.mac == head_mac(settings.AUDIT_ANCHOR_KEY, after.seq, after.hash)
    assert "审计链完好" in verify()


def rehash_from(seq: int, **change) -> None:
    """What an attacker who owns the database but not the anchor key can do: rewrite an entry,
    recompute every hash after it, and point the head at the new end."""
    chain = entries()
    prev = chain[seq - 2].hash if seq > 1 else "0" * 64
    for entry in chain[seq - 1 :]:
        if entry.seq == seq:
            for name, value in change.items():
                setattr(entry, name, value)
        digest = entry_digest(fields_of(entry), prev)
        sets = ", ".join(f"{name} = %s" for name in change) if entry.seq == seq else ""
        values = list(change.values()) if entry.seq == seq else []
        sql = f"UPDATE audit_auditentry SET {sets + ', ' if sets else ''}prev_hash = %s, hash = %s WHERE id = %s"  # noqa: S608
        raw(sql, [*values, prev, digest, entry.pk])
        prev = digest
    raw("UPDATE audit_chainhead SET hash = %s", [prev])


def test_a_chain_rewritten_with_the_triggers_dropped_is_caught_by_the_signed_head():
    assert "审计链完好" in verify()
    rehash_from(5, reason="改写后的理由")
    with pytest.raises(CommandError, match="链头签名不符"):
        verify()


def test_an_actor_moved_onto_another_account_is_caught(tongcheng_clerk, chongyang_clerk, office_of):
    office = office_of("通城县人民政府驻武汉办事处")
    services.office_update(actor=tongcheng_clerk, office=office, values={"headcount": office.headcount + 1})
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.actor_id == tongcheng_clerk.pk
    raw("UPDATE audit_auditentry SET actor_id = %s WHERE id = %s", [chongyang_clerk.pk, entry.pk])
    with pytest.raises(CommandError, match=f"第 {entry.seq} 条记录处断裂：记录内容被改动"):
        verify()


def test_an_actor_moved_and_the_chain_rehashed_is_caught(tongcheng_clerk, chongyang_clerk, office_of):
    office = office_of("通城县人民政府驻武汉办事处")
    services.office_update(actor=tongcheng_clerk, office=office, values={"headcount": office.headcount + 1})
    entry = AuditEntry.objects.order_by("-seq").first()
    rehash_from(entry.seq, actor_id=chongyang_clerk.pk, actor_label="chongyang_clerk")
    with pytest.raises(CommandError, match="链头签名不符"):
        verify()


def test_an_entry_downgraded_to_the_old_scheme_is_caught():
    entry = entries()[4]
    assert entry.scheme == 2
    raw("UPDATE audit_auditentry SET scheme = 1 WHERE id = %s", [entry.pk])
    with pytest.raises(CommandError, match=f"第 {entry.seq} 条"):
        verify()


@pytest.mark.parametrize("cut", [1, 3])
def test_the_last_entries_deleted_and_the_head_moved_back_is_caught(cut):
    chain = entries()
    keep = chain[-cut - 1]
    raw("DELETE FROM audit_auditentry WHERE seq > %s", [keep.seq])
    raw("UPDATE audit_chainhead SET seq = %s, hash = %s", [keep.seq, keep.hash])
    with pytest.raises(CommandError, match="链头签名不符"):
        verify()


def test_a_head_replayed_from_before_the_daily_anchor_is_caught(tmp_path, tongcheng_clerk, office_of, settings):
    settings.AUDIT_ANCHOR_FILE = tmp_path / "anchors.log"
    old = ChainHead.objects.get()
    old_state = (old.seq, old.hash, old.mac)
    office = office_of("通城县人民政府驻武汉办事处")
    services.office_update(actor=tongcheng_clerk, office=office, values={"headcount": office.headcount + 1})
    services.office_update(actor=tongcheng_clerk, office=office, values={"headcount": office.headcount + 2})
    call_command("audit_anchor", stdout=StringIO())
    assert "审计链完好" in verify()
    # The attacker kept an earlier, validly signed head and puts it back over the cut.
    raw("DELETE FROM audit_auditentry WHERE seq > %s", [old_state[0]])
    raw("UPDATE audit_chainhead SET seq = %s, hash = %s, mac = %s", list(old_state))
    with pytest.raises(CommandError, match=f"第 {old_state[0] + 1} 条记录处断裂：记录缺失"):
        verify()


def test_a_forged_anchor_line_is_named(tmp_path):
    anchors = tmp_path / "anchors.log"
    head = ChainHead.objects.get()
    anchors.write_text(f"2015-08-31T00:00:00+08:00 {head.seq} {head.hash} {'0' * 64}\n", encoding="utf-8")
    with pytest.raises(CommandError, match="签名无效"):
        verify(anchors)


def test_an_anchor_that_disagrees_with_a_rewritten_entry_is_named(tmp_path, settings):
    settings.AUDIT_ANCHOR_FILE = tmp_path / "anchors.log"
    call_command("audit_anchor", stdout=StringIO())
    head = ChainHead.objects.get()
    # Even with the key the attacker cannot change what the anchor file already holds.
    rehash_from(head.seq, reason="改写")
    raw("UPDATE audit_chainhead SET mac = %s", [head_mac(settings.AUDIT_ANCHOR_KEY, head.seq, entries()[-1].hash)])
    with pytest.raises(CommandError, match="锚定文件"):
        verify()


def test_the_anchor_file_is_appended_to_and_readable_by_its_owner_only(tmp_path, settings):
    settings.AUDIT_ANCHOR_FILE = tmp_path / "anchors.log"
    call_command("audit_anchor", stdout=StringIO())
    call_command("audit_anchor", stdout=StringIO())
    assert len(settings.AUDIT_ANCHOR_FILE.read_text().splitlines()) == 2
    assert settings.AUDIT_ANCHOR_FILE.stat().st_mode & 0o777 == 0o600
    assert "审计链完好" in verify()


def test_every_field_that_says_who_did_what_is_in_the_hash():
    assert {"actor_id", "actor_label", "action", "at", "object_id", "scheme"} <= set(HASHED_FIELDS[2])


def as_before_the_schemes() -> int:
    """Make the database one of before migration 0003: every entry hashed under scheme 1."""
    prev = "0" * 64
    chain = entries()
    for entry in chain:
        entry.scheme = 1
        digest = entry_digest(fields_of(entry), prev)
        raw("UPDATE audit_auditentry SET scheme = 1, prev_hash = %s, hash = %s WHERE id = %s", [prev, digest, entry.pk])
        prev = digest
    raw("UPDATE audit_chainhead SET hash = %s, mac = ''", [prev])
    importlib.import_module("zhuban.audit.migrations.0003_anchor_and_sqlite_triggers").upgrade_and_sign(apps, None)
    return len(chain)


def test_entries_written_before_the_schemes_still_verify_under_their_own():
    old = as_before_the_schemes()
    upgrade = AuditEntry.objects.order_by("-seq").first()
    assert (upgrade.seq, upgrade.action, upgrade.scheme) == (old + 1, "audit.scheme_upgrade", 2)
    assert AuditEntry.objects.filter(scheme=1).count() == old
    assert "审计链完好" in verify()


@pytest.mark.parametrize("to", ["another account", "no account"])
def test_an_old_entry_moved_onto_another_account_is_caught_by_the_upgrade_entry(
    tongcheng_clerk, chongyang_clerk, office_of, to
):
    office = office_of("通城县人民政府驻武汉办事处")
    services.office_update(actor=tongcheng_clerk, office=office, values={"headcount": office.headcount + 1})
    old = as_before_the_schemes()
    target = AuditEntry.objects.filter(actor__isnull=False, seq__lte=old).order_by("seq").first()
    raw(
        "UPDATE audit_auditentry SET actor_id = %s WHERE id = %s",
        [chongyang_clerk.pk if to == "another account" else None, target.pk],
    )
    with pytest.raises(CommandError, match=f"第 {old + 1} 条记录处断裂：此前某条记录的操作人账号被改动"):
        verify()
