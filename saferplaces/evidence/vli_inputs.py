"""Building the VLI input table from police.uk counts, the English Indices of Deprivation 2019
files and ONS population estimates, recognised by their column names."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.textfiles import open_text
from saferplaces.evidence.vli import VLIInputs

_KEYS = ("lsoa11_code", "LSOA code (2011)", "LSOA11CD", "lsoa11cd", "LSOA21CD", "lsoa_code")
_POPULATION = "Total population: mid 2015 (excluding prisoners)"
_WORKING_AGE = "Working age population 18-59/64: for use with Employment Deprivation Domain (excluding prisoners)"
_YOUNG_EXACT = ("aged_15_24", "Persons_15-24")
_YOUNG_PROXY = "Persons_16-29"
_SKILLS = "adult_skills_and_english_language_proficiency_indicator"

PROXY_CRIME = ("police.uk 'Burglary' (includes businesses) and 'Criminal damage and arson' stand in for "
               "burglary and criminal damage to dwellings")
PROXY_YOUNG = "people aged 16-29 stand in for people aged 15-24"
PROXY_SKILLS = ("low attainment = the IoD adult skills indicator (share of working-age adults with no or low "
                "qualifications or little English) × working-age population")


def _number(text: str | None) -> float | None:
    text = (text or "").strip().replace(",", "")
    return float(text) if text else None


def _read_keyed(path: Path) -> tuple[list[str], dict[str, dict]]:
    with open_text(path) as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        key = next((k for k in _KEYS if k in columns), None)
        if key is None:
            return list(columns), {}
        return list(columns), {row[key]: row for row in reader if row.get(key)}


def build_vli_inputs(
    crime_counts: Mapping[str, Mapping[str, int]],
    files: list[Path],
    lsoa_names: Mapping[str, str],
    lsoa_wards: Mapping[str, tuple[str, str]] | None = None,
    dwelling_counts: Mapping[str, tuple[int, int]] | None = None,
) -> VLIInputs:
    """One VLI input row per LSOA in ``lsoa_names`` that the deprivation files cover.

    Parameters
    ----------
    crime_counts : LSOA → {crime type: count} from police.uk.
    files : CSVs among which the IoD 2019 underlying indicators, population denominators and an ONS
        population estimate by age are found by their columns.
    lsoa_names : the LSOAs of the study area and their names.
    lsoa_wards : LSOA → (ward code, ward name), to allow aggregation to wards.
    dwelling_counts : LSOA → (burglary dwelling, criminal damage to a dwelling) when a force extract
        gives them; without it the police.uk categories are used and the result is labelled a proxy.
    """
    tables = [_read_keyed(Path(f)) for f in files]
    indicators = next((rows for cols, rows in tables if "income_domain_numerator" in cols), None)
    denominators = next((rows for cols, rows in tables if _POPULATION in cols), None)
    ages = next((rows for cols, rows in tables if any(c in cols for c in (*_YOUNG_EXACT, _YOUNG_PROXY))), None)
    missing = [name for name, table in (("IoD 2019 underlying indicators", indicators),
                                        ("IoD 2019 population denominators", denominators),
                                        ("population by age", ages)) if table is None]
    if missing or indicators is None or denominators is None or ages is None:
        raise EvidenceError(f"the VLI needs these files, not found among the geography files: {', '.join(missing)}")
    notes = {PROXY_SKILLS}
    if dwelling_counts is None:
        notes.add(PROXY_CRIME)
    rows = []
    for code, name in sorted(lsoa_names.items()):
        if code not in indicators or code not in denominators or code not in ages:
            continue
        ind, den, age = indicators[code], denominators[code], ages[code]
        young = next((_number(age[c]) for c in _YOUNG_EXACT if c in age), None)
        if young is None:
            young = _number(age[_YOUNG_PROXY])
            notes.add(PROXY_YOUNG)
        working_age = _number(den[_WORKING_AGE]) or 0.0
        counts = crime_counts.get(code, {})
        burglary, damage = (dwelling_counts or {}).get(code) or (
            counts.get("Burglary", 0), counts.get("Criminal damage and arson", 0))
        row = {
            "code": code, "name": name,
            "population": _number(den[_POPULATION]) or 0.0, "households": None,
            "burglary_dwelling": float(burglary), "criminal_damage_dwelling": float(damage),
            # Suppressed IoD numerators are blank: a blank is taken as zero and noted.
            "income_deprived": _number(ind.get("income_domain_numerator")) or 0.0,
            "employment_deprived": _number(ind.get("employment_domain_numerator")) or 0.0,
            "working_age": working_age, "aged_15_24": young or 0.0,
            "low_attainment": (_number(ind.get(_SKILLS)) or 0.0) * working_age, "adults": working_age,
        }
        if lsoa_wards and code in lsoa_wards:
            row["ward_code"], row["ward_name"] = lsoa_wards[code]
        rows.append(row)
    if not rows:
        raise EvidenceError("no LSOA of the study area appears in all the deprivation files")
    return VLIInputs(tuple(rows), tuple(sorted(notes)))
