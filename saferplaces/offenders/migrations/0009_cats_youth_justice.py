"""Youth Offending Service memberships become data category ``youth_justice`` (issue 17).

The casework on a membership (places, needs, interventions, ETE, panel cases and actions) reads its
category through the membership (``CATEGORY_FIELD``), so only the memberships change. It runs after the
policy migration that gives every agreement naming ``offender`` the category ``youth_justice`` too, so
that no agreement stops sharing what it shared (docs/categories.md).
"""

from django.db import migrations


def split(apps, schema_editor):
    apps.get_model("offenders", "CohortMembership").objects.filter(cohort="yos").update(data_category="youth_justice")


def unsplit(apps, schema_editor):
    apps.get_model("offenders", "CohortMembership").objects.filter(data_category="youth_justice").update(
        data_category="offender")


class Migration(migrations.Migration):

    dependencies = [
        ("offenders", "0008_intervention_directory_service"),
        ("policy", "0005_cats_split_categories"),
    ]

    operations = [
        migrations.RunPython(split, unsplit),
    ]
