"""The agency holding the record of a change, so that a data protection officer reads the changes to their
agency's records (as ``0003`` did for access events).

The field is nullable and rows written before it keep NULL: audit rows are never updated, and the hash
chain leaves NULL fields out of a row's hash (``saferplaces/audit/chain.py``), so their hashes still hold.
Those changes reach a data protection officer through the agency of the person who made them only.
"""

import django.db.models.deletion
from django.db import migrations, models

SQLITE_TRIGGER = ("CREATE TRIGGER IF NOT EXISTS audit_changerecord_no_update BEFORE UPDATE ON audit_changerecord "
                  "BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;")


def keep_sqlite_trigger(apps, schema_editor):
    # SQLite may rebuild a table to add a column, which drops its triggers.
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_account_changes_and_password_change"),
        ("audit", "0005_hash_chain"),
    ]

    operations = [
        migrations.AddField(
            model_name="changerecord",
            name="record_agency",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="accounts.agency"),
        ),
        migrations.RunPython(keep_sqlite_trigger, migrations.RunPython.noop),
    ]
