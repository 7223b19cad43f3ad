"""Money exact on every engine (amounts become integers of fen, zhuban.lib.money.MoneyField,
existing values converted in place); business entities' decoupling (脱钩) as a sub-task, with
the sub-task added to dossiers already open."""

import django.core.validators
import django.db.models.deletion
import zhuban.lib.money
from decimal import Decimal
from django.db import migrations, models

from zhuban.lib.money import units_migration


def add_decoupling_tasks(apps, schema_editor):
    Dossier = apps.get_model("consolidation", "Dossier")
    Task = apps.get_model("consolidation", "Task")
    for dossier in Dossier.objects.select_related("office__sponsor"):
        if Task.objects.filter(dossier=dossier, kind="decoupling").exists():
            continue
        first = Task.objects.filter(dossier=dossier).order_by("id").first()
        if first is not None:
            Task.objects.create(
                dossier=dossier, kind="decoupling", owner=dossier.office.sponsor.name, due_on=first.due_on
            )


class Migration(migrations.Migration):
    dependencies = [
        ("consolidation", "0001_initial"),
        ("registry", "0002_exact_money"),
    ]

    operations = [
        *units_migration(
            "consolidation",
            "carrieditem",
            "value",
            zhuban.lib.money.MoneyField(
                blank=True, decimal_places=2, max_digits=16, null=True, verbose_name="金额（元）"
            ),
        ),
        *units_migration(
            "consolidation",
            "disposal",
            "appraisal_value",
            zhuban.lib.money.MoneyField(
                blank=True,
                decimal_places=2,
                max_digits=16,
                null=True,
                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                verbose_name="评估价值（元）",
            ),
        ),
        *units_migration(
            "consolidation",
            "disposal",
            "book_value",
            zhuban.lib.money.MoneyField(
                decimal_places=2,
                max_digits=16,
                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                verbose_name="账面价值（元）",
            ),
        ),
        *units_migration(
            "consolidation",
            "disposal",
            "price",
            zhuban.lib.money.MoneyField(
                blank=True,
                decimal_places=2,
                max_digits=16,
                null=True,
                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                verbose_name="成交价格（元）",
            ),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="task",
            field=models.CharField(
                choices=[
                    ("deregistration", "注销机构"),
                    ("quota", "收回编制"),
                    ("assets", "资产处置"),
                    ("money", "资金与债权债务"),
                    ("staff", "人员安置"),
                    ("merge", "整合移交"),
                    ("decoupling", "经营性实体脱钩"),
                ],
                max_length=20,
                verbose_name="子任务",
            ),
        ),
        *units_migration(
            "consolidation",
            "obligation",
            "amount",
            zhuban.lib.money.MoneyField(
                decimal_places=2,
                max_digits=16,
                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                verbose_name="账面余额（元）",
            ),
        ),
        *units_migration(
            "consolidation",
            "settlement",
            "amount",
            zhuban.lib.money.MoneyField(
                decimal_places=2,
                max_digits=16,
                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                verbose_name="金额（元）",
            ),
        ),
        migrations.AlterField(
            model_name="task",
            name="kind",
            field=models.CharField(
                choices=[
                    ("deregistration", "注销机构"),
                    ("quota", "收回编制"),
                    ("assets", "资产处置"),
                    ("money", "资金与债权债务"),
                    ("staff", "人员安置"),
                    ("merge", "整合移交"),
                    ("decoupling", "经营性实体脱钩"),
                ],
                max_length=20,
                verbose_name="子任务",
            ),
        ),
        migrations.CreateModel(
            name="Decoupling",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("receiver", models.CharField(blank=True, max_length=100, verbose_name="接收单位")),
                ("document", models.CharField(max_length=100, verbose_name="脱钩文号")),
                ("decoupled_on", models.DateField(verbose_name="脱钩日期")),
                ("recorded_at", models.DateTimeField(verbose_name="录入时间")),
                (
                    "dossier",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="decouplings",
                        to="consolidation.dossier",
                        verbose_name="整合档案",
                    ),
                ),
                (
                    "entity",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="decoupling_record",
                        to="registry.businessentity",
                        verbose_name="经营性实体",
                    ),
                ),
            ],
            options={
                "verbose_name": "经营性实体脱钩",
                "verbose_name_plural": "经营性实体脱钩",
                "ordering": ["dossier", "entity_id"],
            },
        ),
        migrations.RunPython(add_decoupling_tasks, migrations.RunPython.noop),
    ]
