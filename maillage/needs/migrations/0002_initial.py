"""Nothing: kept only because projects' 0001_initial was generated while this app's single
migration was briefly split, and depends on this name. Remove it once projects depends on
("needs", "0001_initial")."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("needs", "0001_initial")]
    operations = []
