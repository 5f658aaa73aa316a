"""Survey results: the MOPAC Public Attitude Survey's published indicators, imported as a KPI source.

MOPAC (the Mayor's Office for Policing and Crime) publishes the Public Attitude Survey's indicators
on the London Datastore (Open Government Licence) as CSV tables by neighbourhood, in a layout meant
for people: the first row names the area column and the questions; one or two more rows, blank in
the first column, say which respondents a column counts (e.g. "White British") and what its figure
counts ("% Excellent or Good"); then a row per neighbourhood, some of them blank and some cells "N/A".
A column without a "% ..." label (the neighbourhood's code, its MOPAC group, a crime rate) is not a
survey figure and is left out, and said so.

The files do not say the period they cover (only their names do), so the importer is told it:
``2016`` (a calendar year), ``2016-17`` (a financial year, April to March) or ``2015-16 to 2020-21``
(pooled years). An import is all or nothing: every problem is reported with its line, and a
re-import of the same survey and period replaces its figures (the change history keeps the old ones).

KPIs whose source is a survey read their figure from the results: :data:`KPI_INDICATORS` says which
question each of the plan's survey KPIs reads. The PAS publishes neighbourhoods, not the borough,
so the reading is the mean of the neighbourhoods' figures for all respondents, unweighted, and its
commentary lists every neighbourhood's figure. A pooled period longer than a year gives no reading.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django.db import transaction

from saferplaces.core import csvimport
from saferplaces.core.context import acting_as
from saferplaces.core.dates import YEARS_TEXT, plausible_year
from saferplaces.plans.models import KPI, KPIReading, Source, SurveyResult
from saferplaces.policy.rules import require_permission

PAS = "MOPAC Public Attitude Survey"
AREA_COLUMNS = {"neighbourhood", "borough", "ward", "area"}
MISSING = {"", "n/a", "na", "-", "*", ".."}
#: the longest period that gives a KPI reading: a year, leap day included
LONGEST_READING_DAYS = 366


def _plain(text: str) -> str:
    """A question as compared: case, punctuation and spacing ignored (the PAS files differ in commas)."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


@dataclass(frozen=True)
class Feed:
    """A survey KPI of the plan (found by words of its name) and the PAS question it reads."""

    kpi_words: str
    indicator: str


#: The plan's survey KPIs. "Public attitude survey" (victims objective 5, the victim journey) reads
#: the PAS headline confidence question; "community concern" (open drug markets in Soho) and concern
#: about gangs read the questions on worry about crime and on gangs, where a higher share is better.
KPI_INDICATORS = [
    Feed("public attitude survey",
         "Taking everything into account how good a job do you think the police in your area are doing?"),
    Feed("community concern", "Are you worried about crime in this area?"),
    Feed("concern about gang", "Are gangs a problem in this area?"),
]


# --- periods --------------------------------------------------------------------------------------

def _year_span(text: str) -> tuple[dt.date, dt.date]:
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    match = re.fullmatch(r"(\d{4})\s*[-/]\s*(\d{2}|\d{4})", text)
    if match:
        year, following = int(match.group(1)), match.group(2)
        if following[-2:] != f"{(year + 1) % 100:02d}" or (len(following) == 4 and int(following) != year + 1):
            raise ValueError(f"'{text}' is not a financial year: the second year must follow the first, as 2016-17")
        return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)
    raise ValueError(f"'{text}' is not a year (2016) or a financial year (2016-17)")


def parse_period(text: str) -> tuple[dt.date, dt.date]:
    """(first day, last day) of a survey period written ``2016``, ``2016-17`` or ``2015-16 to 2020-21``."""
    parts = re.split(r"\s+to\s+", text.strip(), flags=re.I)
    if len(parts) > 2 or not parts[0]:
        raise ValueError(f"'{text}' is not a period: write 2016, 2016-17 or 2015-16 to 2020-21")
    start, end = _year_span(parts[0])[0], _year_span(parts[-1])[1]
    if not (plausible_year(start.year) and plausible_year(end.year)):
        raise ValueError(f"'{text}': the years must be {YEARS_TEXT}")
    if end < start:
        raise ValueError(f"'{text}': the period ends before it starts")
    return start, end


# --- reading a PAS file -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Figure:
    line: int
    indicator: str
    measure: str
    area: str
    group: str
    value: float


@dataclass
class PASFile:
    """What a PAS file holds: its figures, or (line, problem) for everything wrong with it."""

    figures: list[Figure] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)
    left_out_columns: list[str] = field(default_factory=list)
    blank_cells: int = 0
    areas_without_figures: list[str] = field(default_factory=list)


def _header_rows(rows: list[tuple[int, list[str]]], out: PASFile) -> tuple[list[str], list[str], int] | None:
    """Each column's (group, measure) labels from the header lines, and the index of the first data row."""
    line, header = rows[0]
    width = len(header)
    groups, measures = [""] * width, [""] * width
    index = 1
    while index < len(rows) and not rows[index][1][0].strip():
        line, cells = rows[index]
        cells = [c.strip() for c in cells] + [""] * (width - len(cells))
        labels = [c for c in cells[1:] if c]
        is_measure = any(c.startswith("%") for c in labels)
        target = measures if is_measure else groups
        if any(target):
            out.rejected.append((line, f"a second header line of {'measures' if is_measure else 'groups'}"))
            return None
        target[:] = cells[:width]
        index += 1
    return groups, measures, index


