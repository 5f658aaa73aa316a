"""The police.uk crime types: the one list every part of the engine uses.

data.police.uk street-level CSVs name a type in words ("Violence and sexual offences"); the API's
crimes-street JSON uses a slug ("violent-crime"). Types that police.uk used before its 2013-2014
reclassification are kept so that older files load, and are reported as historic.
Source: data.police.uk "About" page, crime categories, and the API's ``crime-categories`` endpoint.
"""

from __future__ import annotations

import numpy as np

from saferplaces.evidence.errors import EvidenceError, InputError, ParameterError

ANTI_SOCIAL_BEHAVIOUR = "Anti-social behaviour"

#: Canonical (CSV) name → API slug, for the current categories.
CURRENT: dict[str, str] = {
    ANTI_SOCIAL_BEHAVIOUR: "anti-social-behaviour",
    "Bicycle theft": "bicycle-theft",
    "Burglary": "burglary",
    "Criminal damage and arson": "criminal-damage-arson",
    "Drugs": "drugs",
    "Other crime": "other-crime",
    "Other theft": "other-theft",
    "Possession of weapons": "possession-of-weapons",
    "Public order": "public-order",
    "Robbery": "robbery",
    "Shoplifting": "shoplifting",
    "Theft from the person": "theft-from-the-person",
    "Vehicle crime": "vehicle-crime",
    "Violence and sexual offences": "violent-crime",
}

#: Categories police.uk used before 2014 (name → slug); still found in archive files.
HISTORIC: dict[str, str] = {
    "Violent crime": "violent-crime",
    "Public disorder and weapons": "public-disorder-weapons",
}

_BY_NAME = {name.casefold(): name for name in (*CURRENT, *HISTORIC)}
_BY_SLUG = {slug: name for name, slug in CURRENT.items()}
_BY_SLUG["public-disorder-weapons"] = "Public disorder and weapons"


def canonical(value: str) -> str | None:
    """Return the canonical CSV name for a police.uk type given as a name or an API slug, else None."""
    text = value.strip()
    return _BY_NAME.get(text.casefold()) or _BY_SLUG.get(text.lower())


def require(value: str, where: str) -> str:
    """Like :func:`canonical`, but raise a clear error naming ``where`` (file and line) when unknown."""
    name = canonical(value)
    if name is None:
        raise EvidenceError(f"{where}: unknown crime type {value!r}")
    return name


def is_asb(name: str) -> bool:
    return name == ANTI_SOCIAL_BEHAVIOUR


def chosen(value: str) -> str:
    """The canonical name of a crime type someone asked for (a name or an API slug, any case).

    Raises
    ------
    ParameterError
        The value is not a police.uk crime type; the message lists the valid ones.
    """
    name = canonical(value)
    if name is None:
        raise ParameterError(f"unknown crime type {value!r}; police.uk crime types (the \"Crime type\" column) "
                             f"are: {', '.join(CURRENT)}")
    return name


def events_of_type(events, crime_type: str, source: str = "the events"):
    """The events of one crime type (``crime_type`` already checked by :func:`chosen`).

    Raises
    ------
    InputError
        The events have no crime type, or none of this type (the message lists those present).
    """
    present = sorted({canonical(t) or t for t in events.crime_type if t})
    if not present:
        raise InputError(f"{source} have no crime type column (crime_type or \"Crime type\"), so they cannot be "
                         f"limited to {crime_type}")
    keep = np.array([(canonical(t) or t) == crime_type for t in events.crime_type], dtype=bool)
    if not keep.any():
        raise InputError(f"{source} hold no crimes of type {crime_type}; types present: {', '.join(present)}")
    return events.subset(keep)
