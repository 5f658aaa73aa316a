"""The Vulnerable Localities Index (Chainey 2008).

Six indicators per area, each turned into a rate, each indexed so that the reference area scores
100, then combined (equal-weight mean by default). An area scoring above 100 is more vulnerable
than the reference area; Chainey suggests 120 or more marks a priority neighbourhood.

Indicators and the rates used here (numerator ÷ denominator):

=========================  ==============================  ===================================
indicator                  numerator column                denominator column
=========================  ==============================  ===================================
burglary dwelling          ``burglary_dwelling``           ``households`` (else ``population``)
criminal damage, dwelling  ``criminal_damage_dwelling``    ``households`` (else ``population``)
income deprivation         ``income_deprived``             ``population``
employment deprivation     ``employment_deprived``         ``working_age``
young people (15-24)       ``aged_15_24``                  ``population``
low attainment             ``low_attainment``              ``adults``
=========================  ==============================  ===================================

The input table is documented in ``docs/data-dictionary/vli-inputs.md``. Rates are computed from
summed numerators and denominators, so LSOA rows aggregate to wards exactly.

Reference
---------
Chainey, S. (2008). Identifying priority neighbourhoods using the Vulnerable Localities Index.
*Policing: A Journal of Policy and Practice* 2(2), 196-209.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.textfiles import open_text

INDICATORS: dict[str, tuple[str, str]] = {
    "burglary_dwelling": ("burglary_dwelling", "households"),
    "criminal_damage_dwelling": ("criminal_damage_dwelling", "households"),
    "income_deprivation": ("income_deprived", "population"),
    "employment_deprivation": ("employment_deprived", "working_age"),
    "young_people": ("aged_15_24", "population"),
    "low_attainment": ("low_attainment", "adults"),
}
REQUIRED = ("code", "name", "population", "burglary_dwelling", "criminal_damage_dwelling", "income_deprived",
            "employment_deprived", "working_age", "aged_15_24", "low_attainment", "adults")
NUMBERS = tuple(c for c in REQUIRED if c not in {"code", "name"}) + ("households",)


@dataclass(frozen=True)
class VLIUnit:
    code: str
    name: str
    indices: Mapping[str, float]  # indicator → index (reference = 100)
    vli: float


@dataclass(frozen=True)
class VLIResult:
    """VLI per unit, most vulnerable first. ``proxy_notes`` say where inputs stand in for the
    indicator Chainey defines (for example police.uk "Burglary", which includes businesses)."""

    units: tuple[VLIUnit, ...]
    reference_codes: tuple[str, ...]
    weights: Mapping[str, float]
    denominators: Mapping[str, str]
    proxy_notes: tuple[str, ...]


@dataclass(frozen=True)
class VLIInputs:
    rows: tuple[dict, ...]  # each with the REQUIRED columns as numbers, optional ward_code/ward_name
    proxy_notes: tuple[str, ...] = ()


def read_inputs(path: str | Path) -> VLIInputs:
    """Read and validate a per-unit VLI input CSV; every bad cell is reported with its line."""
    path = Path(path)
    with open_text(path) as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise EvidenceError(f"{path} line 1: missing columns {', '.join(missing)}")
        rows, problems, notes = [], [], set()
        for line, raw in enumerate(reader, start=2):
            row = dict(raw)
            for column in NUMBERS:
                value = (raw.get(column) or "").strip()
                if column == "households" and not value:
                    row[column] = None
                    continue
                try:
                    row[column] = float(value.replace(",", ""))
                except ValueError:
                    problems.append(f"{path} line {line}: {column} {value!r} is not a number")
                    continue
                if row[column] < 0:
                    problems.append(f"{path} line {line}: {column} cannot be negative")
            if raw.get("proxy_note"):
                notes.add(raw["proxy_note"])
            rows.append(row)
    if problems:
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        raise EvidenceError("; ".join(problems[:20]) + more)
    if not rows:
        raise EvidenceError(f"{path}: no rows")
    return VLIInputs(tuple(rows), tuple(sorted(notes)))


def aggregate(inputs: VLIInputs, key: str = "ward") -> VLIInputs:
    """Sum LSOA rows into wards (rows need ``ward_code`` and ``ward_name``)."""
    groups: dict[str, dict] = {}
    for row in inputs.rows:
        code = row.get(f"{key}_code")
        if not code:
            raise EvidenceError(f"row {row['code']}: no {key}_code to aggregate by")
        group = groups.setdefault(code, {"code": code, "name": row.get(f"{key}_name") or code,
                                         **{c: 0.0 for c in NUMBERS}})
        for column in NUMBERS:
            if row.get(column) is None:
                group[column] = None
            elif group[column] is not None:
                group[column] += row[column]
    return VLIInputs(tuple(groups.values()), inputs.proxy_notes)


def compute(inputs: VLIInputs, reference: Sequence[str] | None = None,
            weights: Mapping[str, float] | None = None) -> VLIResult:
    """Index each indicator to the reference area (= 100) and combine by a weighted mean.

    Parameters
    ----------
    reference : codes of the units forming the reference area (default: all units).
    weights : indicator → weight (default: equal weights).
    """
    rows = inputs.rows
    codes = {row["code"] for row in rows}
    reference_codes = tuple(reference) if reference else tuple(sorted(codes))
    unknown = [c for c in reference_codes if c not in codes]
    if unknown:
        raise EvidenceError(f"reference codes not in the input: {', '.join(unknown[:10])}")
    weights = dict(weights or {name: 1.0 for name in INDICATORS})
    if set(weights) - set(INDICATORS):
        raise EvidenceError(f"unknown indicators in weights: {sorted(set(weights) - set(INDICATORS))}")
    use_households = all(row.get("households") for row in rows)
    denominators = {}
    reference_rows = [row for row in rows if row["code"] in set(reference_codes)]
    reference_rate = {}
    for name, (numerator, denominator) in INDICATORS.items():
        if denominator == "households" and not use_households:
            denominator = "population"
        denominators[name] = denominator
        total_den = sum(row[denominator] for row in reference_rows)
        if total_den <= 0:
            raise EvidenceError(f"the reference area has no {denominator} for {name}")
        reference_rate[name] = sum(row[numerator] for row in reference_rows) / total_den
    units = []
    total_weight = sum(weights.values())
    for row in rows:
        indices = {}
        for name, (numerator, _) in INDICATORS.items():
            denominator = denominators[name]
            rate = row[numerator] / row[denominator] if row[denominator] else 0.0
            indices[name] = 100 * rate / reference_rate[name] if reference_rate[name] else 100.0
        vli = sum(indices[n] * w for n, w in weights.items()) / total_weight
        units.append(VLIUnit(row["code"], row["name"], indices, vli))
    units.sort(key=lambda u: (-u.vli, u.code))
    notes = list(inputs.proxy_notes)
    if not use_households:
        notes.append("No household counts: dwelling crime rates are per resident, not per household.")
    return VLIResult(tuple(units), reference_codes, weights, denominators, tuple(notes))
