"""The trail survives its own database: the database refuses to change it on either engine, and
what someone who can switch that refusal off does anyway is caught by ``audit_verify`` through
the head signed with a key the database never holds and the anchor file."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from zhuban.audit.chain import HASHED_FIELDS, entry_digest, fields_of, head_mac
from zhuban.audit.models import AuditEntry, ChainHead
from zhuban.audit.tests.test_chain import raw
from zhuban.registry import services

pytestmark = pytest.mark.django_db


def verify(anchors: Path | None = None, *, full: bool = False) -> str:
    out = StringIO()
    args = ["--anchors", str(anchors)] if anchors else []
    call_command("audit_verify", *args, *(["--full"] if full else []), stdout=out)
    return out.getvalue()


def refused(sql: str, params: list) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def entries() -> list[AuditEntry]:
    return list(AuditEntry.objects.order_by("seq"))


# 通城县's chain: its clerk's edits and the seeded records of its offices are linked there.
TONGCHENG = "421222"


def chain(key: str = TONGCHENG) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(chain=key).order_by("link"))


def head(key: str = TONGCHENG) -> ChainHead:
    return ChainHead.objects.get(chain=key)


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


def test_the_database_refuses_to_remove_a_chain_head():
    refused("DELETE FROM audit_chainhead", [])
    refused("DELETE FROM audit_chainhead WHERE chain = %s", [TONGCHENG])


def test_the_database_refuses_to_wind_a_head_back():
    previous = chain()[-2]
    refused(
        "UPDATE audit_chainhead SET link = %s, hash = %s WHERE chain = %s", [previous.link, previous.hash, TONGCHENG]
    )


def test_the_database_refuses_to_move_a_head_onto_an_entry_that_does_not_exist():
    last = head()
    refused("UPDATE audit_chainhead SET link = %s, hash = %s WHERE chain = %s", [last.link + 1, "e" * 64, TONGCHENG])
    refused("UPDATE audit_chainhead SET link = %s, hash = %s WHERE chain = %s", [last.link + 1, last.hash, TONGCHENG])


def test_the_database_refuses_to_move_a_head_onto_another_chain():
    other = AuditEntry.objects.exclude(chain=TONGCHENG).filter(link__gt=head().link).order_by("link").first()
    refused("UPDATE audit_chainhead SET link = %s, hash = %s WHERE chain = %s", [other.link, other.hash, TONGCHENG])
    refused("UPDATE audit_chainhead SET chain = %s WHERE chain = %s", [other.chain + "x", TONGCHENG])


def test_the_application_moves_only_the_head_of_the_chain_it_writes_to(tongcheng_clerk, office_of):
    before = {h.chain: (h.link, h.hash) for h in ChainHead.objects.all()}
    office = office_of("通城县人民政府驻武汉办事处")
    services.office_update(actor=tongcheng_clerk, office=office, values={"headcount": office.headcount + 1})
    after = head()
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.chain, entry.link, entry.prev_hash) == (TONGCHENG, before[TONGCHENG][0] + 1, before[TONGCHENG][1])
    assert (after.link, after.hash) == (entry.link, entry.hash)
    assert after.mac == head_mac(settings.AUDIT_ANCHOR_KEY, after.link, after.hash, TONGCHENG)
    assert {h.chain: (h.link, h.hash) for h in ChainHead.objects.exclude(chain=TONGCHENG)} == {
        key: state for key, state in before.items() if key != TONGCHENG
    }
    assert "审计链完好" in verify(full=True)


def test_a_jurisdiction_keeps_its_chain_whatever_its_path():
    from zhuban.audit.chain import chain_of

    assert chain_of("/420000/421200/421222/") == chain_of("/421200/421222/") == TONGCHENG
    assert chain_of("/") == "/"


def rehash_from(target: AuditEntry, **change) -> None:
    """What an attacker who owns the database but not the anchor key can do: rewrite an entry,
    recompute every hash after it in its chain, and point the chain's head at the new end."""
    links = chain(target.chain)
    assert target.link is not None
    prev = links[target.link - 2].hash if target.link > 1 else "0" * 64
    for entry in links[target.link - 1 :]:
        if entry.seq == target.seq:
            for name, value in change.items():
                setattr(entry, name, value)
        digest = entry_digest(fields_of(entry), prev)
        sets = ", ".join(f"{name} = %s" for name in change) if entry.seq == target.seq else ""
        values = list(change.values()) if entry.seq == target.seq else []
        sql = f"UPDATE audit_auditentry SET {sets + ', ' if sets else ''}prev_hash = %s, hash = %s WHERE id = %s"  # noqa: S608
        raw(sql, [*values, prev, digest, entry.pk])
        prev = digest
    raw("UPDATE audit_chainhead SET hash = %s WHERE chain = %s", [prev, target.chain])


