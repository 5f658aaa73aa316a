"""Counting crimes by area (LSOA or ward), with the areas that had none."""

from __future__ import annotations

from dataclasses import dataclass

from saferplaces.evidence.errors import InputError, ParameterError
from saferplaces.evidence.geography import Geography


@dataclass(frozen=True)
class AreaCounts:
    """Counts per area. ``unassigned`` counts rows with no LSOA, or an LSOA the geography does
    not place in a ward (for example just over the boundary); they are left out of the areas."""

    by: str
    codes: tuple[str, ...]
    names: tuple[str, ...]
    counts: tuple[int, ...]
    unassigned: int


Q_BY_LSOA = """
SELECT lsoa_code, any_value(lsoa_name), count(*) FROM crimes
WHERE (? OR NOT is_asb) AND (? IS NULL OR crime_type = ?)
GROUP BY lsoa_code
"""


def count_by_area(con, by: str, geography: Geography | None = None, *, include_asb: bool = False,
                  crime_type: str | None = None) -> AreaCounts:
    """Crimes per LSOA or ward from the loaded ``crimes`` table of ``con``.

    Areas with no crime are included when the geography lists them (boundaries or lookup).
    """
    if by not in {"lsoa", "ward"}:
        raise ParameterError(f"areas must be by lsoa or by ward, not {by!r}")
    rows = con.execute(Q_BY_LSOA, [include_asb, crime_type, crime_type]).fetchall()
    per_lsoa = {code: (name, count) for code, name, count in rows if code}
    unassigned = sum(count for code, _, count in rows if not code)
    if by == "lsoa":
        known = {}
        if geography is not None:
            known = {c: a.name for c, a in geography.lsoas.items()} or dict(geography.lsoa_names)
            known.update({c: geography.lsoa_names.get(c, c) for c in geography.lsoa_to_ward if c not in known})
        if known:
            unassigned += sum(count for code, (_, count) in per_lsoa.items() if code not in known)
            names = {code: per_lsoa.get(code, (name, 0))[0] or name for code, name in known.items()}
            codes = sorted(known)
            counts = [per_lsoa.get(code, ("", 0))[1] for code in codes]
        else:
            codes = sorted(per_lsoa)
            names = {code: per_lsoa[code][0] or code for code in codes}
            counts = [per_lsoa[code][1] for code in codes]
        return AreaCounts("lsoa", tuple(codes), tuple(names[c] for c in codes), tuple(counts), unassigned)
    if geography is None or not (geography.lsoa_to_ward or geography.wards):
        raise InputError("counting by ward needs an LSOA-to-ward lookup or ward boundaries")
    lsoa_codes = set(per_lsoa) | set(geography.lsoa_to_ward) | set(geography.lsoas)
    wards_of = geography.ward_assignments(sorted(lsoa_codes))
    ward_names = {ward: name for ward, name in wards_of.values()}
    ward_names.update({code: area.name for code, area in geography.wards.items()})
    totals = dict.fromkeys(ward_names, 0)
    for code, (_, count) in per_lsoa.items():
        if code in wards_of:
            totals[wards_of[code][0]] += count
        else:
            unassigned += count
    codes = sorted(totals)
    return AreaCounts("ward", tuple(codes), tuple(ward_names[c] for c in codes),
                      tuple(totals[c] for c in codes), unassigned)
