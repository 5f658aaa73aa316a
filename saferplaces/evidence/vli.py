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

Suppressed values. Publishers suppress small counts (the IoD 2019 underlying indicators leave the
employment numerator blank for all six Knightsbridge LSOAs). A suppressed numerator is unknown, never
zero: an area's rate for that indicator is taken over its LSOAs whose value is known (numerator and
denominator both summed over those LSOAs only), the reference rate likewise; when every LSOA of an
area is suppressed the indicator has no index there and the area's VLI is the weighted mean of the
indicators it does have. Each unit lists the LSOAs whose inputs were suppressed.

Reference
---------
Chainey, S. (2008). Identifying priority neighbourhoods using the Vulnerable Localities Index.
*Policing: A Journal of Policy and Practice* 2(2), 196-209.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
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
# The deprivation numerators a publisher may suppress; police counts and denominators may not be.
SUPPRESSIBLE = ("income_deprived", "employment_deprived", "aged_15_24", "low_attainment")
# How publishers mark a suppressed or unavailable value (ONS, MHCLG, NOMIS, GSS conventions).
SUPPRESSION_MARKS = frozenset({"", "*", "**", ".", "..", "...", "-", "–", "—", ":", "c", "x", "z", "u", "n/a", "na",
                               "[c]", "[x]", "[z]", "[u]", "[low]", "#n/a", "suppressed"})


def is_suppressed(text: str | None) -> bool:
    """Whether a cell holds a suppression mark (blank, "*", "..", "-", "c" …) rather than a value."""
    return (text or "").strip().casefold() in SUPPRESSION_MARKS


@dataclass(frozen=True)
class VLIUnit:
    """One area's index. ``indices`` maps indicator → index (reference = 100), ``None`` where every
    input of the area was suppressed; ``suppressed`` maps indicator → the LSOA codes (or the area's
    own code) whose value was suppressed, for indicators with any."""

    code: str
    name: str
    indices: Mapping[str, float | None]
    vli: float
    suppressed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class VLIResult:
    """VLI per unit, most vulnerable first. ``proxy_notes`` say where inputs stand in for the
    indicator Chainey defines (for example police.uk "Burglary", which includes businesses)."""

    units: tuple[VLIUnit, ...]
    reference_codes: tuple[str, ...]
    weights: Mapping[str, float]
    denominators: Mapping[str, str]
    proxy_notes: tuple[str, ...]
    reference_name: str = "all areas"


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
                if column in SUPPRESSIBLE and is_suppressed(value):
                    row[column] = None  # unknown, not zero: see the module's note on suppression
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
    """Sum LSOA rows into wards (rows need ``ward_code`` and ``ward_name``).

    A suppressed numerator (``None``) is left out of its indicator's sums together with its
    denominator: the ward's row keeps, per such indicator, the denominator of its known LSOAs in
    ``known_denominator`` and the suppressed LSOAs in ``suppressed``.
    """
    groups: dict[str, dict] = {}
    members: dict[str, list[dict]] = {}
    for row in inputs.rows:
        code = row.get(f"{key}_code")
        if not code:
            raise EvidenceError(f"row {row['code']}: no {key}_code to aggregate by")
        group = groups.setdefault(code, {"code": code, "name": row.get(f"{key}_name") or code,
                                         **{c: 0.0 for c in NUMBERS}})
        members.setdefault(code, []).append(row)
        for column in NUMBERS:
            if row.get(column) is None:
                if column not in SUPPRESSIBLE:
                    group[column] = None
            elif group[column] is not None:
                group[column] += row[column]
    for code, group in groups.items():
        known_denominator, suppressed = {}, {}
        for name, (numerator, denominator) in INDICATORS.items():
            if numerator not in SUPPRESSIBLE:
                continue
            hidden = [r for r in members[code] if r.get(numerator) is None]
            if not hidden:
                continue
            suppressed[name] = tuple(sorted(r["code"] for r in hidden))
            known = [r for r in members[code] if r.get(numerator) is not None]
            known_denominator[name] = sum(r[denominator] for r in known)
            if not known:
                group[numerator] = None
        group["known_denominator"], group["suppressed"] = known_denominator, suppressed
    return VLIInputs(tuple(groups.values()), inputs.proxy_notes)


