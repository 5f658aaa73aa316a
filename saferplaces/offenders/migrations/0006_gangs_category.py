"""Existing gangs-cohort memberships become data category ``gangs``: from now on only an agreement
naming ``gangs`` shares them. No agreement gains the category, so nobody sees more than before: the
owners still see theirs, and partners see them only once an agreement names gangs."""

from django.db import migrations


def to_gangs(apps, schema_editor):
    apps.get_model("offenders", "CohortMembership").objects.filter(cohort="gangs").update(data_category="gangs")


def to_offender(apps, schema_editor):
    apps.get_model("offenders", "CohortMembership").objects.filter(cohort="gangs").update(data_category="offender")


class Migration(migrations.Migration):

    dependencies = [("offenders", "0005_gangs_cohort")]

    operations = [migrations.RunPython(to_gangs, to_offender)]
