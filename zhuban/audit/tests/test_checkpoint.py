"""``audit_verify`` starts each chain where the last run found it intact (a checkpoint signed with
the anchor key); ``--full`` walks every chain from its first entry, as a check now and then."""

from __future__ import annotations

import pytest
from django.core.management import CommandError

from zhuban.audit.models import AuditEntry, ChainHead, Checkpoint
from zhuban.audit.queries import verify_chain
from zhuban.audit.tests.test_anchor import TONGCHENG, chain, verify
from zhuban.audit.tests.test_chain import raw
from zhuban.registry import services

pytestmark = pytest.mark.django_db


def edit(clerk, office_of, times: int = 1) -> None:
    office = office_of("通城县人民政府驻武汉办事处")
    for _ in range(times):
        office = services.office_update(actor=clerk, office=office, values={"headcount": office.headcount + 1})


def test_a_verification_leaves_a_signed_checkpoint_at_the_end_of_every_chain():
    assert "审计链完好" in verify()
    points = {p.chain: (p.link, p.hash) for p in Checkpoint.objects.all()}
    assert points == {h.chain: (h.link, h.hash) for h in ChainHead.objects.filter(link__gt=0)}


def test_the_next_verification_reads_only_what_was_written_since(tongcheng_clerk, office_of):
    total = AuditEntry.objects.count()
    assert verify_chain(incremental=True, checkpoint=True) == (total, None)
    edit(tongcheng_clerk, office_of, times=3)
    assert verify_chain(incremental=True, checkpoint=True) == (3, None)
    assert verify_chain(incremental=True) == (0, None)
    assert "自上次核验点起已核验 0 条记录" in verify()
    assert f"已从头核验 {total + 3} 条记录" in verify(full=True)


def test_tampering_after_the_checkpoint_is_caught(tongcheng_clerk, chongyang_clerk, office_of):
    verify()
    edit(tongcheng_clerk, office_of, times=2)
    entry = chain()[-2]
    raw("UPDATE audit_auditentry SET actor_id = %s WHERE id = %s", [chongyang_clerk.pk, entry.pk])
    with pytest.raises(CommandError, match=f"第 {entry.seq} 条记录处断裂（链内第 {entry.link} 环）：记录内容被改动"):
        verify()


def test_tampering_before_the_checkpoint_is_left_to_the_full_walk(tongcheng_clerk, office_of):
    verify()
    entry = chain()[3]
    raw("UPDATE audit_auditentry SET reason = %s WHERE id = %s", ["改写", entry.pk])
    assert "审计链完好" in verify()
    with pytest.raises(CommandError, match=f"第 {entry.seq} 条记录处断裂（链内第 {entry.link} 环）：记录内容被改动"):
        verify(full=True)


def test_the_entry_a_checkpoint_names_rewritten_is_caught_without_the_full_walk():
    verify()
    last = chain()[-1]
    raw("UPDATE audit_auditentry SET hash = %s WHERE id = %s", ["b" * 64, last.pk])
    with pytest.raises(CommandError, match="上次核验到的记录已不在原处或被改动"):
        verify()


@pytest.mark.parametrize(
    "forgery",
    ["moved forward over unverified entries", "another entry's hash", "signature of another chain", "unsigned"],
)
def test_a_forged_checkpoint_is_refused(tongcheng_clerk, office_of, forgery):
    verify()
    edit(tongcheng_clerk, office_of, times=2)
    newest = chain()[-1]
    point = Checkpoint.objects.get(chain=TONGCHENG)
    other = Checkpoint.objects.exclude(chain=TONGCHENG).first()
    sets = {
        # Someone who wants the verifier to skip what they just wrote.
        "moved forward over unverified entries": (
            "link = %s, seq = %s, hash = %s",
            [newest.link, newest.seq, newest.hash],
        ),
        "another entry's hash": ("hash = %s", [chain()[-2].hash]),
        "signature of another chain": ("mac = %s", [other.mac]),
        "unsigned": ("mac = %s", [""]),
    }[forgery]
    raw(f"UPDATE audit_checkpoint SET {sets[0]} WHERE id = %s", [*sets[1], point.pk])  # noqa: S608
    with pytest.raises(CommandError, match="核验点签名无效"):
        verify()


def test_a_failed_verification_moves_no_checkpoint(tongcheng_clerk, office_of):
    verify()
    before = {p.chain: (p.link, p.hash) for p in Checkpoint.objects.all()}
    edit(tongcheng_clerk, office_of)
    raw("UPDATE audit_auditentry SET reason = %s WHERE id = %s", ["改写", chain()[-1].pk])
    with pytest.raises(CommandError):
        verify()
    assert {p.chain: (p.link, p.hash) for p in Checkpoint.objects.all()} == before