def test_a_chain_rewritten_with_the_triggers_dropped_is_caught_by_the_signed_head():
    rehash_from(chain()[4], reason="改写后的理由")
    with pytest.raises(CommandError, match="链头签名不符"):
        verify()


def test_a_chain_rewritten_after_a_verification_is_caught_by_its_checkpoint_and_by_the_head():
    assert "审计链完好" in verify()
    rehash_from(chain()[4], reason="改写后的理由")
    with pytest.raises(CommandError, match="上次核验到的记录已不在原处或被改动"):
        verify()
    with pytest.raises(CommandError, match="链头签名不符"):
        verify(full=True)


def test_an_actor_moved_onto_another_account_is_caught(tongcheng_clerk, chongyang_clerk, office_of):
    office = office_of("通城县人民政府驻武汉办事处")
    services.office_update(actor=tongcheng_clerk, office=office, values={"headcount": office.headcount + 1})
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.actor_id == tongcheng_clerk.pk
    raw("UPDATE audit_auditentry SET actor_id = %s WHERE id = %s", [chongyang_clerk.pk, entry.pk])
    with pytest.raises(CommandError, match=f"第 {entry.seq} 条记录处断裂（链内第 {entry.link} 环）：记录内容被改动"):
        verify()


def test_an_actor_moved_and_the_chain_rehashed_is_caught(tongcheng_clerk, chongyang_clerk, office_of):
    office = office_of("通城县人民政府驻武汉办事处")
    services.office_update(actor=tongcheng_clerk, office=office, values={"headcount": office.headcount + 1})
    entry = AuditEntry.objects.order_by("-seq").first()
    rehash_from(entry, actor_id=chongyang_clerk.pk, actor_label="chongyang_clerk")
    with pytest.raises(CommandError, match="链头签名不符"):
        verify()


@pytest.mark.parametrize("scheme", [1, 2])
def test_an_entry_downgraded_to_a_scheme_that_does_not_hash_its_chain_is_caught(scheme):
    entry = chain()[4]
    assert entry.scheme == 3
    raw("UPDATE audit_auditentry SET scheme = %s WHERE id = %s", [scheme, entry.pk])
    with pytest.raises(CommandError, match=f"第 {entry.seq} 条"):
        verify()


def test_an_entry_moved_to_another_chain_is_caught():
    entry = chain()[4]
    raw("UPDATE audit_auditentry SET chain = %s WHERE id = %s", ["429999", entry.pk])
    with pytest.raises(CommandError, match=f"审计链 421222 .*链内第 {entry.link} 环）：记录缺失"):
        verify()


@pytest.mark.parametrize("cut", [1, 3])
def test_the_last_entries_deleted_and_the_head_moved_back_is_caught(cut):
    keep = chain()[-cut - 1]
    raw("DELETE FROM audit_auditentry WHERE chain = %s AND link > %s", [TONGCHENG, keep.link])
    raw("UPDATE audit_chainhead SET link = %s, hash = %s WHERE chain = %s", [keep.link, keep.hash, TONGCHENG])
    with pytest.raises(CommandError, match="链头签名不符"):
        verify()


