"""Case notes on ASB cases, victimisations and cohort memberships: adding them (with a file), who may
read them (exactly who may see the record), the author's correction with its reason, and the dated
entries each app gives the person chronology (``notes_for_person``)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from saferplaces.asb.models import CaseNote
from saferplaces.asb.sections import notes_for_person as asb_notes_for_person
from saferplaces.audit.models import AccessAction, AccessEvent, ChangeRecord
from saferplaces.core.notes import NoteError
from saferplaces.offenders.models import CohortMembership, CohortNote
from saferplaces.offenders.sections import notes_for_person as cohort_notes_for_person
from saferplaces.people import notes
from saferplaces.victims.models import Victimisation, VictimNote
from saferplaces.victims.sections import notes_for_person as victim_notes_for_person
from tests.asb.builders import make_case, make_party
from tests.factories import AgreementFactory, UserFactory

TODAY = timezone.localdate()
NOTE = {"contact_type": "visit", "contact_on": TODAY.isoformat(), "text": "Visited the complainant at home."}


def _justify(client, url):
    client.post(url, {"justification-form": "1", "reason": "casework"})


@pytest.fixture
def shared(world):
    """An agreement between own and partner sharing ASB, victim and offender data."""
    AgreementFactory(parties=[world.own, world.partner], data_categories=["asb", "enforcement", "victim", "offender"])
    return world


# --- ASB case notes --------------------------------------------------------------------------------

def test_a_note_with_a_file_is_added_shown_on_the_case_and_downloaded(client, shared):
    case = make_case(shared.own)
    client.force_login(shared.users["caseworker"])
    url = reverse("asb:note_add", kwargs={"pk": case.pk})
    _justify(client, url)
    letter = SimpleUploadedFile("letter.pdf", b"%PDF-1.4 the letter sent", content_type="application/pdf")
    response = client.post(url, {**NOTE, "contact_type": "letter", "text": "Wrote to the neighbour.",
                                 "file": letter})
    assert response.status_code == 302 and response["Location"].endswith("#notes")
    note = CaseNote.objects.get()
    assert (note.case, note.author, note.contact_type, note.file_name, note.file_size) == (
        case, shared.users["caseworker"], "letter", "letter.pdf", 24)
    page = client.get(reverse("asb:case_detail", kwargs={"pk": case.pk})).content.decode()
    assert "Wrote to the neighbour." in page and "Letter" in page and "letter.pdf" in page
    download = client.get(reverse("asb:note_file", kwargs={"pk": note.pk}))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 the letter sent"
    assert download["Content-Disposition"].startswith("attachment") and download["X-Content-Type-Options"] == "nosniff"
    assert AccessEvent.objects.filter(action=AccessAction.VIEW, record_type="asb.casenote",
                                      record_id=str(note.pk), record_agency=shared.own).exists()
    # The note's creation is in the case's history, held by the case's agency.
    created = ChangeRecord.objects.get(record_type="asb.casenote", record_id=str(note.pk))
    assert created.action == "create" and created.record_agency_id == shared.own.pk


def test_the_lead_officer_downloads_a_note_file_with_the_relationship_as_the_reason(client, shared):
    lead = shared.users["caseworker"]
    case = make_case(shared.own, lead_officer=lead)
    note = notes.note_add(actor=lead, model=CaseNote, parent=case, contact_type="letter", contact_on=TODAY,
                          text="Wrote to the neighbour.", file_name="letter.pdf", file_data=b"%PDF-1.4 sent")
    client.force_login(lead)  # no reason given: the lead officer is not asked for one
    download = client.get(reverse("asb:note_file", kwargs={"pk": note.pk}))
    assert download.status_code == 200
    event = AccessEvent.objects.get(action=AccessAction.VIEW, record_type="asb.casenote", record_id=str(note.pk))
    assert (event.reason, event.justification) == ("relationship", "Lead officer of this record")


def test_a_file_of_the_wrong_kind_or_a_future_date_is_refused_and_nothing_is_kept(client, shared):
    case = make_case(shared.own)
    client.force_login(shared.users["caseworker"])
    url = reverse("asb:note_add", kwargs={"pk": case.pk})
    _justify(client, url)
    script = SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    page = client.post(url, {**NOTE, "file": script}).content.decode()
    assert "The file must be a PDF" in page
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()  # read now, not at import
    page = client.post(url, {**NOTE, "contact_on": tomorrow}).content.decode()
    assert "The date of the contact cannot be in the future" in page
    page = client.post(url, {**NOTE, "text": "   "}).content.decode()
    assert "Write the note" in page
    assert not CaseNote.objects.exists()


def test_an_agency_that_may_not_see_the_case_cannot_read_or_add_its_notes(client, shared):
    hidden = make_case(shared.other)  # no agreement, grant or task with own
    note = CaseNote.objects.create(case=hidden, contact_type="call", contact_on=TODAY,
                                   author=UserFactory(agency=shared.other), text="Called the victim")
    notes.attach(note, "call.txt", b"call log")
    note.save()
    client.force_login(shared.users["caseworker"])
    for url in (reverse("asb:note_add", kwargs={"pk": hidden.pk}), reverse("asb:note_file", kwargs={"pk": note.pk}),
                reverse("asb:note_correct", kwargs={"pk": note.pk})):
        assert client.get(url).status_code == 404, url
    party = make_party(hidden, person=shared.people["own"], name="")
    assert party and asb_notes_for_person(shared.users["caseworker"], shared.people["own"]) == []
    # The refusals are logged against the case, as the case's own would be.
    assert AccessEvent.objects.filter(action=AccessAction.DENIED, record_type="asb.asbcase",
                                      record_id=str(hidden.pk)).count() == 3


def test_a_partner_who_may_see_the_case_reads_its_notes_but_cannot_add_to_them(client, shared):
    case = make_case(shared.partner)  # shared by the agreement: view, not change
    partner_officer = UserFactory(agency=shared.partner, role="caseworker")
    note = notes.note_add(actor=partner_officer, model=CaseNote, parent=case, contact_type="meeting",
                          contact_on=TODAY, text="Met the housing officer")
    client.force_login(shared.users["caseworker"])
    page_url = reverse("asb:case_detail", kwargs={"pk": case.pk})
    _justify(client, page_url)
    page = client.get(page_url).content.decode()
    assert "Met the housing officer" in page and reverse("asb:note_add", kwargs={"pk": case.pk}) not in page
    assert client.get(reverse("asb:note_add", kwargs={"pk": case.pk})).status_code == 404
    with pytest.raises(NoteError):
        notes.note_add(actor=shared.users["caseworker"], model=CaseNote, parent=case, contact_type="call",
                       contact_on=TODAY, text="Not mine to add")
    make_party(case, person=shared.people["agreement"], name="")
    entries = asb_notes_for_person(shared.users["caseworker"], shared.people["agreement"])
    assert [(e.on, e.contact, e.text, e.record, e.record_label) for e in entries] == [
        (TODAY, "Meeting", "Met the housing officer", case, f"ASB case {case.reference}")]
    assert entries[0].note == note and entries[0].author_agency == shared.partner.short_name


def test_the_author_corrects_a_note_with_a_reason_kept_in_the_history(client, shared):
    case = make_case(shared.own)
    author = shared.users["caseworker"]
    note = notes.note_add(actor=author, model=CaseNote, parent=case, contact_type="call", contact_on=TODAY,
                          text="Spoke to Mr Smith")
    client.force_login(author)
    url = reverse("asb:note_correct", kwargs={"pk": note.pk})
    _justify(client, url)
    page = client.post(url, {"contact_type": "call", "contact_on": TODAY.isoformat(), "text": "Spoke to Mrs Smith",
                             "reason": ""}).content.decode()
    assert "Give the reason for the correction" in page
    note.refresh_from_db()
    assert note.text == "Spoke to Mr Smith" and note.corrected_at is None
    response = client.post(url, {"contact_type": "call", "contact_on": TODAY.isoformat(),
                                 "text": "Spoke to Mrs Smith", "reason": "Wrong name written"})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.text == "Spoke to Mrs Smith" and note.corrected_at is not None
    change = ChangeRecord.objects.get(record_type="asb.casenote", record_id=str(note.pk), action="update")
    assert change.reason == "Wrong name written" and change.before["text"] == "Spoke to Mr Smith"
    assert "corrected by the author" in client.get(reverse("asb:case_detail", kwargs={"pk": case.pk})).content.decode()


def test_nobody_but_the_author_may_correct_a_note(client, shared):
    case = make_case(shared.own)
    note = notes.note_add(actor=shared.users["caseworker"], model=CaseNote, parent=case, contact_type="visit",
                          contact_on=TODAY, text="Visited")
    colleague = shared.users["manager"]  # same agency, may change the case, not the author
    client.force_login(colleague)
    assert client.get(reverse("asb:note_correct", kwargs={"pk": note.pk})).status_code == 404
    with pytest.raises(NoteError, match="Only the author"):
        notes.note_correct(actor=colleague, note=note, contact_type="visit", contact_on=TODAY, text="Changed",
                           reason="I think so")
    note.refresh_from_db()
    assert note.text == "Visited"


# --- victims and offenders -------------------------------------------------------------------------

def test_victim_notes_follow_the_victimisation(client, shared):
    own, partners = shared.people["own"], shared.people["agreement"]
    mine = Victimisation.objects.create(owner_agency=shared.own, person=own, kind="burglary",
                                        occurred_on=dt.date(2026, 1, 5))
    theirs = Victimisation.objects.create(owner_agency=shared.partner, person=partners, kind="robbery",
                                          occurred_on=dt.date(2026, 2, 5))
    hidden = Victimisation.objects.create(owner_agency=shared.other, person=shared.people["unrelated"],
                                          kind="theft", occurred_on=dt.date(2026, 3, 5))
    caseworker = shared.users["caseworker"]
    client.force_login(caseworker)
    url = reverse("victims:note_add", kwargs={"pk": mine.pk})
    _justify(client, url)
    assert client.post(url, {**NOTE, "contact_type": "call", "text": "Offered Victim Support"}).status_code == 302
    notes_url = reverse("victims:victimisation_notes", kwargs={"pk": mine.pk})
    _justify(client, notes_url)
    assert "Offered Victim Support" in client.get(notes_url).content.decode()
    person_url = reverse("people:detail", kwargs={"pk": own.pk})
    _justify(client, person_url)
    assert "Offered Victim Support" in client.get(person_url).content.decode()
    # The partner's victimisation is shared for reading: its notes are read, not added to.
    partner_note = VictimNote.objects.create(victimisation=theirs, contact_type="visit", contact_on=TODAY,
                                             author=UserFactory(agency=shared.partner), text="Home visit")
    theirs_url = reverse("victims:victimisation_notes", kwargs={"pk": theirs.pk})
    _justify(client, theirs_url)
    page = client.get(theirs_url).content.decode()
    assert "Home visit" in page and reverse("victims:note_add", kwargs={"pk": theirs.pk}) not in page
    assert client.get(reverse("victims:note_add", kwargs={"pk": theirs.pk})).status_code == 404
    assert [e.note for e in victim_notes_for_person(caseworker, partners)] == [partner_note]
    # The other agency's victimisation: nothing of it or its notes.
    VictimNote.objects.create(victimisation=hidden, contact_type="visit", contact_on=TODAY,
                              author=UserFactory(agency=shared.other), text="Hidden visit")
    assert client.get(reverse("victims:victimisation_notes", kwargs={"pk": hidden.pk})).status_code == 404
    assert victim_notes_for_person(caseworker, shared.people["unrelated"]) == []
    # The records of one person taken together: newest contact first, the later note first on the same day.
    assert [e.text for e in victim_notes_for_person(caseworker, [own, partners])] == [
        "Home visit", "Offered Victim Support"]


def test_cohort_notes_follow_the_membership_and_are_corrected_only_by_their_author(client, shared):
    own = shared.people["own"]
    membership = CohortMembership.objects.create(owner_agency=shared.own, person=own, cohort="iom",
                                                 started_on=dt.date(2025, 6, 1))
    hidden = CohortMembership.objects.create(owner_agency=shared.other, person=shared.people["unrelated"],
                                             cohort="iom", started_on=dt.date(2025, 6, 1))
    caseworker = shared.users["caseworker"]
    client.force_login(caseworker)
    url = reverse("offenders:note_add", kwargs={"pk": membership.pk})
    _justify(client, url)
    response = client.post(url, {**NOTE, "contact_type": "meeting", "text": "IOM panel agreed a curfew check",
                                 "file": SimpleUploadedFile("plan.txt", b"Curfew plan", content_type="text/plain")})
    assert response.status_code == 302
    note = CohortNote.objects.get()
    page_url = reverse("offenders:membership_notes", kwargs={"pk": membership.pk})
    _justify(client, page_url)
    page = client.get(page_url).content.decode()
    assert "IOM panel agreed a curfew check" in page and "plan.txt" in page
    assert [e.text for e in cohort_notes_for_person(caseworker, own)] == ["IOM panel agreed a curfew check"]
    assert client.get(reverse("offenders:membership_notes", kwargs={"pk": hidden.pk})).status_code == 404
    assert client.get(reverse("offenders:note_file", kwargs={"pk": note.pk})).status_code == 200
    notes.note_correct(actor=caseworker, note=note, contact_type="meeting", contact_on=TODAY,
                       text="IOM panel agreed a weekly curfew check", reason="Missed the frequency")
    change = ChangeRecord.objects.get(record_type="offenders.cohortnote", record_id=str(note.pk), action="update")
    assert change.reason == "Missed the frequency" and change.actor == caseworker
    client.force_login(shared.users["manager"])
    assert client.get(reverse("offenders:note_correct", kwargs={"pk": note.pk})).status_code == 404
