"""The cohorts section of the one person page."""

from django.template.loader import render_to_string
from django.utils import timezone

from saferplaces.offenders import selectors
from saferplaces.offenders.models import CohortNote
from saferplaces.people import notes
from saferplaces.people.models import Person
from saferplaces.people.sections import ChronologyEntry, note_entries
from saferplaces.policy import access
from saferplaces.policy.rules import may


def _label(membership) -> str:
    return f"Cohort: {membership}"


def cohort_section(actor, people, shown) -> str:
    if not may(actor, "personal.view"):
        return ""
    memberships = list(selectors.visible_memberships(actor, people=people))
    can_add = access.can(actor, "change", people[0])
    if not memberships and not can_add:
        return ""
    decisions = shown(memberships)
    rows = [{"membership": m, "can_end": m.ended_on is None and decisions[m].allows("change"),
             "reasons": decisions[m].reasons(), "can_change": decisions[m].allows("change")} for m in memberships]
    return render_to_string("offenders/person_section.html", {
        "rows": rows, "person": people[0], "can_add": can_add,
        "suggestion": selectors.suggestion_for(memberships, timezone.localdate()),
        "notes": notes.entries(notes.notes_on(CohortNote, memberships), _label), "user": actor,
        "today": timezone.localdate(),
    })


def cohort_chronology(actor, people) -> list[ChronologyEntry]:
    """Cohort memberships of the person that the viewer may see: joining and leaving."""
    if not may(actor, "personal.view"):
        return []
    entries = []
    for m in selectors.visible_memberships(actor, people=people):
        cohort = m.get_cohort_display()
        lead = f"Lead: {m.get_iom_lead_display()}" if m.iom_lead else ""
        entries.append(ChronologyEntry(m.started_on, f"Joined the {cohort} cohort", lead, m.owner_agency.short_name, m))
        if m.ended_on:
            entries.append(ChronologyEntry(m.ended_on, f"Left the {cohort} cohort", "", m.owner_agency.short_name, m))
    return entries + note_entries(notes_for_person(actor, people))


def notes_for_person(actor, person) -> list[notes.NoteEntry]:
    """The notes on the cohort memberships of ``person`` (a person record, or the records of one
    person) that ``actor`` may see, newest contact first, as dated entries for a chronology.

    Reading a note is reading its membership: the caller logs each one it shows notes of
    (``entry.record``, e.g. through ``policy.gate.shown_with``).
    """
    if not may(actor, "personal.view"):
        return []
    people = [person] if isinstance(person, Person) else list(person)
    return notes.entries(notes.notes_on(CohortNote, selectors.visible_memberships(actor, people=people)), _label)
