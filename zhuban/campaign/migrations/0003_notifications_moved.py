# Notifications and the reminder log now live in the notifications app (its 0002 copies them).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0002_campaign_2015"),
        # The rows are copied into the notifications app before these tables go.
        ("notifications", "0002_from_campaign"),
    ]

    operations = [
        migrations.DeleteModel(name="ReminderLog"),
        migrations.DeleteModel(name="Notification"),
    ]
