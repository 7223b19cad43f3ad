from django.db import migrations


def load(apps, schema_editor):
    from zhuban.campaign.reference import load_campaign_2015

    load_campaign_2015(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0001_initial"),
        ("org", "0002_reference_jurisdictions"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
