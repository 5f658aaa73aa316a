"""The engine's one serialiser: result dataclasses to JSON-safe data and JSON text.

Every ``--json`` of the command line and the assessment's JSON summary go through :func:`to_data`,
so a result has one JSON form wherever it is written. Fields may carry metadata (built with
:func:`json_meta`) that renames them, leaves them out, leaves them out when ``None``, or merges a
nested result into its parent; everything else is written under its own name.

JSON has no NaN or infinity: a non-finite number (an undefined ratio, an unbounded interval) is
written as ``null``, as the engine's outputs always have.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

import numpy as np

__all__ = ["json_meta", "to_data", "to_json"]

_KEY = "saferplaces.json"


def json_meta(*, name: str | None = None, skip: bool = False, optional: bool = False,
              flatten: bool = False) -> dict[str, Any]:
    """Metadata for a result's field, used as ``dataclasses.field(metadata=json_meta(...))``.

    Parameters
    ----------
    name : str, optional
        The key to write the field under (today's JSON name where it differs from the attribute).
    skip : bool
        Never write the field (e.g. geometry, or a large intermediate array).
    optional : bool
        Leave the field out when its value is ``None``.
    flatten : bool
        Merge the fields of a nested result into the parent's object.

    Returns
    -------
    dict
        The metadata mapping.
    """
    return {_KEY: {"name": name, "skip": skip, "optional": optional, "flatten": flatten}}


def _dataclass(value: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in dataclasses.fields(value):
        meta = field.metadata.get(_KEY, {})
        item = getattr(value, field.name)
        if meta.get("skip") or (meta.get("optional") and item is None):
            continue
        converted = to_data(item)
        if meta.get("flatten") and isinstance(converted, dict):
            data.update(converted)
        else:
            data[meta.get("name") or field.name] = converted
    return data


def to_data(value: Any) -> Any:
    """``value`` as JSON-safe data: dicts, lists, strings, numbers, booleans and ``None``.

    Parameters
    ----------
    value : object
        A result dataclass, or anything it holds: mappings, sequences, numpy arrays and scalars,
        dates and times (ISO 8601), paths (as text).

    Returns
    -------
    object
        Data that :func:`json.dumps` writes without a ``default`` and with ``allow_nan=False``.

    Raises
    ------
    TypeError
        For a value of a type the engine has no JSON form for.
    """
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, np.bool_):
        return bool(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _dataclass(value)
    if isinstance(value, Mapping):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return [to_data(v) for v in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    raise TypeError(f"no JSON form for {type(value).__name__}")


def to_json(value: Any, *, indent: int | None = 2) -> str:
    """``value`` as JSON text (see :func:`to_data`).

    Parameters
    ----------
    value : object
        A result dataclass or other value :func:`to_data` accepts.
    indent : int or None
        Indentation; ``None`` writes one line.

    Returns
    -------
    str
        Strict JSON (no NaN or infinity).
    """
    return json.dumps(to_data(value), indent=indent, allow_nan=False)
