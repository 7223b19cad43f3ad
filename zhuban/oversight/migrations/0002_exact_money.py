"""Money exact on every engine: budgets, final accounts and project values become integers of
their hundredths (zhuban.lib.money.MoneyField), existing values converted in place."""

import django.core.validators
import zhuban.lib.money
from decimal import Decimal
from django.db import migrations

from zhuban.lib.money import units_migration


class Migration(migrations.Migration):

    dependencies = [
        ('oversight', '0001_initial'),
    ]

    operations = [
        *units_migration("oversight", "budgetline", "budget", zhuban.lib.money.MoneyField(decimal_places=2, max_digits=18, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='预算数（元）')),
        *units_migration("oversight", "budgetline", "final", zhuban.lib.money.MoneyField(blank=True, decimal_places=2, max_digits=18, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='决算数（元）')),
        *units_migration("oversight", "worklog", "value", zhuban.lib.money.MoneyField(blank=True, decimal_places=2, max_digits=18, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='项目金额（万元）')),
    ]
