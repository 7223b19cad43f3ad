from django.db import migrations


def load(apps, schema_editor):
    from zhuban.reception.reference import load_examples

    load_examples(apps.get_model("reception", "Standard"), apps.get_model("org", "Jurisdiction"))


class Migration(migrations.Migration):
    dependencies = [("reception", "0001_initial"), ("org", "0003_national_tree")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
