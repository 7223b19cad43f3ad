"""The signed chain head, the hash scheme number, and append-only triggers on both engines.

Existing entries keep scheme 1: no entry is ever rewritten, so each verifies under the scheme it
was written with. What scheme 1 left out, the account id of each entry's actor, is sealed by one
scheme-2 entry appended here (``audit.scheme_upgrade``): it carries the digest of (seq, actor
id) of every entry before it. The head is then signed with AUDIT_ANCHOR_KEY, before the head
triggers exist.
"""

import hashlib

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

from zhuban.audit import triggers
from zhuban.audit.chain import SCHEME_UPGRADE, actor_ids_line, entry_digest, fields_of, head_mac


def upgrade_and_sign(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ChainHead = apps.get_model("audit", "ChainHead")
    head = ChainHead.objects.filter(pk=1).first()
    if head is None:
        return
    if head.seq:
        digest = hashlib.sha256()
        for seq, actor_id in AuditEntry.objects.order_by("seq").values_list("seq", "actor_id").iterator():
            digest.update(actor_ids_line(seq, actor_id))
        entry = AuditEntry(
            seq=head.seq + 1,
            at=timezone.now(),
            actor=None,
            actor_label="system:migrate",
            action=SCHEME_UPGRADE,
            object_type="audit.chainhead",
            object_id="1",
            object_label="审计链",
            subject_type="audit.chainhead",
            subject_id="1",
            jurisdiction_path="/",
            unit_id=None,
            before={"scheme": 1},
            after={"scheme": 2, "through_seq": head.seq, "actor_ids": digest.hexdigest()},
            reason="",
            prev_hash=head.hash,
            scheme=2,
        )
        entry.hash = entry_digest(fields_of(entry), entry.prev_hash)
        entry.save()
        head.seq, head.hash = entry.seq, entry.hash
    head.mac = head_mac(settings.AUDIT_ANCHOR_KEY, head.seq, head.hash)
    head.save(update_fields=["seq", "hash", "mac"])


def install(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        triggers.install(cursor, schema_editor.connection.vendor, generation=1)


def restore_update_trigger(apps, schema_editor):
    # Going back: removing the columns rebuilt the table on SQLite, which dropped 0002's trigger.
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(triggers.SQLITE_ENTRY_NO_UPDATE)


def uninstall(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        triggers.uninstall(cursor, schema_editor.connection.vendor)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_update_trigger),
        migrations.AddField(
            model_name="auditentry",
            name="scheme",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="哈希方案"),
        ),
        migrations.AddField(
            model_name="chainhead",
            name="mac",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(upgrade_and_sign, migrations.RunPython.noop),
        migrations.RunPython(install, uninstall),
    ]
