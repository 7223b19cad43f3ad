"""One chain per jurisdiction, and the verifier's signed checkpoints.

Every audited write used to lock the one chain head until its transaction committed, so a
one-row edit in one county waited for another county's whole import. Entries now join the chain
of their jurisdiction (scheme 3 hashes the chain and the position in it), each chain with its
own signed head. The entries written so far stay where they are, untouched: they form the closed
legacy chain (chain "", no link, their seq is their position), whose head keeps its signature.
The heads' guard is replaced by one that moves a head only along its own chain.
"""

from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations, models

from zhuban.audit import triggers


def uninstall(apps, schema_editor):
    # SQLite rebuilds the tables below, which drops their triggers; PostgreSQL's head guard
    # names a column that is renamed. Both are put back by install() at the end.
    with schema_editor.connection.cursor() as cursor:
        triggers.uninstall(cursor, schema_editor.connection.vendor)
        if schema_editor.connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")


def install(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        triggers.install(cursor, connection.vendor, generation=2)
        # The one head was created with an explicit id 1, which left PostgreSQL's id sequence of
        # the heads unused: the next head would be given id 1 again.
        for sql in connection.ops.sequence_reset_sql(no_style(), [apps.get_model("audit", "ChainHead")]):
            cursor.execute(sql)


def install_previous(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        triggers.install(cursor, schema_editor.connection.vendor, generation=1)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_anchor_and_sqlite_triggers'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(uninstall, install_previous),
        migrations.CreateModel(
            name='Checkpoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('chain', models.CharField(max_length=40, unique=True)),
                ('link', models.BigIntegerField()),
                ('seq', models.BigIntegerField()),
                ('hash', models.CharField(max_length=64)),
                ('verified_at', models.DateTimeField()),
                ('mac', models.CharField(max_length=64)),
            ],
            options={
                'verbose_name': '审计核验点',
            },
        ),
        migrations.RenameField(
            model_name='chainhead',
            old_name='seq',
            new_name='link',
        ),
        migrations.AddField(
            model_name='auditentry',
            name='chain',
            field=models.CharField(blank=True, default='', max_length=40, verbose_name='链'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='link',
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name='链内序号'),
        ),
        migrations.AddField(
            model_name='chainhead',
            name='chain',
            field=models.CharField(default='', max_length=40, unique=True),
        ),
        migrations.AddIndex(
            model_name='auditentry',
            index=models.Index(fields=['chain', 'seq'], name='audit_chain_seq_idx'),
        ),
        migrations.AddConstraint(
            model_name='auditentry',
            constraint=models.UniqueConstraint(fields=('chain', 'link'), name='audit_chain_link_unique'),
        ),
        migrations.RunPython(install, uninstall),
    ]
