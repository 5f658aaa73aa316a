"""Building the VLI input table from police.uk counts, the English Indices of Deprivation 2019
files and ONS population estimates, recognised by their column names."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.textfiles import open_text
from saferplaces.evidence.vli import VLIInputs, is_suppressed

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


def _number(text: str | None, where: str = "") -> float | None:
    """A published number ("1,871"), or None where the publisher suppressed it (blank, "*", "..", "c" …)."""
    if is_suppressed(text):
        return None
    cleaned = (text or "").strip().replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        raise EvidenceError(f"{where}: {text!r} is neither a number nor a suppression mark") from None


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
    crime_note: str = PROXY_CRIME,
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
    crime_note : the proxy note for ``crime_counts`` (another source than police.uk names itself).
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
        notes.add(crime_note)
    rows = []
    for code, name in sorted(lsoa_names.items()):
        if code not in indicators or code not in denominators or code not in ages:
            continue
        ind, den, age = indicators[code], denominators[code], ages[code]
        exact = next((c for c in _YOUNG_EXACT if c in age), None)
        if exact is not None:
            young = _number(age[exact], f"population by age, {code}, {exact}")
        else:
            young = _number(age[_YOUNG_PROXY], f"population by age, {code}, {_YOUNG_PROXY}")
            notes.add(PROXY_YOUNG)
        working_age = _number(den[_WORKING_AGE], f"population denominators, {code}") or 0.0
        skills = _number(ind.get(_SKILLS), f"IoD underlying indicators, {code}, {_SKILLS}")
        counts = crime_counts.get(code, {})
        burglary, damage = (dwelling_counts or {}).get(code) or (
            counts.get("Burglary", 0), counts.get("Criminal damage and arson", 0))
        row = {
            "code": code, "name": name,
            "population": _number(den[_POPULATION], f"population denominators, {code}") or 0.0,
            "households": None,
            "burglary_dwelling": float(burglary), "criminal_damage_dwelling": float(damage),
            # Suppressed IoD values stay None (unknown), never 0: vli.compute leaves them out.
            "income_deprived": _number(ind.get("income_domain_numerator"),
                                       f"IoD underlying indicators, {code}, income_domain_numerator"),
            "employment_deprived": _number(ind.get("employment_domain_numerator"),
                                           f"IoD underlying indicators, {code}, employment_domain_numerator"),
            "working_age": working_age, "aged_15_24": young,
            "low_attainment": None if skills is None else skills * working_age, "adults": working_age,
        }
        if lsoa_wards and code in lsoa_wards:
            row["ward_code"], row["ward_name"] = lsoa_wards[code]
        rows.append(row)
    if not rows:
        raise EvidenceError("no LSOA of the study area appears in all the deprivation files")
    return VLIInputs(tuple(rows), tuple(sorted(notes)))


_NAME_COLUMNS = ("LSOA11NM", "LSOA name (2011)", "LSOA21NM", "LSOA Name", "lsoa11nm", "lsoa_name")


def _named_lsoas(files: list[Path]) -> dict[str, str]:
    """LSOA code → name over the files that name LSOAs (the code where no file names it)."""
    names: dict[str, str] = {}
    for path in files:
        columns, rows = _read_keyed(Path(path))
        column = next((c for c in _NAME_COLUMNS if c in columns), None)
        for code, row in rows.items():
            if column and row.get(column):
                names.setdefault(code, row[column])
    return names


def _authority(lsoa_name: str) -> str:
    """ "Westminster 013E" → "Westminster": ONS LSOA names are the authority's name and a code."""
    return lsoa_name.rsplit(" ", 1)[0] if " " in lsoa_name else lsoa_name


def reference_inputs(crime_counts: Mapping[str, Mapping[str, int]], files: list[Path],
                     police_lsoa_names: Mapping[str, str], name: str | None = None) -> tuple[VLIInputs, str]:
    """VLI rows for a wider reference area: every LSOA the reference deprivation files all cover.

    The crime indicators of those LSOAs come from the police data (``crime_counts``), so the police
    data must cover the reference area: an LSOA of an authority with no police.uk row at all would
    otherwise count as crime-free. ``police_lsoa_names`` are the LSOA names found in the police data.

    Returns
    -------
    (VLIInputs, str)
        The reference rows and the reference area's name (``name``, else "N LSOAs in K local
        authorities" or the authorities' names when there are three or fewer).
    """
    names = _named_lsoas(files)
    inputs = build_vli_inputs(crime_counts, files, names)
    covered = {_authority(row["name"]) for row in inputs.rows if row["name"] != row["code"]}
    policed = {_authority(n) for n in police_lsoa_names.values() if n}
    uncovered = sorted(covered - policed)
    if uncovered:
        shown = ", ".join(uncovered[:8]) + (f" and {len(uncovered) - 8} more" if len(uncovered) > 8 else "")
        raise EvidenceError(f"the VLI reference area includes local authorities with no police.uk data here "
                            f"({shown}): give police.uk files covering the whole reference area, or a narrower "
                            "reference")
    if name is None:
        authorities = sorted(covered)
        name = (" and ".join([", ".join(authorities[:-1]), authorities[-1]] if len(authorities) > 1 else authorities)
                if len(authorities) <= 3 else f"{len(inputs.rows):,} LSOAs in {len(authorities)} local authorities")
    return inputs, name
