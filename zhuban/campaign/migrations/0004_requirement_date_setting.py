# The plan's own requirements take their due dates from the policy settings (one source of truth).

from django.db import migrations, models


def bind(apps, schema_editor):
    from zhuban.campaign.reference import bind_date_settings

    bind_date_settings(apps)


class Migration(migrations.Migration):

    dependencies = [
        ('campaign', '0003_notifications_moved'),
        ('policy', '0002_policy_settings_record'),
    ]

    operations = [
        migrations.AddField(
            model_name='requirement',
            name='date_setting',
            field=models.CharField(blank=True, editable=False, max_length=40, verbose_name='日期取自政策设置'),
        ),
        migrations.RunPython(bind, migrations.RunPython.noop),
    ]
