"""The ASB section of the one person page: cases the person is a party to, and warnings, notices and
civil orders (injunctions, CBOs, contracts) against them, among those the viewer may see."""

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from saferplaces.asb.models import AsbCase, CaseNote, CivilOrder, Incident, Party, ProtectionNotice
from saferplaces.people import notes
from saferplaces.people.models import Person
from saferplaces.people.sections import ChronologyEntry, note_entries
from saferplaces.policy import access
from saferplaces.policy.rules import may


def _cases_of(ids):
    """The ids of the cases the person records ``ids`` are parties to, as a subquery (one row per case
    whatever the number of their parts)."""
    return Party.objects.filter(person_id__in=ids).values("case_id")


def _records_of(actor, people) -> tuple[list[AsbCase], list[ProtectionNotice], list[CivilOrder]]:
    """The cases (each with ``their_parts``), notices and orders of ``people`` the actor may see: read once
    for the person page's section and its chronology (``access.remembered``)."""
    ids = tuple(sorted(p.pk for p in people))

    def read():
        their_parts = Prefetch("parties", queryset=Party.objects.filter(person_id__in=ids), to_attr="their_parts")
        cases = list(access.scope(actor, AsbCase.objects.filter(pk__in=_cases_of(ids))
                                  .select_related("owner_agency")).prefetch_related(their_parts))
        notices = list(access.scope(actor, ProtectionNotice.objects.filter(party__person_id__in=ids)
                                    .select_related("owner_agency")))
        orders = list(access.scope(actor, CivilOrder.objects.filter(party__person_id__in=ids)
                                   .select_related("owner_agency")))
        return cases, notices, orders

    return access.remembered(("asb.person_records", actor.pk, ids), read)


def asb_section(actor, people, shown) -> str:
    if not may(actor, "personal.view"):
        return ""
    cases, notices, orders = _records_of(actor, people)
    if not (cases or notices or orders):
        return ""
    decisions = shown([*cases, *notices, *orders])
    return render_to_string("asb/person_section.html", {
        "cases": [(c, ", ".join(sorted({p.get_role_display() for p in c.their_parts})), decisions[c].reasons())
                  for c in cases],
        "notices": [(n, decisions[n].reasons()) for n in notices],
        "orders": [(o, decisions[o].reasons()) for o in orders]})


def asb_chronology(actor, people) -> list[ChronologyEntry]:
    """The person's ASB story: cases they are a party to (opened, each incident, closed) and the
    warnings, notices, orders and contracts against them, among the cases and notices the viewer may see. An
    incident is shown under its case (the record policy decides on)."""
    if not may(actor, "personal.view"):
        return []
    found, notices, orders = _records_of(actor, people)
    cases = {c.pk: c for c in found}
    entries = []
    for case in cases.values():
        roles = ", ".join(sorted({p.get_role_display() for p in case.their_parts}))
        entries.append(ChronologyEntry(case.opened_on, f"ASB case {case.reference} opened",
                                       f"{roles}: {case.title}", case.owner_agency.short_name, case,
                                       case.get_absolute_url()))
        if case.closed_on:
            entries.append(ChronologyEntry(case.closed_on, f"ASB case {case.reference} closed",
                                           case.get_outcome_display(), case.owner_agency.short_name, case,
                                           case.get_absolute_url()))
    incidents = Incident.objects.filter(case_id__in=cases).select_related("reporting_agency")
    for incident in incidents:
        case = cases[incident.case_id]
        at = timezone.localtime(incident.occurred_at)
        entries.append(ChronologyEntry(
            at.date(), "ASB complaint" if incident.is_complaint else "ASB incident",
            f"{incident.get_kind_display()} at {incident.location} (case {case.reference})",
            incident.reporting_agency.short_name, case, case.get_absolute_url(), at=at.time()))
    for notice in notices:
        entries.append(ChronologyEntry(notice.issued_on, f"{notice.get_kind_display()} {notice.reference}",
                                       notice.get_status_display(), notice.owner_agency.short_name, notice,
                                       notice.get_absolute_url()))
    for order in orders:
        on = order.made_on or order.applied_on or timezone.localtime(order.served_at or order.created_at).date()
        entries.append(ChronologyEntry(on, f"{order.get_kind_display()} {order.reference}", order.get_status_display(),
                                       order.owner_agency.short_name, order, order.get_absolute_url()))
    return entries + note_entries(notes_for_person(actor, people))


def notes_for_person(actor, person) -> list[notes.NoteEntry]:
    """The notes on the ASB cases ``person`` (a person record, or the records of one person) is a party
    to, among the cases ``actor`` may see, newest contact first, as dated entries for a chronology.

    Reading a note is reading its case: the caller logs each case it shows notes of
    (``entry.record``, e.g. through ``policy.gate.shown_with``).
    """
    if not may(actor, "personal.view"):
        return []
    ids = [p.pk for p in ([person] if isinstance(person, Person) else person)]
    cases = access.scope(actor, AsbCase.objects.filter(pk__in=_cases_of(ids))).distinct()
    return notes.entries(notes.notes_on(CaseNote, cases), lambda case: f"ASB case {case.reference}")
