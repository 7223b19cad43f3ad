"""Money exact on every engine: the registry's amounts become integers of hundredths
(zhuban.lib.money.MoneyField), existing values converted in place."""

from decimal import Decimal

import django.core.validators
from django.db import migrations

from zhuban.lib.money import MoneyField, units_migration

NON_NEGATIVE = [django.core.validators.MinValueValidator(Decimal("0"))]


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0001_initial"),
    ]

    operations = [
        *units_migration(
            "registry",
            "asset",
            "book_value",
            MoneyField(decimal_places=2, max_digits=16, validators=NON_NEGATIVE, verbose_name="账面价值（元）"),
        ),
        *units_migration(
            "registry",
            "office",
            "total_assets",
            MoneyField(
                blank=True,
                decimal_places=2,
                max_digits=14,
                null=True,
                validators=NON_NEGATIVE,
                verbose_name="资产总额（万元）",
            ),
        ),
        *units_migration(
            "registry",
            "office",
            "total_liabilities",
            MoneyField(
                blank=True,
                decimal_places=2,
                max_digits=14,
                null=True,
                validators=NON_NEGATIVE,
                verbose_name="负债总额（万元）",
            ),
        ),
    ]
