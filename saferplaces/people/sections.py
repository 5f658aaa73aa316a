"""Other modules add sections to the person page ("tell your story once"): victimisations, cohort
memberships... Each provider returns a rendered section for the records the viewer may see."""

from __future__ import annotations

from collections.abc import Callable

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