def test_a_whole_chain_removed_after_the_daily_anchor_is_caught(tmp_path, settings):
    settings.AUDIT_ANCHOR_FILE = tmp_path / "anchors.log"
    call_command("audit_anchor", stdout=StringIO())
    raw("DELETE FROM audit_auditentry WHERE chain = %s", [TONGCHENG])
    raw("DELETE FROM audit_chainhead WHERE chain = %s", [TONGCHENG])
    with pytest.raises(CommandError, match="审计链 421222 .*链内第 1 环）：记录缺失"):
        verify()


def test_a_head_replayed_from_before_the_daily_anchor_is_caught(tmp_path, tongcheng_clerk, office_of, settings):
    settings.AUDIT_ANCHOR_FILE = tmp_path / "anchors.log"
    old = head()
    old_state = (old.link, old.hash, old.mac)
    office = office_of("通城县人民政府驻武汉办事处")
    services.office_update(actor=tongcheng_clerk, office=office, values={"headcount": office.headcount + 1})
    services.office_update(actor=tongcheng_clerk, office=office, values={"headcount": office.headcount + 2})
    call_command("audit_anchor", stdout=StringIO())
    # The attacker kept an earlier, validly signed head and puts it back over the cut.
    raw("DELETE FROM audit_auditentry WHERE chain = %s AND link > %s", [TONGCHENG, old_state[0]])
    raw("UPDATE audit_chainhead SET link = %s, hash = %s, mac = %s WHERE chain = %s", [*old_state, TONGCHENG])
    with pytest.raises(CommandError, match=f"链内第 {old_state[0] + 1} 环）：记录缺失"):
        verify()


def test_a_forged_anchor_line_is_named(tmp_path):
    anchors = tmp_path / "anchors.log"
    last = head()
    anchors.write_text(f"2015-08-31T00:00:00+08:00 {TONGCHENG} {last.link} {last.hash} {'0' * 64}\n", encoding="utf-8")
    with pytest.raises(CommandError, match="签名无效"):
        verify(anchors)


def test_an_anchor_that_disagrees_with_a_rewritten_entry_is_named(tmp_path, settings):
    settings.AUDIT_ANCHOR_FILE = tmp_path / "anchors.log"
    call_command("audit_anchor", stdout=StringIO())
    # Even with the key the attacker cannot change what the anchor file already holds.
    rehash_from(chain()[-1], reason="改写")
    last = chain()[-1]
    raw(
        "UPDATE audit_chainhead SET mac = %s WHERE chain = %s",
        [head_mac(settings.AUDIT_ANCHOR_KEY, last.link, last.hash, TONGCHENG), TONGCHENG],
    )
    with pytest.raises(CommandError, match="锚定文件"):
        verify()


def test_the_anchor_file_gets_the_heads_that_moved_and_is_readable_by_its_owner_only(
    tmp_path, settings, tongcheng_clerk, office_of
):
    settings.AUDIT_ANCHOR_FILE = tmp_path / "anchors.log"
    call_command("audit_anchor", stdout=StringIO())
    first = settings.AUDIT_ANCHOR_FILE.read_text().splitlines()
    assert len(first) == ChainHead.objects.filter(link__gt=0).count()
    call_command("audit_anchor", stdout=StringIO())
    assert settings.AUDIT_ANCHOR_FILE.read_text().splitlines() == first
    office = office_of("通城县人民政府驻武汉办事处")
    services.office_update(actor=tongcheng_clerk, office=office, values={"headcount": office.headcount + 1})
    call_command("audit_anchor", stdout=StringIO())
    added = settings.AUDIT_ANCHOR_FILE.read_text().splitlines()[len(first) :]
    assert [line.split()[1:3] for line in added] == [[TONGCHENG, str(head().link)]]
    assert settings.AUDIT_ANCHOR_FILE.stat().st_mode & 0o777 == 0o600
    assert "审计链完好" in verify()


def test_every_field_that_says_who_did_what_is_in_the_hash():
    assert {"actor_id", "actor_label", "action", "at", "object_id", "scheme"} <= set(HASHED_FIELDS[2])
    assert {*HASHED_FIELDS[2], "chain", "link"} == set(HASHED_FIELDS[3])
