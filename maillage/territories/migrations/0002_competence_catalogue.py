from django.db import migrations


def load(apps, schema_editor):
    from maillage.territories.catalogue import load_catalogue

    load_catalogue(
        apps.get_model("territories", "Competence"), apps.get_model("territories", "CompetenceRule")
    )


class Migration(migrations.Migration):
    dependencies = [("territories", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
