"""A trail written before the hash schemes (audit 0002) goes through migrations 0003 and 0004: no
entry is rewritten, every one verifies under scheme 1, one scheme-2 entry seals their account
ids, the head is signed, they stay one closed chain beside the chains per jurisdiction that new
entries join, and the database refuses changes again on both engines."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from zhuban.audit.chain import GENESIS, entry_digest, fields_of, head_mac
from zhuban.audit.models import AuditEntry, ChainHead
from zhuban.audit.queries import ChainBreak, verify_chain
from zhuban.audit.services import Actor, audit_record
from zhuban.audit.tests.test_chain import raw
from zhuban.org.models import Jurisdiction

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_SCHEMES = [("audit", "0002_append_only_triggers")]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(targets).apps if targets else None


def a_scheme_1_trail() -> tuple[list[tuple], str]:
    """Three entries written by the first version (one by a clerk's account); their stored
    columns and the hash of the last."""
    call_command("flush", "--no-input", verbosity=0)
    old_apps = migrate(BEFORE_SCHEMES)
    OldEntry = old_apps.get_model("audit", "AuditEntry")
    OldHead = old_apps.get_model("audit", "ChainHead")
    clerk = get_user_model().objects.create(username="old_clerk")
    prev, start = GENESIS, timezone.now() - timedelta(days=30)
    for seq in (1, 2, 3):
        entry = OldEntry(
            seq=seq,
            at=start + timedelta(minutes=seq),
            actor_id=clerk.pk if seq == 2 else None,
            actor_label="old_clerk" if seq == 2 else "system:first_version",
            action="office.update",
            object_type="registry.office",
            object_id=str(seq),
            object_label=f"办事处{seq}",
            subject_type="registry.office",
            subject_id=str(seq),
            jurisdiction_path="/421200/",
            before={"headcount": seq},
            after={"headcount": seq + 1},
            prev_hash=prev,
        )
        entry.hash = prev = entry_digest(fields_of(entry), prev)  # no scheme attribute: scheme 1
        entry.save()
    OldHead.objects.create(pk=1, seq=3, hash=prev)
    return list(OldEntry.objects.order_by("seq").values_list("seq", "actor_id", "prev_hash", "hash")), prev


def test_a_scheme_1_trail_is_upgraded_without_rewriting_an_entry():
    stored, prev = a_scheme_1_trail()

    migrate()

    kept = list(
        AuditEntry.objects.filter(seq__lte=3).order_by("seq").values_list("seq", "actor_id", "prev_hash", "hash")
    )
    assert kept == stored
    assert set(AuditEntry.objects.filter(seq__lte=3).values_list("scheme", flat=True)) == {1}
    upgrade = AuditEntry.objects.get(seq=4)
    assert (upgrade.action, upgrade.scheme, upgrade.prev_hash) == ("audit.scheme_upgrade", 2, prev)
    # They stay, untouched, the closed legacy chain: no link, seq for position, its head as signed.
    assert set(AuditEntry.objects.values_list("chain", "link")) == {("", None)}
    head = ChainHead.objects.get()
    assert (head.chain, head.link, head.hash) == ("", 4, upgrade.hash)
    assert head.mac == head_mac(settings.AUDIT_ANCHOR_KEY, 4, upgrade.hash)
    assert verify_chain() == (4, None)
    # The rebuilt tables kept their guards.
    for sql in (
        "UPDATE audit_auditentry SET reason = 'x'",
        "DELETE FROM audit_auditentry",
        "DELETE FROM audit_chainhead",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)


def test_new_entries_join_their_jurisdictions_chain_and_leave_the_legacy_chain_closed():
    stored, _ = a_scheme_1_trail()
    migrate()
    legacy = ChainHead.objects.get(chain="")
    place = Jurisdiction.objects.create(
        code="421222", name="通城县", kind="county", level="county", path="/420000/421200/421222/"
    )
    with transaction.atomic():
        entry = audit_record(
            actor=Actor.system("check"),
            action="unit.create",
            obj=place,
            subject=place,
            jurisdiction_path=place.path,
            unit_id=None,
            before=None,
            after={"name": place.name},
        )
    assert (entry.chain, entry.link, entry.prev_hash, entry.scheme) == ("421222", 1, GENESIS, 3)
    assert entry.seq > 4
    assert (ChainHead.objects.get(chain="").link, ChainHead.objects.get(chain="").hash) == (legacy.link, legacy.hash)
    assert verify_chain() == (5, None)


@pytest.mark.parametrize("to", ["another account", "no account"])
def test_an_old_entry_moved_onto_another_account_is_caught_by_the_upgrade_entry(to):
    a_scheme_1_trail()
    migrate()
    other = get_user_model().objects.create(username="someone_else")
    target = AuditEntry.objects.get(seq=2)
    with transaction.atomic():
        raw(
            "UPDATE audit_auditentry SET actor_id = %s WHERE id = %s",
            [other.pk if to == "another account" else None, target.pk],
        )
        assert verify_chain() == (3, ChainBreak(4, "actor_ids", "", 4))
        transaction.set_rollback(True)
