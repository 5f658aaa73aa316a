"""What the access log shows of the records its events name, and how it finds a data subject's events.

Audit sits below policy and the apps that hold personal data, so it cannot itself ask who may see a
record or which records are about a person. The app above that can (``saferplaces.dpo``) registers the
two answers here from its ``AppConfig.ready()``; until one is registered the access log shows each
record by its identifier only and offers no search by data subject.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Shown:
    """A record as the access log shows it to a viewer who may see it: its name or case reference, and
    where it is (empty when it has no page)."""

    label: str
    url: str = ""


#: ``presenter(actor, events)`` → {event id: Shown} for the events whose record ``actor`` may see
Presenter = Callable[[object, list], dict[int, Shown]]
#: ``finder(actor, person_id)`` → {record type: {record ids}} of the data subject, or None: no such person
SubjectFinder = Callable[[object, int], dict[str, set[str]] | None]

_presenters: list[Presenter] = []
_subject_finders: list[SubjectFinder] = []


def register_presenter(presenter: Presenter) -> None:
    if presenter not in _presenters:
        _presenters.append(presenter)


def register_subject_finder(finder: SubjectFinder) -> None:
    if finder not in _subject_finders:
        _subject_finders.append(finder)


def shown(actor, events: Iterable) -> dict[int, Shown]:
    """What ``actor`` may see of the records of ``events``: nothing for a record they may not see."""
    events = list(events)
    found: dict[int, Shown] = {}
    for presenter in _presenters:
        found.update(presenter(actor, events))
    return found


def finds_subjects() -> bool:
    return bool(_subject_finders)


def subject_records(actor, person_id: int) -> dict[str, set[str]] | None:
    """The records (type → ids) whose events are a data subject's, or None when no finder knows the person."""
    result: dict[str, set[str]] | None = None
    for finder in _subject_finders:
        records = finder(actor, person_id)
        if records is None:
            continue
        result = result or {}
        for record_type, ids in records.items():
            result.setdefault(record_type, set()).update(ids)
    return result
