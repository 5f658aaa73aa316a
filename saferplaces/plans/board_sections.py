"""Sections other modules add to the board pack, after the delivery groups: a register's state that
the board should see (the resilience plans overdue for review, commissioned services' overdue
returns). Plans cannot import the modules above it, so each registers, in its ``AppConfig.ready``,
a template and a function giving the section's context for the quarter::

    from saferplaces.plans.board_sections import register
    register("contest/prepare/board_plans.html", plans_for_board)

A section's context must be fit for the whole board pack's readers (``plans.view``) and for the
downloaded file that circulates: counts and references, not sensitive records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from saferplaces.plans.quarters import Quarter


@dataclass(frozen=True)
class Section:
    template: str
    context: Callable[[Quarter], dict]


_SECTIONS: list[Section] = []


def register(template: str, context: Callable[[Quarter], dict]) -> None:
    _SECTIONS.append(Section(template, context))


def sections(quarter: Quarter) -> list[dict]:
    """Each registered section's template and context for ``quarter``, in the order registered."""
    return [{"template": section.template, **section.context(quarter)} for section in _SECTIONS]