def _rate_parts(row: Mapping, name: str, denominator: str) -> tuple[float, float] | None:
    """(numerator, denominator) of ``name`` over the row's known inputs, or None if all are suppressed."""
    numerator = row.get(INDICATORS[name][0])
    if numerator is None:
        return None
    return numerator, (row.get("known_denominator") or {}).get(name, row[denominator])


def _suppressed_in(row: Mapping) -> dict[str, tuple[str, ...]]:
    if row.get("suppressed"):
        return dict(row["suppressed"])
    return {name: (row["code"],) for name, (numerator, _) in INDICATORS.items()
            if numerator in SUPPRESSIBLE and row.get(numerator) is None}


def compute(inputs: VLIInputs, reference: Sequence[str] | None = None,
            weights: Mapping[str, float] | None = None, *, reference_inputs: VLIInputs | None = None,
            reference_name: str | None = None) -> VLIResult:
    """Index each indicator to the reference area (= 100) and combine by a weighted mean.

    Parameters
    ----------
    inputs : VLIInputs
        One row per unit to score (LSOAs, or wards from :func:`aggregate`).
    reference : sequence of str, optional
        Codes of the units of ``inputs`` forming the reference area (default: all units).
    weights : mapping of str to float, optional
        Indicator → weight (default: equal weights).
    reference_inputs : VLIInputs, optional
        Rows of a wider reference area (for example every London LSOA), used instead of ``inputs``
        for the reference rates; ``reference`` then selects among these rows.
    reference_name : str, optional
        How the report names the reference area (default "all areas").

    Returns
    -------
    VLIResult
        Units most vulnerable first. Suppressed inputs are handled as the module describes.
    """
    rows = inputs.rows
    pool = reference_inputs.rows if reference_inputs is not None else rows
    codes = {row["code"] for row in pool}
    reference_codes = tuple(reference) if reference else tuple(sorted(codes))
    unknown = [c for c in reference_codes if c not in codes]
    if unknown:
        raise EvidenceError(f"reference codes not in the input: {', '.join(unknown[:10])}")
    weights = dict(weights or {name: 1.0 for name in INDICATORS})
    if set(weights) - set(INDICATORS):
        raise EvidenceError(f"unknown indicators in weights: {sorted(set(weights) - set(INDICATORS))}")
    use_households = all(row.get("households") for row in (*rows, *pool))
    denominators = {}
    chosen = set(reference_codes)
    reference_rows = [row for row in pool if row["code"] in chosen]
    reference_rate = {}
    for name, (_, denominator) in INDICATORS.items():
        if denominator == "households" and not use_households:
            denominator = "population"
        denominators[name] = denominator
        known = [pair for pair in (_rate_parts(row, name, denominator) for row in reference_rows) if pair is not None]
        total_den = sum(d for _, d in known)
        if total_den <= 0:
            raise EvidenceError(f"the reference area has no {denominator} for {name}"
                                + (" (every value is suppressed)" if not known else ""))
        reference_rate[name] = sum(n for n, _ in known) / total_den
    units = []
    for row in rows:
        indices: dict[str, float | None] = {}
        present: dict[str, float] = {}
        for name in INDICATORS:
            pair = _rate_parts(row, name, denominators[name])
            if pair is None:
                indices[name] = None
                continue
            rate = pair[0] / pair[1] if pair[1] else 0.0
            present[name] = indices[name] = 100 * rate / reference_rate[name] if reference_rate[name] else 100.0
        weight = sum(w for n, w in weights.items() if n in present)
        if not weight:
            raise EvidenceError(f"{row['code']}: every weighted indicator is suppressed")
        vli = sum(present[n] * w for n, w in weights.items() if n in present) / weight
        units.append(VLIUnit(row["code"], row["name"], indices, vli, _suppressed_in(row)))
    units.sort(key=lambda u: (-u.vli, u.code))
    notes = list(inputs.proxy_notes)
    if not use_households:
        notes.append("No household counts: dwelling crime rates are per resident, not per household.")
    return VLIResult(tuple(units), reference_codes, weights, denominators, tuple(notes),
                     reference_name or "all areas")
