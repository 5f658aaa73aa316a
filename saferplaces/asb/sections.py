"""The ASB section of the one person page: cases the person is a party to, and warnings and notices
given to them, among those the viewer may see."""

from django.db.models import Prefetch
from django.template.loader import render_to_string

from saferplaces.asb.models import AsbCase, CaseNote, Party, ProtectionNotice
from saferplaces.people import notes
from saferplaces.people.models import Person
from saferplaces.policy import access
from saferplaces.policy.rules import may


def asb_section(actor, people, shown) -> str:
    if not may(actor, "personal.view"):
        return ""
    ids = [p.pk for p in people]
    their_parts = Prefetch("parties", queryset=Party.objects.filter(person_id__in=ids), to_attr="their_parts")
    cases = list(access.scope(actor, AsbCase.objects.filter(parties__person_id__in=ids)
                              .select_related("owner_agency")).prefetch_related(their_parts))
    notices = list(access.scope(actor, ProtectionNotice.objects.filter(party__person_id__in=ids)
                                .select_related("owner_agency")))
    if not (cases or notices):
        return ""
    decisions = shown([*cases, *notices])
    return render_to_string("asb/person_section.html", {
        "cases": [(c, ", ".join(sorted({p.get_role_display() for p in c.their_parts})), decisions[c].reasons())
                  for c in cases],
        "notices": [(n, decisions[n].reasons()) for n in notices]})


def notes_for_person(actor, person) -> list[notes.NoteEntry]:
    """The notes on the ASB cases ``person`` (a person record, or the records of one person) is a party
    to, among the cases ``actor`` may see, newest contact first, as dated entries for a chronology.

    Reading a note is reading its case: the caller logs each case it shows notes of
    (``entry.record``, e.g. through ``policy.gate.shown_with``).
    """
    if not may(actor, "personal.view"):
        return []
    ids = [p.pk for p in ([person] if isinstance(person, Person) else person)]
    cases = access.scope(actor, AsbCase.objects.filter(parties__person_id__in=ids)).distinct()
    return notes.entries(notes.notes_on(CaseNote, cases), lambda case: f"ASB case {case.reference}")
