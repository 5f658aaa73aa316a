"""Harm weighting: counting crimes by how much harm they do, not just how many there are.

Two built-in weight tables ship with the engine (``data/harm/``), each versioned:

``css-style``  in the manner of the ONS Crime Severity Score (average sentence days per offence);
``chi-style``  in the manner of the Cambridge Crime Harm Index (days of custody at the sentencing
               guideline starting point for the typical offence, non-custodial sentences as day
               equivalents).

Both are approximations at police.uk category level, because a category mixes offences of very
different severity; each row states the typical offence assumed. ``docs/harm-weights.md`` says how
they were derived. Replace them with local weights from a CSV (``crime_type,weight``) whenever the
partnership has better ones.

References
----------
Ashby, M. (2018). Comparing methods for measuring crime harm/severity. *Policing* 12(4), 439-454.
Office for National Statistics (2016). Research outputs: developing a Crime Severity Score for England
and Wales using data on crimes recorded by the police.
Sherman, L., Neyroud, P. W. & Neyroud, E. (2016). The Cambridge Crime Harm Index. *Policing* 10(3), 171-183.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from saferplaces.evidence import crime_types
from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.textfiles import open_text

BUILT_IN = {"css-style": "css-style-2024.1.csv", "chi-style": "chi-style-2024.1.csv"}


@dataclass(frozen=True)
class HarmWeights:
    name: str
    version: str
    source: str
    weights: Mapping[str, float]  # canonical police.uk crime type → weight
    assumptions: Mapping[str, str]

    def weight(self, crime_type: str) -> float:
        return self.weights[crime_type]


def _parse(rows, source: str) -> tuple[dict[str, float], dict[str, str]]:
    weights, notes, problems = {}, {}, []
    for line, row in rows:
        name = crime_types.canonical(row.get("crime_type") or "")
        if name is None:
            problems.append(f"{source} line {line}: unknown crime type {row.get('crime_type')!r}")
            continue
        try:
            value = float(row.get("weight", ""))
        except ValueError:
            problems.append(f"{source} line {line}: weight {row.get('weight')!r} is not a number")
            continue
        if value < 0:
            problems.append(f"{source} line {line}: weight cannot be negative")
        if name in weights:
            problems.append(f"{source} line {line}: {name} appears twice")
        weights[name], notes[name] = value, row.get("typical_offence_assumed", "")
    missing = [t for t in crime_types.CURRENT if t not in weights]
    if missing:
        problems.append(f"{source}: no weight for {', '.join(missing)}")
    if problems:
        raise EvidenceError("; ".join(problems))
    return weights, notes


def load_weights(name_or_path: str = "css-style") -> HarmWeights:
    """A built-in table by name (``css-style``, ``chi-style``) or a CSV of ``crime_type,weight``."""
    if name_or_path in BUILT_IN:
        file_name = BUILT_IN[name_or_path]
        text = resources.files("saferplaces.evidence").joinpath("data", "harm", file_name).read_text("utf-8")
        rows = enumerate(csv.DictReader(text.splitlines()), start=2)
        weights, notes = _parse(rows, file_name)
        version = file_name.removesuffix(".csv").split("-style-")[1]
        return HarmWeights(name_or_path, version, f"built in ({file_name})", weights, notes)
    path = Path(name_or_path)
    if not path.exists():
        raise EvidenceError(f"{name_or_path}: not a built-in weight table ({', '.join(BUILT_IN)}) nor a file")
    with open_text(path) as handle:
        reader = csv.DictReader(handle)
        if not {"crime_type", "weight"} <= set(reader.fieldnames or []):
            raise EvidenceError(f"{path} line 1: the header needs crime_type and weight columns")
        weights, notes = _parse(enumerate(reader, start=2), str(path))
    return HarmWeights(path.stem, "local", str(path), weights, notes)


def harm_by_type(counts: Mapping[str, int], weights: HarmWeights) -> dict[str, float]:
    """Harm per crime type: count × weight."""
    return {crime_type: count * weights.weight(crime_type) for crime_type, count in counts.items()}
