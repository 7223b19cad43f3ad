from django.db import migrations


def load(apps, schema_editor):
    from zhuban.org.reference import load_reference

    load_reference(apps)


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
