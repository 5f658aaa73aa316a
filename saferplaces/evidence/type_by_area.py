"""Crime type by area: for each ward or LSOA, its crimes of each police.uk type and their shares.

The table answers "what kind of crime is it, where?": a ward whose total is ordinary may hold most of
the area's robbery. Shares are of the area's own crime (rows sum to 100%); the report shows the areas
with most crime and the most common types, the JSON every area and every type.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from saferplaces.evidence.areas import AreaCounts

Q_BY_LSOA_TYPE = """
SELECT lsoa_code, crime_type, count(*) FROM crimes
WHERE NOT is_asb AND lsoa_code IS NOT NULL
GROUP BY ALL
"""


@dataclass(frozen=True)
class AreaTypes:
    """One area's crimes by type; ``counts`` and ``shares`` follow ``TypeByArea.types``."""

    code: str
    name: str
    total: int
    counts: tuple[int, ...]
    shares: tuple[float | None, ...]  # None where the area has no crime


@dataclass(frozen=True)
class TypeByArea:
    """Crime type by ward or by LSOA.

    Attributes
    ----------
    by : str
        "ward" or "lsoa".
    types : tuple of str
        Crime types, most common in the whole area first.
    type_totals : tuple of int
        The whole area's crimes of each type.
    areas : tuple of AreaTypes
        Every area, most crime first (zero-crime areas included, last).
    """

    by: str
    types: tuple[str, ...]
    type_totals: tuple[int, ...]
    areas: tuple[AreaTypes, ...]


def type_by_area(con, counts: AreaCounts, area_of: Mapping[str, str] | None = None) -> TypeByArea:
    """Crimes by type in each area of ``counts`` (from ``areas.count_by_area``).

    Parameters
    ----------
    con : duckdb connection
        With the loaded ``crimes`` table.
    counts : AreaCounts
        The areas, so that the per-type table covers exactly the areas (and crimes) counted there.
    area_of : mapping, optional
        LSOA → ward code, for wards; by default each area is an LSOA.

    Returns
    -------
    TypeByArea
        Each area's per-type counts sum to its count in ``counts``.
    """
    per_area: dict[str, dict[str, int]] = {code: {} for code in counts.codes}
    for lsoa, crime_type, n in con.execute(Q_BY_LSOA_TYPE).fetchall():
        area = area_of.get(lsoa) if area_of is not None else lsoa
        if area in per_area:
            per_area[area][crime_type] = per_area[area].get(crime_type, 0) + n
    totals: dict[str, int] = {}
    for by_type in per_area.values():
        for crime_type, n in by_type.items():
            totals[crime_type] = totals.get(crime_type, 0) + n
    types = tuple(sorted(totals, key=lambda t: (-totals[t], t)))
    areas = []
    for code, name in zip(counts.codes, counts.names, strict=True):
        row = tuple(per_area[code].get(t, 0) for t in types)
        total = sum(row)
        areas.append(AreaTypes(code, name, total, row, tuple(n / total if total else None for n in row)))
    areas.sort(key=lambda a: (-a.total, a.code))
    return TypeByArea(counts.by, types, tuple(totals[t] for t in types), tuple(areas))
