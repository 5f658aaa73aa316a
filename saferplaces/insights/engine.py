"""The insights app's calls into the evidence engine, through its public API only.

The engine's errors (bad uploads, impossible parameters) become :class:`EngineError`, the one
error the app's services and views show to the user, in the page's words (:func:`page_words`);
results come back as JSON-ready data, the form the app stores (``AssessmentRun.summary``) and its
templates read.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from saferplaces.evidence import api


class EngineError(Exception):
    pass


# What the web pages call the things the command line names by flag. The engine's messages name no
# flag (its own convention); this is the second line of defence, so that a message written for the
# command line still reads right on a page.
FLAG_WORDS = {
    "events": "the crimes with exact dates file",
    "geography": "the geography files",
    "lookup": "the LSOA-to-ward lookup",
    "boundaries": "the boundaries",
    "level": "the confidence level",
    "periods": "the period lengths",
    "start": "the start month",
    "before": "the length of the before period",
    "after": "the length of the after period",
    "crime-type": "the crime type",
    "treated-area": "the treated area",
    "control-area": "the control area",
    "displacement-area": "the displacement area",
    "displacement-control-area": "the displacement control area",
}
# A flag and its metavar (``--treated-area GEOJSON``); a value the user gave (``'2018-13'``) is kept.
_FLAG = re.compile(r"(?<![\w-])--([a-z][a-z0-9-]*)(?:[ =][A-Z][A-Z0-9_.,]*\b)?")
_HINT = re.compile(r" \(see --[^)]*\)")
_PROGRAM = re.compile(r"^saferplaces(?: [\w-]+)?: (?:error: )?")


def page_words(message: str, folders: Mapping[Path, str] | None = None) -> str:
    """``message`` as a page shows it: no command-line flags, hints or program name, and no server
    paths (each folder in ``folders`` becomes its words; a file in one keeps only its name)."""
    text = _PROGRAM.sub("", _HINT.sub("", message.strip()))
    text = _FLAG.sub(lambda m: FLAG_WORDS.get(m.group(1), "the " + m.group(1).replace("-", " ")), text)
    for folder, words in sorted((folders or {}).items(), key=lambda item: -len(str(item[0]))):
        text = re.sub(re.escape(str(folder)) + r"/(?:[^\s/:,'\"]+/)*", "", text)  # a file: its name only
        text = text.replace(str(folder), words)
    first_word = text.split(" ", 1)[0].rstrip(":,;")
    return text if "." in first_word else text[:1].upper() + text[1:]  # a file's name keeps its case


def _failure(error: api.EvidenceError, folders: Mapping[Path, str] | None = None) -> EngineError:
    return EngineError(page_words(str(error), folders))


def assess(inputs: list[Path], geography: Path | None, report: Path, summary: Path, events: Path | None = None,
           progress: Callable[[str, float], None] | None = None,
           folders: Mapping[Path, str] | None = None) -> dict:
    """Write the strategic assessment report and its JSON summary; return the summary.

    ``progress`` hears each stage as it begins; ``folders`` names the run's folders in words for
    error messages."""
    try:
        assessment = api.strategic_assessment(inputs, geography, report=report, summary=summary, events=events,
                                              progress=progress)
    except api.EvidenceError as error:
        raise _failure(error, folders) from error
    return api.to_data(assessment)


def synthetic_borough(out_dir: Path, seed: int = 1, months: int = 12, per_month: int = 5000) -> None:
    """Write the synthetic demo borough (police.uk files and geography) into ``out_dir``."""
    try:
        api.synthetic_borough(out_dir, seed=seed, months=months, per_month=per_month)
    except api.EvidenceError as error:
        raise _failure(error) from error


def wdd(counts: dict[str, tuple[float, float]], periods: tuple[float, float] | None, level: float) -> dict:
    """The weighted displacement difference test on counts (``treated``, ``control`` and optionally
    ``displacement`` and ``displacement_control``, each (before, after))."""
    try:
        report = api.wdd_from_counts(counts["treated"], counts["control"], counts.get("displacement"),
                                     counts.get("displacement_control"), periods=periods or (1.0, 1.0), level=level)
    except api.EvidenceError as error:
        raise _failure(error) from error
    return api.to_data(report)


def wdd_police(inputs: list[Path], areas: Mapping[str, dict], start: dt.date, before: int | None, after: int | None,
               level: float, crime_types: list[str] | None = None) -> dict:
    """The WDD test on police.uk crimes (optionally of some types only) counted by month in ``areas``
    (name → GeoJSON geometry in longitude and latitude), with the counts it used."""
    with tempfile.TemporaryDirectory(prefix="saferplaces-wdd-") as folder:
        paths = {}
        for name, geometry in areas.items():
            paths[name] = Path(folder) / f"{name}.geojson"
            paths[name].write_text(json.dumps(geometry), encoding="utf-8")
        try:
            report = api.wdd_from_police(inputs, paths, start, before=before, after=after, crime_types=crime_types,
                                         level=level)
        except api.EvidenceError as error:
            raise _failure(error, {Path(folder): "the areas"}) from error
    return api.to_data(report)


def wdd_outcome(result: dict) -> str:
    """"fell" or "rose" when the interval is all on one side of no change, else "unclear": a page
    shows only a fall whose interval excludes no change as a success."""
    low, high = result["interval"]
    if low < 0 and high < 0:
        return "fell"
    if low > 0 and high > 0:
        return "rose"
    return "unclear"
