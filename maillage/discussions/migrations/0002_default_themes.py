"""The three themes every space's conference of mayors starts with."""

from django.db import migrations

DEFAULT_THEMES = [("Besoins et solutions", 1), ("Questions", 2), ("Bonnes pratiques", 3)]


def create_themes(apps, schema_editor):
    Theme = apps.get_model("discussions", "Theme")
    for name, position in DEFAULT_THEMES:
        Theme.objects.get_or_create(space=None, name=name, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("discussions", "0001_initial")]

    operations = [migrations.RunPython(create_themes, migrations.RunPython.noop)]
