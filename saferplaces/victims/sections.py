"""The victims section of the one person page."""

from django.template.loader import render_to_string
from django.utils import timezone

from saferplaces.people import notes
from saferplaces.people.models import Person
from saferplaces.people.sections import ChronologyEntry, note_entries
from saferplaces.policy import access
from saferplaces.policy.rules import may
from saferplaces.victims import selectors
from saferplaces.victims.models import VictimNote


def _label(victimisation) -> str:
    return f"Victimisation: {victimisation}"


def _records_of(actor, people) -> tuple[list, list]:
    """The victimisations and referrals of ``people`` the actor may see: read once for the person page's
    section and its chronology (``access.remembered``)."""
    ids = tuple(sorted(p.pk for p in people))
    return access.remembered(("victims.person_records", actor.pk, ids), lambda: (
        list(selectors.visible_victimisations(actor, people=ids)),
        list(selectors.visible_referrals(actor, people=ids))))


def victim_section(actor, people, shown) -> str:
    if not may(actor, "personal.view"):
        return ""
    victimisations, referrals = _records_of(actor, people)
    decisions = shown([*victimisations, *referrals])
    # ASB complaints on cases the viewer may see count too (the ASB section shows and logs the cases).
    complaints = [incident for _pid, incident in selectors.visible_asb_complaints(actor, people=people)]
    flags = selectors.person_flags(victimisations, referrals, timezone.localdate(), complaints)
    return render_to_string("victims/person_section.html", {
        "victimisations": [(v, decisions[v].reasons()) for v in victimisations],
        "referrals": [(r, decisions[r].reasons()) for r in referrals], "flags": flags, "person": people[0],
        "can_refer": may(actor, "personal.change"),
        "can_record": access.can(actor, "change", people[0]),
        "notes": notes.entries(notes.notes_on(VictimNote, victimisations), _label), "user": actor,
    })


def victim_chronology(actor, people) -> list[ChronologyEntry]:
    """Victimisations and referrals of the person that the viewer may see."""
    if not may(actor, "personal.view"):
        return []
    victimisations, referrals = _records_of(actor, people)
    entries = [ChronologyEntry(v.occurred_on, f"Victim of {v.get_kind_display().lower()}",
                               v.reference or "No reference recorded", v.owner_agency.short_name, v)
               for v in victimisations]
    entries += [ChronologyEntry(r.referred_on, f"Referred to {r.get_service_display()}", r.get_status_display(),
                                r.owner_agency.short_name, r, r.get_absolute_url())
                for r in referrals]
    return entries + note_entries(notes_for_person(actor, people))


def notes_for_person(actor, person) -> list[notes.NoteEntry]:
    """The notes on the victimisations of ``person`` (a person record, or the records of one person)
    that ``actor`` may see, newest contact first, as dated entries for a chronology.

    Reading a note is reading its victimisation: the caller logs each one it shows notes of
    (``entry.record``, e.g. through ``policy.gate.shown_with``).
    """
    if not may(actor, "personal.view"):
        return []
    people = [person] if isinstance(person, Person) else list(person)
    return notes.entries(notes.notes_on(VictimNote, _records_of(actor, people)[0]), _label)
