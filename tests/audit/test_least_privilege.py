"""On PostgreSQL the application can run as a role that may only INSERT and SELECT on the audit
tables (docs/security.md); the grants tested are the ones ``manage.py audit_app_grants`` prints."""

import secrets
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from saferplaces.audit.models import AccessEvent, ChangeRecord
from saferplaces.audit.services import access_record
from saferplaces.core.context import acting_as
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="roles and grants are PostgreSQL's")


def _grants(role) -> list[str]:
    out = StringIO()
    call_command("audit_app_grants", role, stdout=out)
    return [line for line in out.getvalue().splitlines() if line.strip() and not line.startswith("--")]


@pytest.mark.django_db
def test_the_application_role_may_insert_and_select_audit_rows_but_never_change_or_remove_them():
    actor = UserFactory()
    existing = access_record(actor=actor, action="search", reason="casework")
    role = f"saferplaces_app_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")  # undone with the test's transaction
        for statement in _grants(role):
            cursor.execute(statement)
        cursor.execute(f"SET ROLE {role}")
        try:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone()[0] == role
            written = access_record(actor=actor, action="view", reason="casework", record_type="people.person")
            with acting_as(actor):
                PersonFactory(owner_agency=actor.agency)  # other tables stay writable; its history is inserted
            assert AccessEvent.objects.filter(pk__in=[existing.pk, written.pk]).count() == 2
            assert ChangeRecord.objects.filter(record_type="people.person").exists()
            for table in ("audit_accessevent", "audit_changerecord"):
                for statement in (f"UPDATE {table} SET chain_prev = chain_prev", f"DELETE FROM {table}",
                                  f"TRUNCATE {table}"):
                    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
                        cursor.execute(statement)
                with pytest.raises(DatabaseError), transaction.atomic():
                    cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
        finally:
            cursor.execute("RESET ROLE")
    assert AccessEvent.objects.count() == 2
