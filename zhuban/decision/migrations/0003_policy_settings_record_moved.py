# The policy settings model now lives in the policy app (policy 0002), on the same table.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('decision', '0002_clauses_may_be_empty'),
        ('policy', '0002_policy_settings_record'),
        # The campaign's date binding read the settings while they were still here.
        ('campaign', '0004_requirement_date_setting'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='PolicySettingsRecord')],
        ),
    ]
