"""The grants for a PostgreSQL role the application connects as, when migrations run as the owner."""

from django.core.management.base import BaseCommand
from django.db import connection

from saferplaces.audit import chain

AUDIT_TABLES = ("audit_accessevent", "audit_changerecord")


def _erasable_columns(table: str) -> str:
    return ", ".join([*chain.ERASABLE[f"audit.{table.removeprefix('audit_')}"], "values_salt"])


class Command(BaseCommand):
    help = ("Print the SQL that lets ROLE use every table but only INSERT and SELECT on the audit tables. "
            "Run it as the tables' owner after each migrate (new tables need their grants too).")

    def add_arguments(self, parser):
        parser.add_argument("role")

    def handle(self, *args, role, **options):
        role = connection.ops.quote_name(role)
        audit = ", ".join(AUDIT_TABLES)
        self.stdout.write("\n".join([
            "-- Every table: read and write; the audit tables: add and read only.",
            f"GRANT USAGE ON SCHEMA public TO {role};",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};",
            f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {audit} FROM {role};",
            "-- The one change allowed: erasing a row's personal values and their salt (docs/decisions/0006);",
            "-- the triggers refuse any other update of these columns.",
            *(f"GRANT UPDATE ({_erasable_columns(table)}) ON {table} TO {role};" for table in AUDIT_TABLES),
        ]) + "\n")
