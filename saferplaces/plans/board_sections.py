"""Sections other apps add to the board pack: the plan cannot import them (they import the plan),
so each registers a function in its ``AppConfig.ready`` that gives its section for the day the pack
is generated, or None when it has nothing to say (the commissioned services' overdue returns)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    title: str
    lines: tuple[str, ...]
    empty: str  # what the pack says when there are no lines


_SECTIONS: list[Callable[[dt.date], Section]] = []


def register(section: Callable[[dt.date], Section]) -> None:
    _SECTIONS.append(section)


def sections(today: dt.date) -> list[Section]:
    return [section(today) for section in _SECTIONS]
