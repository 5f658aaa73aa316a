"""Other modules add sections to the person page ("tell your story once"): victimisations, cohort
memberships... Each provider returns a rendered section for the records the viewer may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

#: ``shown(records)`` logs each record as viewed with the person page and returns policy's
#: decisions on them (``policy.access.Decisions``)
Shown = Callable[[list], object]
SectionProvider = Callable[[object, list, Shown], str]
_PROVIDERS: list[SectionProvider] = []


def register_section(provider: SectionProvider) -> None:
    """``provider(actor, people, shown)`` returns HTML for the person page (or "" for nothing); it
    shows only records ``policy.access.scope`` allows, and passes all the records it shows to one
    call of ``shown(records)``, whose decisions give each record's reasons and what it allows."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def person_sections(actor, person, linked: list, shown: Shown) -> list[str]:
    people = [person, *linked]
    return [html for html in (provider(actor, people, shown) for provider in _PROVIDERS) if html]


# -- The chronology: one dated list of what the viewer may see of the person across modules ------


@dataclass(frozen=True)
class ChronologyEntry:
    """One dated event of the person's story. ``record`` is the protected record it shows (an ASB
    case for its incidents), logged as viewed with the person page; ``url`` opens it."""

    on: dt.date
    what: str
    detail: str
    agency: str
    record: object
    url: str = ""
    at: dt.time | None = None  # the time of day, when the record has one

    @property
    def sort_key(self):
        return (self.on, self.at or dt.time.min, self.what)


def note_entries(notes) -> list[ChronologyEntry]:
    """Case notes (``people.notes.NoteEntry`` items) as chronology entries: a note of a contact is
    part of its record's story, shown with it to whoever may see that record."""
    return [ChronologyEntry(n.on, f"{n.contact}: note on {n.record_label}", n.text, n.author_agency, n.record,
                            getattr(n.record, "get_absolute_url", lambda: "")())
            for n in notes]


#: ``provider(actor, people)`` returns entries for records about ``people`` (the person and their
#: linked records) that ``policy.access.scope`` lets the actor see: nothing else
ChronologyProvider = Callable[[object, list], list[ChronologyEntry]]
_CHRONOLOGY: list[ChronologyProvider] = []


def register_chronology(provider: ChronologyProvider) -> None:
    """A module adds its dated records to the person page's chronology (e.g. case notes: each
    app's ``sections`` module registers its provider from ``AppConfig.ready``)."""
    if provider not in _CHRONOLOGY:
        _CHRONOLOGY.append(provider)


def person_chronology(actor, person, linked: list, shown: Shown) -> list[ChronologyEntry]:
    """Every provider's entries, oldest first; the records they show are passed to one call of
    ``shown`` (which logs them) before the page shows them."""
    people = [person, *linked]
    entries = sorted((entry for provider in _CHRONOLOGY for entry in provider(actor, people)),
                     key=lambda e: e.sort_key)
    records = list({(type(e.record), e.record.pk): e.record for e in entries}.values())
    if records:
        shown(records)
    return entries
