"""The data.police.uk API's crimes-street JSON, turned into street-level CSV rows."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from saferplaces.evidence.errors import InputError

FORCE_NAMES = {"Force": "", "BTP": "British Transport Police"}


def _text(value) -> str:
    return "" if value is None else str(value)


def rows_from_api_json(path: Path, name: str) -> list[tuple]:
    """``(source, line, Crime ID, Month, Reported by, Falls within, Longitude, Latitude, Location,
    LSOA code, LSOA name, Crime type, Last outcome category, Context)`` per API record; "line" is the
    record's position in the array. The API gives no LSOA: point-in-polygon fills it when asked."""
    opener = gzip.open if name.lower().endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            records = json.load(handle)
    except (OSError, ValueError) as error:
        raise InputError(f"{name}: not readable as JSON ({error})") from None
    if not isinstance(records, list):
        raise InputError(f"{name}: expected a JSON array of crimes-street records")
    rows = []
    for index, record in enumerate(records, start=1):
        try:
            location = record.get("location") or {}
            street = location.get("street") or {}
            outcome = record.get("outcome_status") or {}
            force = FORCE_NAMES.get(record.get("location_type") or "Force", "")
            rows.append((
                name, index, _text(record.get("persistent_id")), _text(record["month"]), force, force,
                _text(location.get("longitude")), _text(location.get("latitude")), _text(street.get("name")),
                "", "", _text(record["category"]), _text(outcome.get("category")), _text(record.get("context")),
            ))
        except (AttributeError, KeyError, TypeError) as error:
            raise InputError(f"{name} record {index}: not a crimes-street record ({error})") from None
    return rows
