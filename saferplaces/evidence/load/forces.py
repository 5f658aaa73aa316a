"""The police forces of data.police.uk, and which force an API record belongs to.

The API's crimes-street records do not name their force: ``location_type`` is ``"Force"`` for a crime
recorded by the territorial force of the area that was queried and ``"BTP"`` for one recorded by
British Transport Police. So a ``"Force"`` record takes its force from the caller, else from a
police.uk force identifier in its file or folder name (``metropolitan/2018-01.json``,
``2018-01-city-of-london-api.csv``), else it stays "Unknown force" and the quality report says so.
A place name alone ("london") is not taken as a force: it would be ambiguous (City of London Police
or the Metropolitan Police Service).
Source: the data.police.uk API's ``forces`` endpoint (identifier and name of each force).
"""

from __future__ import annotations

import re

from saferplaces.evidence.errors import ParameterError

BTP = "British Transport Police"
UNKNOWN_FORCE = "Unknown force"

#: police.uk force identifier → the name police.uk CSVs give in "Reported by" / "Falls within".
FORCES: dict[str, str] = {
    "avon-and-somerset": "Avon and Somerset Constabulary",
    "bedfordshire": "Bedfordshire Police",
    "btp": BTP,
    "cambridgeshire": "Cambridgeshire Constabulary",
    "cheshire": "Cheshire Constabulary",
    "city-of-london": "City of London Police",
    "cleveland": "Cleveland Police",
    "cumbria": "Cumbria Constabulary",
    "derbyshire": "Derbyshire Constabulary",
    "devon-and-cornwall": "Devon & Cornwall Police",
    "dorset": "Dorset Police",
    "durham": "Durham Constabulary",
    "dyfed-powys": "Dyfed-Powys Police",
    "essex": "Essex Police",
    "gloucestershire": "Gloucestershire Constabulary",
    "greater-manchester": "Greater Manchester Police",
    "gwent": "Gwent Police",
    "hampshire": "Hampshire Constabulary",
    "hertfordshire": "Hertfordshire Constabulary",
    "humberside": "Humberside Police",
    "kent": "Kent Police",
    "lancashire": "Lancashire Constabulary",
    "leicestershire": "Leicestershire Police",
    "lincolnshire": "Lincolnshire Police",
    "merseyside": "Merseyside Police",
    "metropolitan": "Metropolitan Police Service",
    "norfolk": "Norfolk Constabulary",
    "north-wales": "North Wales Police",
    "north-yorkshire": "North Yorkshire Police",
    "northamptonshire": "Northamptonshire Police",
    "northern-ireland": "Police Service of Northern Ireland",
    "northumbria": "Northumbria Police",
    "nottinghamshire": "Nottinghamshire Police",
    "south-wales": "South Wales Police",
    "south-yorkshire": "South Yorkshire Police",
    "staffordshire": "Staffordshire Police",
    "suffolk": "Suffolk Constabulary",
    "surrey": "Surrey Police",
    "sussex": "Sussex Police",
    "thames-valley": "Thames Valley Police",
    "warwickshire": "Warwickshire Police",
    "west-mercia": "West Mercia Police",
    "west-midlands": "West Midlands Police",
    "west-yorkshire": "West Yorkshire Police",
    "wiltshire": "Wiltshire Police",
}
_BY_NAME = {name.casefold(): name for name in FORCES.values()}
# Longest first, so that "north-wales" is found before a shorter identifier inside it could be.
_IN_PATH = re.compile(
    r"(?:^|[/\\_.\-\d])(" + "|".join(re.escape(k) for k in sorted(FORCES, key=len, reverse=True)) + r")(?=$|[/\\_.\-])",
    re.IGNORECASE,
)


def force_name(value: str) -> str:
    """The police.uk name of a force given by identifier (``metropolitan``) or name, else an error."""
    text = value.strip()
    name = FORCES.get(text.lower().replace(" ", "-")) or _BY_NAME.get(text.casefold())
    if name is None:
        raise ParameterError(f"{value!r} is not a police.uk force (for example metropolitan or "
                             "'Metropolitan Police Service')")
    return name


def force_in_path(name: str) -> str | None:
    """The force whose police.uk identifier appears in a file or folder name, if exactly one does."""
    found = {FORCES[m.group(1).lower()] for m in _IN_PATH.finditer(name)} - {BTP}
    return found.pop() if len(found) == 1 else None


def api_force(location_type: str | None, area_force: str | None) -> str:
    """The force of one API record: British Transport Police for ``BTP``, else the queried area's force."""
    if (location_type or "").strip().upper() == "BTP":
        return BTP
    return area_force or UNKNOWN_FORCE
