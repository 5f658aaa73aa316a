"""A party linked to a person record keeps a reference, not a copy (issue 18, finding 4 (e)): drop
the name, date of birth, address and postcode copied from the record when the party was added."""

from django.db import migrations


def drop_copies(apps, schema_editor):
    Party = apps.get_model("asb", "Party")
    Party.objects.filter(person__isnull=False).update(name="", date_of_birth=None, address="", postcode="")


class Migration(migrations.Migration):
    dependencies = [("asb", "0001_initial")]

    operations = [migrations.RunPython(drop_copies, migrations.RunPython.noop)]
