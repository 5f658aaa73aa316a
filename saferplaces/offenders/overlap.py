"""Cohort overlap: who is in which cohorts at once, counted by person (linked records once).

``overlap`` gives the pairwise matrix (diagonal = cohort size) and the exclusive intersections an
UpSet plot shows (Lex et al. 2014, "UpSet: visualization of intersecting sets", IEEE TVCG 20(12)).
``published`` applies small-number suppression to every figure, with the groups that add up
(intersections → total, → each cohort size, → each pair) so no hidden count can be subtracted out.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass

from saferplaces.core import suppression


@dataclass(frozen=True)
class Membership:
    person: str  # linked person id
    cohort: str
    started_on: dt.date
    ended_on: dt.date | None


@dataclass(frozen=True)
class Overlap:
    """Figures for people in any cohort during ``start``–``end``."""

    start: dt.date
    end: dt.date
    cohorts: tuple[str, ...]  # in display order
    people: int  # distinct people in at least one cohort
    sizes: dict  # cohort → people
    pairs: dict  # (a, b) with a before b in ``cohorts`` → people in both
    intersections: tuple[tuple[frozenset, int], ...]  # exclusive combinations, largest first


def overlap(memberships: list[Membership], cohorts: list[str], start: dt.date, end: dt.date) -> Overlap:
    by_person: dict[str, set[str]] = defaultdict(set)
    for m in memberships:
        if m.started_on <= end and (m.ended_on is None or m.ended_on >= start) and m.cohort in cohorts:
            by_person[m.person].add(m.cohort)
    return from_combinations(Counter(frozenset(member_of) for member_of in by_person.values()), cohorts, start, end)


def from_combinations(combos: Counter, cohorts: list[str], start: dt.date, end: dt.date) -> Overlap:
    """The figures from the number of people in each exact combination of cohorts: every size and pair
    is a sum of combinations, so a database that counts the combinations need return only those."""
    order = {c: i for i, c in enumerate(cohorts)}
    sizes = {c: 0 for c in cohorts}
    pairs = {(a, b): 0 for a, b in itertools.combinations(cohorts, 2)}
    for member_of, count in combos.items():
        ordered = sorted(member_of, key=order.get)
        for c in ordered:
            sizes[c] += count
        for a, b in itertools.combinations(ordered, 2):
            pairs[(a, b)] += count
    intersections = tuple(sorted(combos.items(), key=lambda kv: (-kv[1], len(kv[0]), sorted(order[c] for c in kv[0]))))
    return Overlap(start, end, tuple(cohorts), sum(combos.values()), sizes, pairs, intersections)


@dataclass(frozen=True)
class Published:
    """Every figure of an :class:`Overlap` as text safe to publish."""

    people: str
    sizes: dict
    pairs: dict
    intersections: tuple[tuple[frozenset, str], ...]


def published(result: Overlap) -> Published:
    values: dict = {"total": result.people}
    values.update({("size", c): n for c, n in result.sizes.items()})
    values.update({("pair", a, b): n for (a, b), n in result.pairs.items()})
    values.update({("combo", combo): n for combo, n in result.intersections})
    combo_keys = [("combo", combo) for combo, _ in result.intersections]
    groups = [suppression.Group(tuple(combo_keys), "total")]
    for c in result.cohorts:
        groups.append(suppression.Group(tuple(k for k in combo_keys if c in k[1]), ("size", c)))
    for a, b in result.pairs:
        groups.append(suppression.Group(tuple(k for k in combo_keys if a in k[1] and b in k[1]), ("pair", a, b)))
    shown = suppression.suppress(values, groups)
    return Published(
        people=shown["total"],
        sizes={c: shown[("size", c)] for c in result.cohorts},
        pairs={p: shown[("pair", *p)] for p in result.pairs},
        intersections=tuple((combo, shown[("combo", combo)]) for combo, _ in result.intersections),
    )
