"""Erasure removes a record's personal data everywhere it was copied, and leaves the audit trail with
identifiers only and its chains intact."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings

from saferplaces.asb.models import CaseNote
from saferplaces.audit import chain
from saferplaces.audit.models import AccessEvent, ChangeRecord
from saferplaces.audit.services import access_record
from saferplaces.core.context import acting_as
from saferplaces.notifications.models import Notification, NotificationKind
from saferplaces.people.notes import note_add
from saferplaces.policy.models import AccessGrant
from saferplaces.retention import erase
from saferplaces.retention.models import LegalHold
from tests.asb.builders import make_case, make_party, make_warning
from tests.factories import AgencyFactory, PersonFactory, UserFactory
from tests.retention.dump import found_in_database

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\nQuillfeather letter\n%%EOF\n"


def _case_with_everything(worker):
    with acting_as(worker):
        person = PersonFactory(owner_agency=worker.agency, forename="Zebedee", surname="Quillfeather",
                               address="7 Xylophone Mews")
        case = make_case(worker.agency, title="Quillfeather noise", location="Xylophone Mews")
        party = make_party(case, name="Zebedee Quillfeather", person=person)
        make_warning(case, party)
    note = note_add(actor=worker, model=CaseNote, parent=case, contact_type="visit", contact_on=dt.date(2026, 1, 5),
                    text="Visited Zebedee Quillfeather at home", file_name="letter.pdf", file_data=PDF)
    Notification.objects.create(recipient=worker, url=case.get_absolute_url(), kind=NotificationKind.TASK_ASSIGNED,
                                reference=f"ASB case {case.pk}")
    AccessGrant.objects.create(record=case, grantee_agency=AgencyFactory(), reason="Quillfeather joint visit",
                               granted_by=worker)
    access_record(actor=worker, action="view", reason="other", record=case, justification="Quillfeather check")
    return person, case, note


def _chains_hold():
    return list(chain.verify(ChangeRecord)) == [] and list(chain.verify(AccessEvent)) == []


def test_erasing_a_case_leaves_no_personal_value_and_the_audit_chains_verify(django_capture_on_commit_callbacks):
    worker = UserFactory(role="caseworker")
    person, case, note = _case_with_everything(worker)
    case_id = str(case.pk)
    stored = Path(settings.ASB["ATTACHMENT_DIR"]) / note.file_stored_name
    assert stored.exists() and found_in_database(["Quillfeather"])
    with django_capture_on_commit_callbacks(execute=True):
        report = erase.erase_record(case, actor=None, reason="Retention: six years after closure")
    assert report.deleted == {"asb.asbcase": 1, "asb.party": 1, "asb.protectionnotice": 1, "asb.casenote": 1}
    assert (report.files_removed, report.notifications_removed, report.grants_removed) == (1, 1, 1)
    assert not stored.exists()
    # The person record is not the case's: it stays until its own rule or an erasure request.
    assert {table for table, _ in found_in_database(["Quillfeather", "Xylophone"])} == {"people_person",
                                                                                        "audit_changerecord"}
    erase.erase_person(person, actor=None, reason="Retention")
    assert found_in_database(["Quillfeather", "Xylophone"]) == []
    # The trail keeps who did what to which record, and when.
    assert ChangeRecord.objects.filter(record_type="asb.asbcase", record_id=case_id).count() == 2
    assert AccessEvent.objects.filter(record_type="asb.asbcase", record_id=case_id).count() == 1
    assert _chains_hold()


def test_erase_person_removes_every_record_about_them():
    worker = UserFactory(role="caseworker")
    person, case, _ = _case_with_everything(worker)
    report = erase.erase_person(person, actor=worker, reason="Erasure request granted")
    assert report.deleted == {"people.person": 1, "asb.party": 1, "asb.protectionnotice": 1}
    case.refresh_from_db()  # the case is the agency's, about more than the person: it stays
    assert "Zebedee" not in str(list(ChangeRecord.objects.filter(record_type="people.person").values()))
    assert _chains_hold()


def test_a_legal_hold_stops_erasure_until_lifted():
    worker = UserFactory(role="caseworker")
    with acting_as(worker):
        case = make_case(worker.agency)
    hold = LegalHold.objects.create(record_type="asb.asbcase", record_id=str(case.pk), owner_agency=worker.agency,
                                    label=f"ASB case {case.pk}", reason="Civil claim", placed_by=worker)
    with pytest.raises(erase.OnLegalHold, match="Civil claim"):
        erase.erase_record(case, actor=None, reason="Retention")
    hold.until = dt.date(2000, 1, 1)
    hold.save()
    assert erase.erase_record(case, actor=None, reason="Retention").rows_deleted == 1


def test_anonymising_keeps_the_record_without_its_text():
    worker = UserFactory(role="caseworker")
    _, case, _ = _case_with_everything(worker)
    report = erase.anonymise_record(case, actor=None, reason="Retention")
    case.refresh_from_db()
    assert report.anonymised and "asb.asbcase" not in report.deleted
    assert case.title == "Anonymised" and case.location == "Anonymised"
    # What is left is the person record and its own history, which follow the person's rule.
    assert {t for t, _ in found_in_database(["Quillfeather", "Xylophone"])} == {"people_person", "audit_changerecord"}
    assert not ChangeRecord.objects.filter(record_type="asb.asbcase", after__title="Quillfeather noise").exists()
    assert _chains_hold()
