"""Other modules add sections to the person page ("tell your story once"): victimisations, cohort
memberships... Each provider returns a rendered section for the records the viewer may see."""

from __future__ import annotations

from collections.abc import Callable

SectionProvider = Callable[[object, list, Callable], str]
_PROVIDERS: list[SectionProvider] = []


def register_section(provider: SectionProvider) -> None:
    """``provider(actor, people, log)`` returns HTML for the person page (or "" for nothing); it
    shows only records ``policy.access.scope`` allows and calls ``log(record)`` for each one shown."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def person_sections(actor, person, linked: list, log: Callable) -> list[str]:
    people = [person, *linked]
    return [html for html in (provider(actor, people, log) for provider in _PROVIDERS) if html]
