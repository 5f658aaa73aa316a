"""Erasable values in the audit tables (docs/decisions/0006): a salted digest of each row's erasable
fields, which the chain covers in their place, and the database triggers' one exception, the erasure of
those values.

Rows written before this migration keep their hashes (the new fields are NULL, left out of the hash)
and their values, which are not erasable: re-sealing them would change the chains' heads recorded
outside the database. The triggers are made again: on PostgreSQL a guard that lets an UPDATE through
only when it erases a digested row's values and changes nothing it hashes; on SQLite the same condition.
"""

from django.db import migrations, models

TABLES = {
    "audit_accessevent": "NEW.record_label = '' AND NEW.justification = '' AND {detail_empty}",
    "audit_changerecord": "NEW.before IS NULL AND NEW.after IS NULL AND NEW.reason IS NULL",
}
UNCHANGED = ("id", "chain_seq", "chain_prev", "chain_hash", "values_digest")
OLD_SQLITE = ("CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
              "BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;")


def _erasure(table, vendor):
    same = " AND ".join(f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" if vendor == "postgresql" else f"NEW.{c} IS OLD.{c}"
                        for c in UNCHANGED)
    detail_empty = "NEW.detail = '{}'::jsonb" if vendor == "postgresql" else "json(NEW.detail) = '{}'"
    erased = TABLES[table].format(detail_empty=detail_empty)
    return f"OLD.values_salt IS NOT NULL AND NEW.values_salt IS NULL AND OLD.values_digest IS NOT NULL AND {same} AND {erased}"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"""
CREATE OR REPLACE FUNCTION {table}_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND {_erasure(table, vendor)} THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION USING MESSAGE = 'audit rows cannot be changed or deleted: ' || TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;""")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
            schema_editor.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                                  f"FOR EACH ROW EXECUTE FUNCTION {table}_guard();")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            schema_editor.execute(f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                                  f"WHEN NOT ({_erasure(table, vendor)}) "
                                  "BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
            schema_editor.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                                  "FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_guard();")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            schema_editor.execute(OLD_SQLITE.format(table=table))


def _fields(model_name):
    return [
        migrations.AddField(model_name=model_name, name="values_digest",
                            field=models.CharField(editable=False, max_length=64, null=True)),
        migrations.AddField(model_name=model_name, name="values_salt",
                            field=models.CharField(editable=False, max_length=32, null=True)),
    ]


class Migration(migrations.Migration):
    dependencies = [("audit", "0008_relationship_reason_and_log_indexes")]

    operations = [
        *_fields("accessevent"),
        *_fields("changerecord"),
        migrations.RunPython(forwards, backwards),
    ]
