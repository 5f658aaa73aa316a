"""The engine's Splink model behind the web app's ``score_pairs`` seam (``saferplaces.people``).

The web app's person records have a name, a date of birth and a postcode. This scores them with
the trained model and returns pairs shaped like ``saferplaces.people.matching.ScoredPair`` (record
ids, probability, weight, and how each field agreed, in words), so the web app's runs, labels,
review queue and stable ids work unchanged.

The model is trained on the records themselves (EM and random sampling), which needs enough of
them: below :data:`MIN_RECORDS` the web app keeps its fixed-weight model.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd

from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.linkage.model import train_and_predict
from saferplaces.evidence.linkage.prepare import standardise, validate_records

#: fewer records than this give EM too few pairs to learn from
MIN_RECORDS = 2000
ENGINE_NAME = "saferplaces.evidence.linkage (Splink, trained by EM)"


#: the model's name level → how the web app's forename and surname agreed
_NAME = {"exact": ("exact", "exact"), "nickname": ("Nickname of the same name", "exact"),
         "swapped": ("Swapped with the surname", "Swapped with the forename"),
         "one typo": ("Same or one letter apart", "Same or one letter apart"),
         "initial": ("initial", "exact"), "surname only": ("different", "exact"),
         "forename only": ("exact", "different")}
_DOB = {"exact": "exact", "day/month transposed": "transposed", "one character different": "One digit different"}
_POSTCODE = {"postcode and address": "exact", "postcode": "exact", "postcode sector": "Same postcode sector",
             "postcode district": "same_district"}


def _web_levels(levels: dict) -> dict:
    """The web app's per-field agreement (forename, surname, date_of_birth, postcode), in its
    vocabulary where it has a word (``exact``, ``transposed``...) and in words otherwise."""
    name = levels.get("name")
    forename, surname = (None, None) if name is None else _NAME.get(name, ("different", "different"))
    dob, postcode = levels.get("dob"), levels.get("location")
    return {"forename": forename, "surname": surname,
            "date_of_birth": None if dob is None else _DOB.get(dob, "different"),
            "postcode": None if postcode is None else _POSTCODE.get(postcode, "different")}


@dataclass(frozen=True)
class ScoredPair:
    """``left`` < ``right`` (record ids); ``levels``: the web app's field → how it agreed (None
    if missing on one record)."""

    left: int
    right: int
    probability: float
    weight: float
    levels: dict


def score_person_records(records: Sequence, minimum: float = 0.5) -> list[ScoredPair]:
    """Every blocked pair scoring at least ``minimum``, highest first.

    ``records``: objects with ``id``, ``forename``, ``surname``, ``date_of_birth`` (a date or None)
    and ``postcode``.
    """
    if len(records) < MIN_RECORDS:
        raise EvidenceError(f"{len(records)} records: the trained model needs at least {MIN_RECORDS}")
    ids = [r.id for r in records]
    frame = pd.DataFrame({
        "source": "people", "record_id": [str(i) for i in ids],
        "forename": [r.forename or "" for r in records], "surname": [r.surname or "" for r in records],
        "dob": [r.date_of_birth.isoformat() if isinstance(r.date_of_birth, dt.date) else "" for r in records],
        "postcode": [r.postcode or "" for r in records],
    })
    frame = validate_records(frame)
    con = duckdb.connect()
    standardise(frame, con, table="standardised")
    pairs, parameters = train_and_predict("standardised", floor=minimum, con=con, explain=True)
    # Each level has its own weight log2(m / u); a missing value weighs 0 (the null level).
    weights = {name: [(level["level"], math.log2(level["m"] / level["u"])) for level in levels
                      if level["m"] and level["u"]]
               for name, levels in parameters.items() if isinstance(levels, list)}
    out = []
    for row in pairs.itertuples(index=False):
        left, right = sorted((ids[row.unique_id_l], ids[row.unique_id_r]))
        levels = {}
        for name, options in weights.items():
            weight = getattr(row, f"mw_{name}")
            levels[name] = next((label for label, w in options if abs(w - weight) < 1e-6), None)
        out.append(ScoredPair(left, right, float(row.match_probability), float(row.match_weight),
                              _web_levels(levels)))
    out.sort(key=lambda p: (-p.probability, p.left, p.right))
    return out
