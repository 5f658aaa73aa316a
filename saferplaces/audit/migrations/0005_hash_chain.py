"""Chain the audit rows (tamper evidence, see ``saferplaces/audit/chain.py``) and keep the client's
request id apart from the server's.

Rows written before this migration are chained in the order they were written (by id). Updating them
needs the append-only triggers out of the way for the length of this migration, which runs as the
tables' owner; and SQLite rebuilds a table to add a column, dropping its trigger, so the SQLite
trigger is made again at the end.
"""

from django.db import migrations, models

from saferplaces.audit import chain

TABLES = {"AccessEvent": "audit_accessevent", "ChangeRecord": "audit_changerecord"}
SQLITE_TRIGGER = ("CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
                  "BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;")


def _triggers(schema_editor, table, enabled):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {table} {'ENABLE' if enabled else 'DISABLE'} TRIGGER {table}_append_only")
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER.format(table=table) if enabled
                              else f"DROP TRIGGER IF EXISTS {table}_no_update")


def chain_existing_rows(apps, schema_editor):
    for model_name, table in TABLES.items():
        model = apps.get_model("audit", model_name)
        rows = list(model.objects.order_by("id"))
        if not rows:
            continue
        _triggers(schema_editor, table, enabled=False)
        chain.seal(rows, 0, chain.GENESIS)
        model.objects.bulk_update(rows, ["chain_seq", "chain_prev", "chain_hash"], batch_size=500)
        _triggers(schema_editor, table, enabled=True)


def restore_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for table in TABLES.values():
            schema_editor.execute(SQLITE_TRIGGER.format(table=table))


def _chain_fields(model_name):
    return [
        migrations.AddField(model_name=model_name, name="chain_seq",
                            field=models.PositiveBigIntegerField(editable=False, null=True)),
        migrations.AddField(model_name=model_name, name="chain_prev",
                            field=models.CharField(default="", editable=False, max_length=64), preserve_default=False),
        migrations.AddField(model_name=model_name, name="chain_hash",
                            field=models.CharField(default="", editable=False, max_length=64), preserve_default=False),
    ]


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_access_action_denied")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_sqlite_triggers),  # after a reversal too
        migrations.AddField(
            model_name="accessevent", name="client_request_id",
            field=models.CharField(blank=True, default="", help_text="The X-Request-ID the client sent", max_length=64),
        ),
        migrations.AlterField(
            model_name="accessevent", name="request_id",
            field=models.CharField(blank=True, help_text="Made by the server for each request", max_length=64),
        ),
        *_chain_fields("accessevent"),
        *_chain_fields("changerecord"),
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop),
        migrations.AlterField(model_name="accessevent", name="chain_seq",
                              field=models.PositiveBigIntegerField(editable=False, unique=True)),
        migrations.AlterField(model_name="changerecord", name="chain_seq",
                              field=models.PositiveBigIntegerField(editable=False, unique=True)),
        migrations.RunPython(restore_sqlite_triggers, migrations.RunPython.noop),
    ]
