# A city's policy settings belong to the policy app. The table keeps its name
# (decision_policysettingsrecord), so this moves the model in Django's state only: no row moves.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('policy', '0001_initial'),
        ('decision', '0002_clauses_may_be_empty'),
        ('org', '0002_reference_jurisdictions'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PolicySettingsRecord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('values', models.JSONField(blank=True, default=dict, verbose_name='设置')),
                        ('version', models.PositiveIntegerField(default=1, editable=False)),
                        ('jurisdiction', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='policy_settings', to='org.jurisdiction', verbose_name='行政区划')),
                    ],
                    options={
                        'verbose_name': '政策设置',
                        'verbose_name_plural': '政策设置',
                        'db_table': 'decision_policysettingsrecord',
                    },
                ),
            ],
        ),
    ]
