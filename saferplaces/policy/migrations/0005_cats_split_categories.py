"""Finer data categories (issue 17): every agreement gains the new categories it already covered.

The split moves data out of three categories: the Youth Offending Service's cohort memberships (and the
casework on them) from ``offender`` to ``youth_justice`` (``offenders`` migration ``*_cats_youth_justice``),
and the DASH answers and the reason for professional judgement on a victim's referral from ``victim`` to
``domestic_abuse`` (a part of the record: ``victims.Referral.PART_CATEGORIES``). ``health`` is new and
holds nothing yet, so no agreement gains it.

Every version of every agreement (draft, active, superseded, ended: so that its history reads in one
vocabulary) gains:

* ``youth_justice`` where it names ``offender``: it shared YOS memberships as offender records, and goes on
  sharing them. No narrowing.
* ``domestic_abuse`` where it names ``marac``: an agreement made for MARAC's purpose shares what MARAC
  needs, the risk checklist behind each referral.

**The intended narrowing.** An agreement naming ``victim`` but not ``marac`` does NOT gain
``domestic_abuse``: a partner that sees another agency's referrals only through such an agreement (with
no MARAC agreement between the two, no grant of the referral, no part in its casework) no longer sees the
DASH answers or the reason for professional judgement on them. It still sees the referral, its DASH score
and everything else it saw. This is the reviewer's case: a housing partner with read-only access saw full
DASH answers on MARAC referrals. Nothing else narrows and nothing widens (``tests/policy/test_category_split.py``
proves it user by user). docs/categories.md keeps the same account.

The change is a restatement in finer words of what each signed agreement already covered, so no version is
created and no sign-off asked for; the data protection officers confirm it at each agreement's review.
"""

from django.db import migrations

#: new category → the old categories whose agreements gain it
GAINED_FROM = {"youth_justice": "offender", "domestic_abuse": "marac"}


def split(apps, schema_editor):
    Agreement = apps.get_model("policy", "InformationSharingAgreement")
    changed = []
    for agreement in Agreement.objects.order_by("pk"):
        categories = list(agreement.data_categories)
        for new, old in GAINED_FROM.items():
            if old in categories and new not in categories:
                categories.append(new)
        if categories != agreement.data_categories:
            agreement.data_categories = categories
            changed.append(agreement)
    Agreement.objects.bulk_update(changed, ["data_categories"])


def unsplit(apps, schema_editor):
    """Back to the coarse categories: the new ones are dropped (which narrows, never widens)."""
    Agreement = apps.get_model("policy", "InformationSharingAgreement")
    changed = []
    for agreement in Agreement.objects.order_by("pk"):
        categories = [c for c in agreement.data_categories if c not in {*GAINED_FROM, "health"}]
        if categories != agreement.data_categories:
            agreement.data_categories = categories
            changed.append(agreement)
    Agreement.objects.bulk_update(changed, ["data_categories"])


class Migration(migrations.Migration):

    dependencies = [
        ("policy", "0004_namedreader"),
    ]

    operations = [
        migrations.RunPython(split, unsplit),
    ]
