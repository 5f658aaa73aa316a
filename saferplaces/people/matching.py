"""Scoring pairs of person records: a small Fellegi–Sunter model with fixed weights.

This is the web app's own comparator, used until the evidence engine's Splink linkage
(``saferplaces.evidence.linkage``) is merged; :func:`score_pairs` is the one seam to swap.

Each compared field contributes a match weight ``log2(m / u)`` where ``m`` is the chance the field
agrees that way for records of the same person and ``u`` for records of different people
(Fellegi & Sunter 1969, "A theory for record linkage", JASA 64(328)). The sum plus the prior weight
gives the match probability. The m and u values below are judged, not estimated: they favour exact
dates of birth and postcodes and treat a day/month transposition of the date of birth as strong
evidence (a common keying error).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import defaultdict
from dataclasses import dataclass

#: field → agreement level → (m, u)
LEVELS: dict[str, dict[str, tuple[float, float]]] = {
    "surname": {"exact": (0.90, 0.01), "different": (0.10, 0.99)},
    "forename": {"exact": (0.85, 0.02), "initial": (0.10, 0.05), "different": (0.05, 0.93)},
    "date_of_birth": {"exact": (0.90, 0.001), "transposed": (0.03, 0.00005), "same_year": (0.03, 0.02),
                      "different": (0.04, 0.979)},
    "postcode": {"exact": (0.60, 0.001), "same_district": (0.20, 0.02), "different": (0.20, 0.979)},
}
#: prior probability that two records picked at random are the same person
PRIOR = 0.0005
#: at or above: linked without review; between REVIEW and LINK: a caseworker decides
LINK_THRESHOLD = 0.99
REVIEW_THRESHOLD = 0.5


@dataclass(frozen=True)
class PersonRecord:
    id: int
    forename: str
    surname: str
    date_of_birth: dt.date | None
    postcode: str


@dataclass(frozen=True)
class ScoredPair:
    """``left`` < ``right`` (record ids); ``levels`` says how each field agreed."""

    left: int
    right: int
    probability: float
    weight: float
    levels: dict


def _norm(text: str) -> str:
    return "".join(ch for ch in (text or "").lower() if ch.isalpha())


def _district(postcode: str) -> str:
    compact = (postcode or "").upper().replace(" ", "")
    return compact[:-3] if len(compact) > 3 else compact


def compare(a: PersonRecord, b: PersonRecord) -> dict[str, str | None]:
    """The agreement level of each field; ``None`` where either record lacks it."""
    levels: dict[str, str | None] = {}
    sa, sb = _norm(a.surname), _norm(b.surname)
    levels["surname"] = None if not (sa and sb) else ("exact" if sa == sb else "different")
    fa, fb = _norm(a.forename), _norm(b.forename)
    if not (fa and fb):
        levels["forename"] = None
    elif fa == fb:
        levels["forename"] = "exact"
    else:
        levels["forename"] = "initial" if fa[0] == fb[0] else "different"
    da, db_ = a.date_of_birth, b.date_of_birth
    if da is None or db_ is None:
        levels["date_of_birth"] = None
    elif da == db_:
        levels["date_of_birth"] = "exact"
    elif da.year == db_.year and da.day == db_.month and da.month == db_.day:
        levels["date_of_birth"] = "transposed"
    elif da.year == db_.year:
        levels["date_of_birth"] = "same_year"
    else:
        levels["date_of_birth"] = "different"
    pa, pb = (a.postcode or "").upper().replace(" ", ""), (b.postcode or "").upper().replace(" ", "")
    if not (pa and pb):
        levels["postcode"] = None
    elif pa == pb:
        levels["postcode"] = "exact"
    else:
        levels["postcode"] = "same_district" if _district(pa) == _district(pb) else "different"
    return levels


def score(a: PersonRecord, b: PersonRecord) -> ScoredPair:
    levels = compare(a, b)
    weight = math.log2(PRIOR / (1 - PRIOR))
    for field, level in levels.items():
        if level is not None:
            m, u = LEVELS[field][level]
            weight += math.log2(m / u)
    probability = 1 / (1 + 2 ** -weight)
    left, right = sorted((a.id, b.id))
    return ScoredPair(left, right, probability, weight, levels)


def _blocks(record: PersonRecord) -> list[tuple]:
    """Blocking keys (as Splink's blocking rules): only records sharing a key are compared. Each key
    joins two fields, so that no block grows with the size of the data (a postcode alone would)."""
    keys = []
    forename, surname = _norm(record.forename), _norm(record.surname)
    dob = record.date_of_birth
    postcode = (record.postcode or "").upper().replace(" ", "")
    if forename and surname:
        keys.append(("name", forename, surname))
    if dob:
        # The same date read either way round, so a day/month swap still meets its pair.
        keys.append(("dob", tuple(sorted((dob.day, dob.month))), dob.year))
        if surname:
            keys.append(("surname_year", surname, dob.year))
    if postcode and forename:
        keys.append(("postcode_initial", postcode, forename[0]))
    return keys


def score_pairs(records: list[PersonRecord], minimum: float = REVIEW_THRESHOLD) -> list[ScoredPair]:
    """Every blocked pair scoring at least ``minimum``, highest first."""
    blocks: dict[tuple, list[PersonRecord]] = defaultdict(list)
    for record in records:
        for key in _blocks(record):
            blocks[key].append(record)
    seen: set[tuple[int, int]] = set()
    scored = []
    for members in blocks.values():
        for a, b in itertools.combinations(members, 2):
            key = tuple(sorted((a.id, b.id)))
            if key in seen:
                continue
            seen.add(key)
            pair = score(a, b)
            if pair.probability >= minimum:
                scored.append(pair)
    scored.sort(key=lambda p: (-p.probability, p.left, p.right))
    return scored


def clusters(ids: list[int], edges: list[tuple[int, int]]) -> list[list[int]]:
    """Connected components (union–find) of the linked pairs; singletons included."""
    parent = {i: i for i in ids}

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in ids:
        groups[root(i)].append(i)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])
