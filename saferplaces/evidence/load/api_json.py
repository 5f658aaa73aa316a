"""The data.police.uk API's crimes-street JSON, turned into rows of the loader's ``raw`` table."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa

from saferplaces.evidence.errors import InputError
from saferplaces.evidence.load.forces import api_force
from saferplaces.evidence.textfiles import read_text

#: The ``raw`` columns an API record fills, in order (the API gives no LSOA: point-in-polygon fills it).
COLUMNS = ("Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
           "Crime type", "Last outcome category", "Context", "api_id")


def _text(value) -> str | None:
    return None if value is None else str(value)


def api_json_table(path: Path, name: str, area_force: str | None) -> pa.Table:
    """One row per API record, in the file's order, as an Arrow table with :data:`COLUMNS`.

    ``area_force`` is the force of the area that was queried (see
    :mod:`saferplaces.evidence.load.forces`); records with ``location_type`` BTP are British Transport Police.
    """
    try:
        records = json.loads(read_text(path))
    except ValueError as error:
        raise InputError(f"{name}: not readable as JSON ({error})") from None
    if not isinstance(records, list):
        raise InputError(f"{name}: expected a JSON array of crimes-street records")
    columns: list[list[str | None]] = [[] for _ in COLUMNS]
    for index, record in enumerate(records, start=1):
        try:
            location = record.get("location") or {}
            street = location.get("street") or {}
            outcome = record.get("outcome_status") or {}
            force = api_force(record.get("location_type"), area_force)
            values = (
                _text(record.get("persistent_id")), _text(record["month"]), force, force,
                _text(location.get("longitude")), _text(location.get("latitude")), _text(street.get("name")),
                _text(record["category"]), _text(outcome.get("category")), _text(record.get("context")),
                _text(record.get("id")),
            )
        except (AttributeError, KeyError, TypeError) as error:
            raise InputError(f"{name} record {index}: not a crimes-street record ({error})") from None
        for column, value in zip(columns, values, strict=True):
            column.append(value)
    return pa.table({name: pa.array(values, pa.string()) for name, values in zip(COLUMNS, columns, strict=True)})
