"""The local authorities an analysis covers, found from the data or named by the caller.

ONS publishes its LSOA-to-ward lookup for the whole of England and Wales (34,753 LSOAs, 8,023
wards in the 2019 edition). Given that file, counting "every ward the lookup lists" counts thousands
of wards the data never meant to cover, and a Gini near 1 says nothing. So areas are restricted to
the local authorities the crime data falls in; the wards and LSOAs of those authorities with no
crime stay in, as every share and coefficient needs them.

Which authorities does the data fall in? A force's police.uk file also holds a few crimes whose
anonymised snap points lie just over its border: the City of London Police's files for September
2014 to August 2015 put 123 crimes (2.4% of those with an LSOA; anti-social behaviour aside) in
Tower Hamlets and 77 in Islington. A share of the crimes cannot tell those strays from a small
covered authority, but density can: an authority is covered when its LSOAs average at least
:data:`COVERED_DENSITY` (a tenth) of the typical rows per LSOA, the typical density being the
row-weighted median over the authorities (so the strays cannot move it). Tower Hamlets above had
0.85 crimes per LSOA against the City's 810. A caller may name the authorities instead (codes or
names, or a region's name when a region lookup is given).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from saferplaces.evidence.errors import InputError, ParameterError
from saferplaces.evidence.geography import Geography

#: An authority is covered when its crimes per LSOA are at least this share of the typical density.
COVERED_DENSITY = 0.1


@dataclass(frozen=True)
class Authority:
    """A local authority district: its code and name, the rows of the data placed in it (crime and
    anti-social behaviour) and the number of LSOAs the lookup gives it."""

    code: str
    name: str
    rows: int
    lsoas: int


@dataclass(frozen=True)
class StudyArea:
    """What an analysis covers.

    Attributes
    ----------
    name : str
        One authority's name; several by count, with the region where a region lookup gives one
        ("London: 33 local authorities").
    authorities : tuple of Authority
        The authorities covered, by name.
    regions : tuple of str
        The regions they lie in (empty without a region lookup).
    chosen : bool
        True when the caller named the authorities, False when they were found from the data.
    outside : tuple of Authority
        Other authorities holding rows of the data; those rows are left out of every analysis.
    rows_outside : int
        Rows left out because they lie in other authorities.
    rows_unplaced : int
        Rows with no LSOA the lookup knows. They are kept when the authorities were found from the
        data (the files are the area's), and left out when the caller chose a part of it.
    unplaced_kept : bool
    rule : str
        How the authorities were chosen, in words.
    """

    name: str
    authorities: tuple[Authority, ...]
    regions: tuple[str, ...]
    chosen: bool
    outside: tuple[Authority, ...]
    rows_outside: int
    rows_unplaced: int
    unplaced_kept: bool
    rule: str

    @property
    def in_words(self) -> str:
        """The area as the end of a sentence ("… of all crime in Westminster")."""
        if len(self.authorities) == 1:
            return self.authorities[0].name
        where = f" in {_and(self.regions)}" if self.regions else ""
        return f"the {len(self.authorities)} local authorities{where}"


def _and(names: Sequence[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]


def _name(authorities: Sequence[Authority], regions: Sequence[str]) -> str:
    if len(authorities) == 1:
        return authorities[0].name
    count = f"{len(authorities)} local authorities"
    if not regions:
        return count
    return f"{_and(regions)}: {count}" if len(regions) <= 3 else f"{count} in {len(regions)} regions"


def lsoa_authorities(geography: Geography) -> dict[str, tuple[str, str]]:
    """LSOA code → (authority code, name), through the lookup's ward of each LSOA."""
    return {lsoa: geography.ward_to_lad[ward] for lsoa, (ward, _) in geography.lsoa_to_ward.items()
            if ward in geography.ward_to_lad}


def _named(geography: Geography, wanted: Sequence[str]) -> set[str]:
    """Authority codes for names or codes of authorities (or of regions), case and spacing ignored."""
    authorities = dict(geography.ward_to_lad.values())  # code → name
    key = lambda text: " ".join(text.split()).casefold()  # noqa: E731
    index = {key(code): {code} for code in authorities}
    for code, name in authorities.items():
        index.setdefault(key(name), set()).add(code)
    for lad, (region_code, region_name) in geography.lad_to_region.items():
        if lad in authorities:
            for label in (region_code, region_name):
                index.setdefault(key(label), set()).add(lad)
    found: set[str] = set()
    for text in wanted:
        codes = index.get(key(text))
        if not codes:
            close = difflib.get_close_matches(key(text), list(index), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ParameterError(f"no local authority {text!r} in the lookup{hint}")
        found |= codes
    return found


Q_ROWS_BY_LSOA = "SELECT lsoa_code, count(*) FROM crimes GROUP BY 1"


def _covered_by_density(rows: dict[str, int], lsoas: dict[str, int]) -> set[str]:
    """Authorities whose rows per LSOA reach COVERED_DENSITY of the crime-weighted median density."""
    density = {code: rows[code] / lsoas[code] for code in rows}
    ordered = sorted(density, key=density.__getitem__)
    total, running, typical = sum(rows.values()), 0, 0.0
    for code in ordered:
        running += rows[code]
        if running * 2 >= total:
            typical = density[code]
            break
    return {code for code in density if density[code] >= COVERED_DENSITY * typical}


def find_study_area(con, geography: Geography | None, areas: Sequence[str] | None = None) -> StudyArea | None:
    """The authorities the crimes of ``con`` cover, or those named in ``areas``.

    Returns None when nothing says which authority an LSOA is in (no lookup with local authority
    columns) and no authority was named.

    Raises
    ------
    InputError
        ``areas`` is given but the geography has no lookup with local authority columns.
    ParameterError
        A name or code in ``areas`` is not an authority (or region) of the lookup.
    """
    if geography is None or not geography.ward_to_lad:
        if areas:
            raise InputError("choosing local authorities needs an LSOA-to-ward lookup with local authority "
                             "columns (LAD..CD, LAD..NM)")
        return None
    where = lsoa_authorities(geography)
    names = dict(where.values())
    lsoas: dict[str, int] = {}
    for code, _ in where.values():
        lsoas[code] = lsoas.get(code, 0) + 1
    rows: dict[str, int] = {}
    unplaced = 0
    for lsoa, count in con.execute(Q_ROWS_BY_LSOA).fetchall():
        if lsoa in where:
            code = where[lsoa][0]
            rows[code] = rows.get(code, 0) + count
        else:
            unplaced += count
    if areas:
        covered = _named(geography, areas)
        rule = "named: " + ", ".join(areas)
    else:
        if not rows:
            return None
        covered = _covered_by_density(rows, lsoas)
        rule = (f"the authorities the data falls in: at least {COVERED_DENSITY:.0%} of the typical crimes per LSOA "
                "(fewer are points snapped over a border)")

    def authority(code):
        return Authority(code, names[code], rows.get(code, 0), lsoas.get(code, 0))

    inside = tuple(sorted((authority(c) for c in covered), key=lambda a: (a.name, a.code)))
    outside = tuple(sorted((authority(c) for c in rows if c not in covered), key=lambda a: (-a.rows, a.name)))
    found = [geography.lad_to_region.get(a.code) for a in inside]
    regions = tuple(sorted({r[1] for r in found if r})) if found and all(found) else ()
    return StudyArea(
        name=_name(inside, regions), authorities=inside, regions=regions, chosen=bool(areas), outside=outside,
        rows_outside=sum(a.rows for a in outside), rows_unplaced=unplaced, unplaced_kept=not areas, rule=rule,
    )


def restrict(con, geography: Geography, study: StudyArea) -> Geography:
    """Delete from ``con``'s crimes the rows outside ``study`` and return the geography cut to it.

    Boundaries whose code the lookup places in another authority are dropped; boundaries it does
    not know are kept (a boundary file may be of another vintage than the lookup).
    """
    keep = {a.code for a in study.authorities}
    where = lsoa_authorities(geography)
    inside = {lsoa for lsoa, (lad, _) in where.items() if lad in keep}
    # One statement each with the codes bound as a list (a hash join, not a statement per LSOA).
    con.execute("DELETE FROM crimes WHERE lsoa_code IN (SELECT unnest(?::VARCHAR[]))", [sorted(set(where) - inside)])
    if not study.unplaced_kept:
        con.execute("DELETE FROM crimes WHERE lsoa_code IS NULL OR lsoa_code NOT IN (SELECT unnest(?::VARCHAR[]))",
                    [sorted(inside)])
    wards_outside = {ward for ward, (lad, _) in geography.ward_to_lad.items() if lad not in keep}
    return replace(
        geography,
        lsoa_to_ward={lsoa: ward for lsoa, ward in geography.lsoa_to_ward.items() if lsoa in inside},
        lsoa_names={code: name for code, name in geography.lsoa_names.items() if code not in where or code in inside},
        lsoas={code: area for code, area in geography.lsoas.items() if code not in where or code in inside},
        wards={code: area for code, area in geography.wards.items() if code not in wards_outside},
        ward_to_lad={ward: lad for ward, lad in geography.ward_to_lad.items() if ward not in wards_outside},
    )


def apply_study_area(con, geography: Geography | None,
                     areas: Sequence[str] | None = None) -> tuple[Geography | None, StudyArea | None]:
    """:func:`find_study_area` then :func:`restrict`: the geography to count in, and what it covers."""
    study = find_study_area(con, geography, areas)
    if study is None or geography is None:
        return geography, study
    restricted = restrict(con, geography, study)
    if not (con.execute("SELECT count(*) FROM crimes").fetchone() or (0,))[0]:
        raise InputError(f"none of the rows of the data lies in {study.name}")
    return restricted, study