def read_pas(text: str) -> PASFile:
    """The figures of a PAS indicators file (the layout described above), or every problem with it."""
    out = PASFile()
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    rows: list[tuple[int, list[str]]] = []
    try:
        for values in reader:
            if any(v.strip() for v in values):
                rows.append((reader.line_num, values))
    except csv.Error as error:
        out.rejected.append((reader.line_num + 1, f"the file cannot be read as CSV: {error}"))
        return out
    if not rows:
        out.rejected.append((1, "the file is empty"))
        return out
    header = [name.strip() for name in rows[0][1]]
    if header[0].lower() not in AREA_COLUMNS:
        out.rejected.append((rows[0][0], f"the first column must name the area (Neighbourhood), not '{header[0]}'"))
        return out
    labels = _header_rows(rows, out)
    if labels is None:
        return out
    groups, measures, first = labels
    columns = [j for j in range(1, len(header)) if measures[j].startswith("%")]
    out.left_out_columns = [header[j] or f"column {j + 1}" for j in range(1, len(header)) if j not in columns]
    seen: dict[tuple[str, str, str, str], int] = {}
    for line, values in rows[first:]:
        if len(values) > len(header) and any(v.strip() for v in values[len(header):]):
            out.rejected.append((line, "more values than columns"))
            continue
        area = values[0].strip()
        found = 0
        for j in columns:
            cell = values[j].strip() if j < len(values) else ""
            if cell.lower() in MISSING:
                out.blank_cells += 1
                continue
            where = f"'{header[j][:60]}'{f' ({groups[j]})' if groups[j] else ''} for {area}"
            try:
                value = float(cell.removesuffix("%"))
            except ValueError:
                out.rejected.append((line, f"{where}: '{cell}' is not a number"))
                continue
            if not 0 <= value <= 100:
                out.rejected.append((line, f"{where}: {cell} is not a percentage from 0 to 100"))
                continue
            key = (_plain(header[j]), measures[j], area, groups[j])
            first_line = seen.setdefault(key, line)
            if first_line != line:
                out.rejected.append((line, f"{where} repeats line {first_line}"))
                continue
            out.figures.append(Figure(line, header[j], measures[j], area, groups[j], value))
            found += 1
        if not found:
            out.areas_without_figures.append(area)
    if not out.figures and not out.rejected:
        out.rejected.append((1, "the file holds no figures: no column is labelled with what it counts (% ...)"))
    return out


# --- importing ------------------------------------------------------------------------------------

@dataclass
class SurveyImport:
    """What an import did: the importer's result (rejected lines, figures imported), what it left out,
    and the KPI readings it made or could not make."""

    result: csvimport.ImportResult
    file: PASFile
    readings: list[KPIReading] = field(default_factory=list)
    kpis_without_figures: list[str] = field(default_factory=list)


def survey_import(*, actor, text: str, period: str, survey: str = PAS) -> SurveyImport:
    """Import a PAS file for ``period`` (coordinators): all its figures or none, then the readings of
    the survey KPIs."""
    require_permission(actor, "plans.manage")
    return results_load(text=text, period=period, survey=survey, actor=actor)


def results_load(*, text: str, period: str, survey: str = PAS, actor=None) -> SurveyImport:
    """The import itself; ``manage.py import_survey`` calls it as the operator (no actor)."""
    start, end = parse_period(period)
    parsed = read_pas(text)
    outcome = SurveyImport(csvimport.ImportResult(rejected=sorted(parsed.rejected, key=lambda r: r[0])), parsed)
    if parsed.rejected:
        return outcome
    with transaction.atomic(), acting_as(actor):
        for held in SurveyResult.objects.filter(survey=survey, period_start=start, period_end=end):
            held.delete()  # one by one, so that the change history keeps each figure replaced
        for figure in parsed.figures:
            SurveyResult.objects.create(survey=survey, period_start=start, period_end=end,
                                        indicator=figure.indicator[:300], measure=figure.measure[:100],
                                        area=figure.area[:100], group=figure.group[:100], value=figure.value)
        outcome.result.imported = len(parsed.figures)
        outcome.readings, outcome.kpis_without_figures = _readings(survey, start, end, actor, period)
    return outcome


def _feed(kpi: KPI) -> Feed | None:
    name = _plain(kpi.name)
    return next((feed for feed in KPI_INDICATORS if feed.kpi_words in name), None)


def _readings(survey: str, start: dt.date, end: dt.date, actor, period: str) -> tuple[list[KPIReading], list[str]]:
    """Readings of the survey KPIs from the period's figures for all respondents; for each survey KPI
    the period gives no figure for, its name and why."""
    results = list(SurveyResult.objects.filter(survey=survey, period_start=start, period_end=end, group=""))
    readings, without = [], []
    for kpi in KPI.objects.filter(source=Source.SURVEY).order_by("pk"):
        feed = _feed(kpi)
        mine = [r for r in results if feed and _plain(r.indicator) == _plain(feed.indicator)]
        if feed is None:
            without.append(f"{kpi.name}: no survey question is known for it")
            continue
        if (end - start).days >= LONGEST_READING_DAYS:
            without.append(f"{kpi.name}: the period is longer than a year")
            continue
        if not mine:
            without.append(f"{kpi.name}: the file has no figure for all respondents to '{feed.indicator}'")
            continue
        mean = sum(r.value for r in mine) / len(mine)
        areas = ", ".join(f"{r.area} {r.value:g}" for r in sorted(mine, key=lambda r: r.area))
        commentary = (f"{survey} {period}: '{mine[0].indicator}', {mine[0].measure}. Mean of {len(mine)} "
                      f"neighbourhood{'s' if len(mine) != 1 else ''}' figures, unweighted: {areas}.")
        reading, _ = KPIReading.objects.update_or_create(
            kpi=kpi, period_start=start,
            defaults={"value": round(mean, 1), "commentary": commentary, "author": actor, "is_sample": False})
        readings.append(reading)
    return readings, without
