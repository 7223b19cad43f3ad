"""The signed chain head, the hash scheme number, and append-only triggers on both engines.

Existing entries keep scheme 1 (their hashes are never rewritten); the existing head is signed
with AUDIT_ANCHOR_KEY before the head triggers exist.
"""

from django.conf import settings
from django.db import migrations, models

from zhuban.audit import triggers
from zhuban.audit.chain import head_mac


def sign_head(apps, schema_editor):
    ChainHead = apps.get_model("audit", "ChainHead")
    for head in ChainHead.objects.using(schema_editor.connection.alias).all():
        head.mac = head_mac(settings.AUDIT_ANCHOR_KEY, head.seq, head.hash)
        head.save(update_fields=["mac"])


def install(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        triggers.install(cursor, schema_editor.connection.vendor)


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
        migrations.RunPython(sign_head, migrations.RunPython.noop),
        migrations.RunPython(install, uninstall),
    ]
