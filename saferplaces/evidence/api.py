"""The evidence engine's public API: the one doorway for the web app, scripts and the command line.

Everything here takes plain values and paths and returns a frozen dataclass (or SVG text); nothing
prints, exits or reads ``sys.argv``. Results become JSON through :func:`to_data` / :func:`to_json`,
the engine's one serialiser. Errors are :class:`EvidenceError` subclasses whose messages name the
parameter or file in words, so that any caller can show them to a person.

Other modules of ``saferplaces.evidence`` are internal: code outside the engine imports this module
only (a test in ``tests/test_architecture.py`` holds the web apps to it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from saferplaces.evidence.errors import EvidenceError, InputError, ParameterError
from saferplaces.evidence.serialise import to_data, to_json
from saferplaces.evidence.summaries import (
    AreaConcentration,
    Chain,
    ChainCount,
    NearRepeatChains,
    RecordedCrime,
    SyntheticPeople,
    VLIReport,
)
from saferplaces.evidence.textfiles import read_text

if TYPE_CHECKING:
    import pandas as pd

    from saferplaces.evidence.assess import Assessment, Progress
    from saferplaces.evidence.evaluation import Counts
    from saferplaces.evidence.geography import Geography, locate_points, to_bng
    from saferplaces.evidence.hotspot_map import HotspotMap
    from saferplaces.evidence.intervention import WDDReport
    from saferplaces.evidence.linkage import Accuracy, LinkResult, Purpose, QualityNote
    from saferplaces.evidence.linkage.files import FileLinkage, LabelledAccuracy, LinkSummary
    from saferplaces.evidence.linkage.records import (
        ClericalDecision,
        LinkageRecord,
        RecordKey,
        RecordLinkage,
        ReviewPair,
    )
    from saferplaces.evidence.load.quality import QualityReport
    from saferplaces.evidence.near_repeat import KnoxResult
    from saferplaces.evidence.poisson import RateComparison
    from saferplaces.evidence.pvalues import format_p
    from saferplaces.evidence.reoffending import ReoffendingReport
    from saferplaces.evidence.repeats import RepeatReport
    from saferplaces.evidence.report.svg import line_chart
    from saferplaces.evidence.study_area import StudyArea
    from saferplaces.evidence.synthetic.borough import Borough

#: Public names defined elsewhere in the engine (``module`` or ``module:attribute``), imported when
#: first used: each command needs only its own analysis, and importing them all (scipy, shapely,
#: splink, …) took longer than ``quality``'s whole reading of 32 monthly files (PEP 562 ``__getattr__``).
_ELSEWHERE = {
    "ASSESSMENT_STAGES": "saferplaces.evidence.assess:STAGES",
    "Accuracy": "saferplaces.evidence.linkage",
    "Assessment": "saferplaces.evidence.assess",
    "Borough": "saferplaces.evidence.synthetic.borough",
    "ClericalDecision": "saferplaces.evidence.linkage.records",
    "FileLinkage": "saferplaces.evidence.linkage.files",
    "HotspotMap": "saferplaces.evidence.hotspot_map",
    "KnoxResult": "saferplaces.evidence.near_repeat",
    "LabelledAccuracy": "saferplaces.evidence.linkage.files",
    "LinkResult": "saferplaces.evidence.linkage",
    "LinkSummary": "saferplaces.evidence.linkage.files",
    "LinkageRecord": "saferplaces.evidence.linkage.records",
    "Purpose": "saferplaces.evidence.linkage",
    "QualityReport": "saferplaces.evidence.load.quality",
    "RateComparison": "saferplaces.evidence.poisson",
    "RecordKey": "saferplaces.evidence.linkage.records",
    "RecordLinkage": "saferplaces.evidence.linkage.records",
    "RepeatReport": "saferplaces.evidence.repeats",
    "ReoffendingReport": "saferplaces.evidence.reoffending",
    "ReviewPair": "saferplaces.evidence.linkage.records",
    "StudyArea": "saferplaces.evidence.study_area",
    "WDDReport": "saferplaces.evidence.intervention",
    "format_p": "saferplaces.evidence.pvalues",
    "line_chart": "saferplaces.evidence.report.svg",
    "locate_points": "saferplaces.evidence.geography",
    "to_bng": "saferplaces.evidence.geography",
    "LINKAGE_PURPOSES": "saferplaces.evidence.linkage:PURPOSES",
    "LinkageQualityNote": "saferplaces.evidence.linkage:QualityNote",
}


def __getattr__(name: str):
    if name not in _ELSEWHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, _, attribute = _ELSEWHERE[name].partition(":")
    value = getattr(importlib.import_module(module), attribute or name)
    globals()[name] = value
    return value


__all__ = [
    # errors
    "EvidenceError", "InputError", "ParameterError",
    # results
    "ASSESSMENT_STAGES", "AreaConcentration", "Assessment", "Borough", "HotspotMap", "KnoxResult", "NearRepeatChains",
    "QualityReport", "RateComparison", "RecordedCrime", "RepeatReport", "StudyArea", "SyntheticPeople", "VLIReport",
    "WDDReport",
    # analyses
    "area_concentration", "hotspots", "knox", "near_repeat_chains", "poisson_rate_test", "quality_report",
    "recorded_crime", "repeats", "strategic_assessment", "vulnerable_localities", "wdd_from_counts", "wdd_from_events",
    "wdd_from_police",
    # synthetic data
    "synthetic_borough", "synthetic_people", "synthetic_people_table",
    # geography, charts and p-values for the web app
    "format_p", "hotspot_map_svg", "line_chart", "locate_points", "to_bng",
    # JSON
    "to_data", "to_json",
    # person linkage
    "Accuracy", "ClericalDecision", "FileLinkage", "LINKAGE_PURPOSES", "LabelledAccuracy", "LinkResult", "LinkSummary",
    "LinkageQualityNote", "LinkageRecord", "Purpose", "RecordKey", "RecordLinkage", "ReviewPair", "link_files",
    "link_person_records", "link_person_table",
    # proven re-offending
    "ReoffendingReport", "reoffending", "reoffending_from_rows",
]

#: The assessment's stages in order, with the rough share of its running time done before each.
#: Read through ``__getattr__`` (see _ELSEWHERE).
ASSESSMENT_STAGES: tuple[tuple[str, float], ...]

PathLike = str | Path
Folders = PathLike | Sequence[PathLike]


def _geography(folders: Folders | None) -> Geography | None:
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.geography import load_geography
    if folders is None or (not isinstance(folders, (str, Path)) and not folders):
        return None
    return load_geography(folders)


def _areas(by: str, geography: Folders | None, lookup: PathLike | None) -> Geography | None:
    """The geography to count ``by`` ward or LSOA in: the folders' and an extra lookup's."""
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.geography import Geography
    if by not in ("ward", "lsoa"):
        raise ParameterError(f"areas must be by ward or by lsoa, not {by!r}")
    areas = _geography(geography)
    if lookup is not None:
        areas = areas or Geography()
        if not areas.add_lookup(Path(lookup)):
            raise InputError(f"{lookup}: not an LSOA-to-ward lookup (no LSOA..CD and WD..CD columns)")
    return areas


def strategic_assessment(paths: Sequence[PathLike], geography: Folders | None = None, *,
                         report: PathLike | None = None, summary: PathLike | None = None,
                         title: str | None = None, harm: str = "css-style", events: PathLike | None = None,
                         seed: int = 1, recorded_crime: PathLike | None = None,
                         recorded_period: str | None = None, crime_type: str | None = None,
                         vli_reference: Folders | None = None, vli_reference_name: str | None = None,
                         progress: Progress | None = None, areas: Sequence[str] | None = None) -> Assessment:
    """The annual strategic assessment of police.uk data, optionally written as HTML and JSON.

    Runs every analysis once: data quality, concentration by ward and LSOA (Gini, Lorenz; Bernasco &
    Steenbeek 2017), harm (crime severity weights), trends and year-on-year change (E-test;
    Krishnamoorthy & Thomson 2004), hot spots (Getis & Ord 1992), the Vulnerable Localities Index
    (Chainey 2008) and, given exact-date events, the Knox table of near repeats (Knox 1964).

    Parameters
    ----------
    paths : sequence of path
        police.uk street-level files, folders or monthly archive zips.
    geography : path or sequence of paths, optional
        Folder(s) of boundary GeoJSON, the LSOA-to-ward lookup and deprivation files.
    report : path, optional
        Write the self-contained HTML report here.
    summary : path, optional
        Write the results as JSON (:func:`to_json` of the assessment) here.
    title : str, optional
        Report title; by default named after what the report covers: one local authority by its
        name, several by their count and region ("London: 33 local authorities").
    harm : str
        Harm weights: "css-style", "chi-style" or a CSV of crime_type,weight.
    events : path, optional
        Events CSV with exact dates (a force extract) for the near-repeat table.
    seed : int
        Seed of every random step (bootstraps, permutations).
    recorded_crime : path, optional
        The force's recorded-crime table by LSOA (as :func:`recorded_crime` reads): the VLI's burglary
        and criminal damage are taken from it rather than from police.uk.
    recorded_period : str, optional
        The year (or month) of the recorded crime for the VLI; by default the year of the data's
        last month when the table has it, else the table's latest year.
    crime_type : str, optional
        Also map the hot spots of this one police.uk crime type ("Burglary", as in the CSV "Crime
        type" column, or its API slug); an unknown type is refused with the list of valid ones.
    vli_reference : path or sequence of paths, optional
        Files or folders with the deprivation files (IoD 2019 underlying indicators, population
        denominators, population by age) of a wider reference area, e.g. every London LSOA: the VLI
        is then indexed to that area (= 100). The police files must cover the same area.
    vli_reference_name : str, optional
        The reference area's name in the report ("London"); by default its authorities or size.
    progress : callable, optional
        Called as ``progress(stage, share_done)`` when each stage begins: "reading" (the files, and
        each crime placed in its area), "concentration", "VLI", "hot spots", "near repeats" (only
        with ``events``) and "writing"; ``share_done`` (0 to 1) is the rough share of the running
        time behind it (:data:`ASSESSMENT_STAGES`).
    areas : sequence of str, optional
        Local authorities to cover, by code or name (or a region's name, with a region lookup in
        ``geography``). By default, those the data falls in: crimes snapped just over a border are
        left out, and so are the other authorities of a national lookup.

    Returns
    -------
    Assessment
        Every finding; ``headlines`` are its plain-English summary. With a population file among
        the geography files, ``rates`` gives crimes per 1,000 residents (and workday population).

    Raises
    ------
    InputError
        A file is missing or is not police.uk data, or ``areas`` is given without a lookup naming
        local authorities.
    ParameterError
        An output path cannot be written (no such folder, a folder given as the file, the report and
        summary on one path); checked before anything is read, and nothing is written. An unknown
        crime type. A name in ``areas`` that is not a local authority of the lookup.
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.assess import STAGES, write_outputs
    from saferplaces.evidence.assess import strategic_assessment as _strategic_assessment
    from saferplaces.evidence.outputs import check_files
    # Checked before the analysis, so that a wrong path fails at once and no file is half written.
    check_files({"report file": report, "JSON summary file": summary})
    assessment = _strategic_assessment(list(paths), geography or None, title=title, harm=harm, seed=seed,
                                       events=events, recorded_crime=recorded_crime, recorded_period=recorded_period,
                                       crime_type=crime_type, vli_reference=vli_reference,
                                       vli_reference_name=vli_reference_name, progress=progress, areas=areas)
    if progress is not None and (report or summary):
        progress("writing", dict(STAGES)["writing"])
    write_outputs(assessment, report, summary)
    return assessment


def quality_report(paths: Sequence[PathLike], geography: Folders | None = None,
                   force: str | None = None) -> QualityReport:
    """The data-quality report of police.uk files, without analysing them.

    Parameters
    ----------
    paths : sequence of path
        police.uk files, folders or archive zips.
    geography : path or sequence of paths, optional
        Boundaries used to place rows that have no LSOA.
    force : str, optional
        The force whose area police.uk API records were fetched for (``metropolitan`` or
        "Metropolitan Police Service"): the API marks its records only "Force" or "BTP".

    Returns
    -------
    QualityReport
        Rows by force and month, missing months, blanks, duplicates and dropped rows.
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.load import load_police
    return load_police(list(paths), _geography(geography), force=force).quality


def area_concentration(paths: Sequence[PathLike], *, by: str, geography: Folders | None = None,
                       lookup: PathLike | None = None, include_asb: bool = False,
                       areas: Sequence[str] | None = None) -> AreaConcentration:
    """How concentrated crime is across wards or LSOAs (Gini and generalized Gini; Bernasco & Steenbeek 2017).

    Parameters
    ----------
    paths : sequence of path
        police.uk files, folders or archive zips.
    by : {"ward", "lsoa"}
        The areas to count in.
    geography : path or sequence of paths, optional
        Folder(s) of boundaries and lookups.
    lookup : path, optional
        An ONS LSOA-to-ward lookup CSV (wards need one, here or in ``geography``).
    include_asb : bool
        Count anti-social behaviour with crime.
    areas : sequence of str, optional
        Local authorities to count in, by code or name; by default those the data falls in (the
        lookup must name local authorities for either).

    Returns
    -------
    AreaConcentration
        With ``rates`` per 1,000 residents when a population file is among the geography files. Only
        the wards or LSOAs of the authorities covered are counted, those with no crime included.
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.areas import count_by_area
    from saferplaces.evidence.concentration import concentration
    from saferplaces.evidence.load import load_police
    from saferplaces.evidence.rates import rates_for_counts
    from saferplaces.evidence.study_area import apply_study_area
    places = _areas(by, geography, lookup)
    data = load_police(list(paths), places)
    places, study = apply_study_area(data.con, places, areas)
    counts = count_by_area(data.con, by, places, include_asb=include_asb)
    result = concentration(counts.codes, counts.names, counts.counts, k=3)
    return AreaConcentration(by=by, total=result.total, areas=result.areas, top3_share=result.top_k_share,
                             gini=result.gini, generalized_gini=result.generalized_gini,
                             unassigned=counts.unassigned, include_asb=include_asb,
                             rates=rates_for_counts(data.con, places, counts), study_area=study)


def recorded_crime(table: PathLike, *, by: str = "lsoa", geography: Folders | None = None,
                   lookup: PathLike | None = None, period: str | None = None) -> RecordedCrime:
    """The force's recorded crime by LSOA as a count source: totals over time, the change on the
    period before (E-test; Krishnamoorthy & Thomson 2004) and concentration by ward or LSOA (Gini and
    generalized Gini; Bernasco & Steenbeek 2017).

    Parameters
    ----------
    table : path
        A recorded-crime table by LSOA: the MPS annual files stacked (``category_file``, ``LSOA11CD``
        … ``2011`` … ``2021``) or the MPS monthly layout (``LSOA Code``, ``Major Category``,
        ``Minor Category``, ``YYYYMM`` …); see ``docs/evidence-engine.md``.
    by : {"lsoa", "ward"}
        The areas to count in.
    geography : path or sequence of paths, optional
        Folder(s) of boundaries and lookups.
    lookup : path, optional
        An ONS LSOA-to-ward lookup CSV (wards need one, here or in ``geography``).
    period : str, optional
        The year (``YYYY``) or month (``YYYY-MM``) to count the areas over; by default the latest
        year (the last twelve months of a monthly table).

    Returns
    -------
    RecordedCrime
        The series, the change, seasonality (monthly tables) and the areas' counts.

    Raises
    ------
    InputError
        The table cannot be read (no LSOA code or period columns, a bad count: file and line named).
    ParameterError
        A period the table does not have, or areas neither by ward nor by LSOA.
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.areas import count_by_area
    from saferplaces.evidence.concentration import concentration
    from saferplaces.evidence.recorded_crime import (
        absent_months,
        crimes_table,
        period_change,
        period_columns,
        read_recorded_crime,
    )
    from saferplaces.evidence.trends import monthly_series, seasonality
    areas = _areas(by, geography, lookup)
    counts = read_recorded_crime(table)
    label, columns = period_columns(counts, period)
    counted = count_by_area(crimes_table(counts, columns), by, areas)
    result = concentration(counted.codes, counted.names, counted.counts, k=3)
    totals = counts.counts[counts.counted].sum(axis=0)
    if counts.resolution == "month":
        series = monthly_series(counts.periods, [int(n) for n in totals], without_data=absent_months(counts))
        periods, series_totals, seasons = series.months, series.counts, seasonality(series)
    else:
        periods, series_totals, seasons = counts.periods, tuple(int(n) for n in totals), None
    not_summed = {c for c, s in zip(counts.categories, counts.counted, strict=True) if not s}
    per_category: dict[str, int] = {}
    for category, n, summed in zip(counts.categories, counts.counts[:, columns].sum(axis=1), counts.counted,
                                   strict=True):
        if summed:
            per_category[category] = per_category.get(category, 0) + int(n)
    return RecordedCrime(
        source=counts.source, resolution=counts.resolution, period=label,
        categories=tuple(sorted({c for c, s in zip(counts.categories, counts.counted, strict=True) if s})),
        not_summed=tuple(sorted(not_summed)),
        all_zero=tuple(sorted(set(counts.categories) - not_summed - {
            c for c, n in zip(counts.categories, counts.counts.sum(axis=1), strict=True) if n})),
        periods=periods, totals=series_totals, change=period_change(counts, label, columns), seasonality=seasons,
        areas=AreaConcentration(by=by, total=result.total, areas=result.areas, top3_share=result.top_k_share,
                                gini=result.gini, generalized_gini=result.generalized_gini,
                                unassigned=counted.unassigned, include_asb=False),
        by_category=tuple(sorted(per_category.items(), key=lambda item: (-item[1], item[0]))),
    )


def knox(events: PathLike, *, distance_bands: Sequence[float] = (0, 1, 100, 200, 300, 400),
         time_bands: Sequence[float] = (0, 7, 14, 21, 28, 35), permutations: int = 999, seed: int = 1,
         metric: str = "euclidean", month_bands: bool = False) -> KnoxResult:
    """The Knox test for near repeats (Knox 1964; Johnson et al. 2007) on an events CSV.

    Parameters
    ----------
    events : path
        Events CSV: id, date, and x, y (metres) or longitude, latitude.
    distance_bands : sequence of float
        Distance edges in metres; band i is ``edge[i] <= distance < edge[i+1]``.
    time_bands : sequence of int
        Time edges in whole days (months with ``month_bands``).
    permutations : int
        Monte Carlo permutations of the dates.
    seed : int
        Random seed.
    metric : {"euclidean", "manhattan"}
        Distance between events.
    month_bands : bool
        Count time in calendar months: the only way to use month-only dates such as police.uk's.

    Returns
    -------
    KnoxResult
        Observed and expected pairs, ratios and p-values; rows are distance bands, columns time bands.
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.events import load_events
    from saferplaces.evidence.near_repeat import knox_test
    return knox_test(load_events(events), distance_bands=distance_bands, time_bands=time_bands,
                     permutations=permutations, seed=seed, metric=metric, month_bands=month_bands)


def near_repeat_chains(events: PathLike, *, distance: float, days: int,
                       metric: str = "euclidean") -> NearRepeatChains:
    """Near-repeat chains: events linked within ``distance`` metres and ``days`` days (Townsley et al. 2003).

    Parameters
    ----------
    events : path
        Events CSV: id, date, and x, y (metres) or longitude, latitude.
    distance : float
        Link events at most this many metres apart …
    days : int
        … and at most this many whole days apart.
    metric : {"euclidean", "manhattan"}
        Distance between events.

    Returns
    -------
    NearRepeatChains
        Chain sizes and every chain's event ids.
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.events import load_events
    from saferplaces.evidence.near_repeat import near_repeat_chains as _near_repeat_chains
    loaded = load_events(events)
    result = _near_repeat_chains(loaded, distance=distance, days=days, metric=metric)
    chains = tuple(Chain(int(size), tuple(str(loaded.ids[i]) for i in result.members(number)))
                   for number, size in enumerate(result.sizes))
    return NearRepeatChains(
        distance=result.distance, days=result.days, metric=result.metric, events=result.events,
        events_in_chains=result.events_in_chains, links=result.links,
        distribution=tuple(ChainCount(size, count) for size, count in result.distribution), chains=chains,
        convention=result.convention)


def poisson_rate_test(count1: int, count2: int, exposure1: float = 1.0, exposure2: float = 1.0, *,
                      alternative: str = "two-sided", level: float = 0.95) -> RateComparison:
    """Are two Poisson rates different? The E-test (Krishnamoorthy & Thomson 2004).

    Parameters
    ----------
    count1, count2 : int
        The counts (e.g. crimes after and before).
    exposure1, exposure2 : float
        Their exposures: period lengths, populations …
    alternative : {"two-sided", "greater", "less"}
        "greater": rate1 > rate2; "less": rate1 < rate2.
    level : float
        Confidence level of the rate-ratio interval, between 0 and 1.

    Returns
    -------
    RateComparison
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.poisson import e_test
    if not 0 < level < 1:
        raise ParameterError("the confidence level must be between 0 and 1, e.g. 0.95")
    try:
        return e_test(count1, count2, exposure1, exposure2, alternative=alternative, level=level)
    except ValueError as error:
        raise ParameterError(str(error)) from None


def hotspots(events: PathLike, *, method: str = "gistar", cell_size: float = 100.0, grid: str = "square",
             boundary: PathLike | None = None, areas: PathLike | None = None, permutations: int = 999,
             seed: int = 0, alternative: str = "two-sided", fdr: bool = True, bandwidth: float | None = None,
             new_class: bool = False, score_against: PathLike | None = None,
             max_cells: int | None = None, crime_type: str | None = None) -> HotspotMap:
    """Hot spots of events on a grid or on given areas.

    Getis-Ord Gi* (Getis & Ord 1992; Ord & Getis 1995), local Moran's I (Anselin 1995), quartic
    kernel density, or emerging hot spots (Gi* per month with the Mann-Kendall trend test), each
    with conditional permutations and the false-discovery rate (Benjamini & Hochberg 1995).

    Parameters
    ----------
    events : path
        Events CSV: id, date, and x, y (National Grid metres) or longitude, latitude.
    method : {"gistar", "moran", "kde", "emerging"}
        The statistic.
    cell_size : float
        Cell size in metres.
    grid : {"square", "hex"}
        Cell shape.
    boundary : path, optional
        GeoJSON polygons to clip the grid to; events outside are reported as strays.
    areas : path, optional
        GeoJSON polygons (LSOAs, wards) to use instead of a grid, with queen contiguity
        (gistar and moran only).
    permutations, seed : int
        Conditional permutations and their random seed.
    alternative : {"two-sided", "directed"}
        Pseudo p-value convention ("directed" is esda's ``p_sim``).
    fdr : bool
        Class cells on false-discovery-rate adjusted p-values (else raw ones).
    bandwidth : float, optional
        Kernel density bandwidth in metres (default five cells).
    new_class : bool
        Emerging: also class cells hot only in the last month as "new hot spot".
    score_against : path, optional
        Events of a later period: add the hit rate, PAI and PEI (Chainey et al. 2008) of the hot spots.
    max_cells : int, optional
        Refuse grids larger than this.
    crime_type : str, optional
        Map only events of this police.uk crime type (as in the CSV "Crime type" column, or its API
        slug); an unknown type is refused with the list of valid ones.

    Returns
    -------
    HotspotMap
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.hotspot_map import hotspot_map
    return hotspot_map(events, method=method, cell_size=cell_size, grid=grid, boundary=boundary, areas=areas,
                       permutations=permutations, seed=seed, alternative=alternative, fdr=fdr,
                       bandwidth=bandwidth, new_class=new_class, score_against=score_against, max_cells=max_cells,
                       crime_type=crime_type)


def hotspot_map_svg(result: HotspotMap, *, boundary: PathLike | None = None, areas: PathLike | None = None,
                    title: str | None = None) -> str:
    """A result of :func:`hotspots` as a self-contained SVG map a board can read.

    Hot and cold spots (or emerging classes, local Moran quadrants, density classes) over the area's
    fill, under its outlines and boundary, with numbered areas and their key (up to 25 areas), a
    scale bar, a north arrow and the police.uk and ONS licence attribution.

    Parameters
    ----------
    result : HotspotMap
        From :func:`hotspots`.
    boundary : path, optional
        GeoJSON of the area's boundary, drawn under the grid (as given to :func:`hotspots`).
    areas : path, optional
        GeoJSON of the areas of an area map (default: the file the result was computed on), or of
        areas (wards) to outline and number under a grid.
    title : str, optional
        The map's accessible title.

    Returns
    -------
    str
        An ``<svg>`` document.
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.geography import read_boundary
    from saferplaces.evidence.polygons import load_areas
    from saferplaces.evidence.report.hotspot_svg import hotspot_svg
    outlines: dict = {}
    names: dict[str, str] = {}
    shapes = None
    areas_path = areas if areas is not None else result.areas_file
    if areas_path is not None:
        loaded = load_areas(areas_path)
        shapes = dict(zip(loaded.codes, loaded.geometries, strict=True))
        names = dict(zip(loaded.codes, loaded.names, strict=True))
        outlines = dict(shapes)
    if boundary is not None:
        outlines["boundary"] = read_boundary(boundary)
    return hotspot_svg(result, outlines=outlines, outline_names=names or None,
                       area_shapes=shapes if result.areas is not None else None, title=title)


def _crime_groups(groups: Mapping[str, Sequence[str]] | PathLike | None) -> dict[str, list[str]] | None:
    if groups is None:
        return None
    if isinstance(groups, (str, Path)):
        try:
            groups = json.loads(read_text(groups))
        except ValueError as error:
            raise InputError(f"crime groups file {groups}: not a readable JSON file ({error})") from error
    if not isinstance(groups, Mapping) or not all(
            isinstance(v, (list, tuple)) and all(isinstance(t, str) for t in v) for v in groups.values()):
        raise ParameterError("crime groups must map a group name to a list of crime types")
    return {str(name): list(types) for name, types in groups.items()}


def repeats(victims: PathLike, *, groups: Mapping[str, Sequence[str]] | PathLike | None = None,
            lookback_days: int = 365, population: int | None = None) -> RepeatReport:
    """Repeat victimisation (Farrell & Pease 1993; Pease 1998) from victim records.

    Parameters
    ----------
    victims : path
        Victim records CSV: victim_id, date, crime_type [, attempt, address, area].
    groups : mapping or path, optional
        Group name → crime types counted as the same type, or a JSON file holding that.
    lookback_days : int
        How far back an earlier victimisation makes a repeat (at least 1).
    population : int, optional
        Residents, for rates per 1,000.

    Returns
    -------
    RepeatReport
        Prevalence, incidence, concentration, repeat rates and time to repeat.
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.repeats import load_victimisations, repeat_victimisation
    if lookback_days < 1:
        raise ParameterError("the look-back must be at least 1 day")
    return repeat_victimisation(load_victimisations(victims), groups=_crime_groups(groups),
                                lookback_days=lookback_days, population=population)


def vulnerable_localities(inputs: PathLike, *, by: str = "lsoa",
                          reference: Sequence[str] | None = None) -> VLIReport:
    """The Vulnerable Localities Index (Chainey 2008) from a per-area input CSV.

    Parameters
    ----------
    inputs : path
        Per-LSOA (or per-ward) inputs; see ``docs/data-dictionary/vli-inputs.md``.
    by : {"lsoa", "ward"}
        "ward" sums LSOA rows by their ward_code first.
    reference : sequence of str, optional
        Codes forming the reference area (index 100); by default every row.

    Returns
    -------
    VLIReport
        Indices rounded to two places, most vulnerable first.
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.vli import VLIUnit, aggregate, compute, read_inputs
    if by not in ("lsoa", "ward"):
        raise ParameterError(f"the index is by lsoa or by ward, not {by!r}")
    rows = read_inputs(inputs)
    result = compute(aggregate(rows, "ward") if by == "ward" else rows, list(reference) if reference else None)
    units = tuple(VLIUnit(u.code, u.name, {k: None if v is None else round(v, 2) for k, v in u.indices.items()},
                          round(u.vli, 2), u.suppressed) for u in result.units)
    return VLIReport(by=by, reference=result.reference_codes, denominators=dict(result.denominators),
                     notes=result.proxy_notes, units=units)


def wdd_from_counts(treated: Counts, control: Counts, displacement: Counts | None = None,
                    displacement_control: Counts | None = None, *, periods: tuple[float, float] = (1.0, 1.0),
                    sizes: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0),
                    level: float = 0.9) -> WDDReport:
    """Did a place-based intervention work? The weighted displacement difference test on counts.

    Wheeler & Ratcliffe (2018), with Wheeler's weights for unequal periods and area sizes.

    Parameters
    ----------
    treated, control : (before, after)
        Counts in the treated area and its control area.
    displacement, displacement_control : (before, after), optional
        Counts in a displacement area and its control (both or neither).
    periods : (before, after)
        Period lengths, when they differ.
    sizes : (treated, control, displacement, displacement control)
        Area sizes, to compare densities.
    level : float
        Confidence level of the interval.

    Returns
    -------
    WDDReport
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.intervention import wdd_from_counts as _wdd_from_counts
    return _wdd_from_counts(treated, control, displacement, displacement_control, periods=periods, sizes=sizes,
                            level=level)


def wdd_from_events(events: PathLike, areas: Mapping[str, PathLike], start: dt.date, *,
                    before: int | None = None, after: int | None = None, crime_types: Iterable[str] | None = None,
                    harm: str | None = None, per_km2: bool = False, level: float = 0.9,
                    without_data: Iterable[str] = ()) -> WDDReport:
    """The weighted displacement difference test (Wheeler & Ratcliffe 2018) on events in boundaries.

    Parameters
    ----------
    events : path
        Events CSV: id, date, x/y or longitude/latitude, crime_type.
    areas : mapping of str to path
        GeoJSON boundary of each area: "treated" and "control" are needed, "displacement" and
        "displacement_control" optional. An event counts in the first area (in that order) holding it.
    start : datetime.date
        When the intervention started (the first of a month for month-only data).
    before, after : int, optional
        Period lengths in days (months for month-only data); by default to the edges of the data.
    crime_types : iterable of str, optional
        Count only these crime types.
    harm : str, optional
        Weight by harm: "css-style", "chi-style" or a CSV of crime_type,weight.
    per_km2 : bool
        Compare densities rather than counts.
    level : float
        Confidence level of the interval.
    without_data : iterable of str
        Months ("YYYY-MM") known to have no data, for month-only events. Months a force lacks (with a
        ``force`` column) or with no event at all are found in the file; they are not counted in
        the period lengths.

    Returns
    -------
    WDDReport
        The test with the counts per area and period; ``without_data`` lists the months left out.
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.intervention import wdd_from_events as _wdd_from_events
    return _wdd_from_events(events, areas, start, before=before, after=after, only_types=crime_types, harm=harm,
                            per_km2=per_km2, level=level, without_data=without_data)


def wdd_from_police(paths: Sequence[PathLike], areas: Mapping[str, PathLike], start: dt.date, *,
                    before: int | None = None, after: int | None = None, crime_types: Iterable[str] | None = None,
                    level: float = 0.9) -> WDDReport:
    """The weighted displacement difference test (Wheeler & Ratcliffe 2018) on police.uk crimes.

    The crimes (not anti-social behaviour) of the police.uk files with coordinates are counted by
    month in each area's boundary, as :func:`wdd_from_events` counts an events file of month-only
    dates; a month a force left out is a month without data (not counted in either period).

    Parameters
    ----------
    paths : sequence of path
        police.uk street-level files, folders or monthly archive zips.
    areas : mapping of str to path
        GeoJSON boundary of each area: "treated" and "control" are needed, "displacement" and
        "displacement_control" optional. A crime counts in the first area (in that order) holding it.
    start : datetime.date
        The first of the month the intervention started.
    before, after : int, optional
        Period lengths in months; by default to the edges of the data.
    crime_types : iterable of str, optional
        Count only these crime types.
    level : float
        Confidence level of the interval.

    Returns
    -------
    WDDReport
        The test with the counts per area and period (``period_unit`` "months").
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.intervention import wdd_from_police as _wdd_from_police
    return _wdd_from_police(paths, areas, start, before=before, after=after, only_types=crime_types, level=level)


def synthetic_borough(folder: PathLike, *, seed: int = 1, months: int = 24, per_month: int = 5000) -> Borough:
    """Write the fictional borough used by the demo, tests and benchmarks.

    Parameters
    ----------
    folder : path
        Where to write ``police/`` (police.uk-format files), ``geography/`` (boundaries, lookups,
        deprivation) and ``extract/`` (exact-date burglaries with planted near repeats); made, with
        its parents, if need be. The files are written whole or not at all.
    seed : int
        Random seed; the same seed writes the same borough.
    months : int
        Months of data.
    per_month : int
        Crimes and anti-social behaviour per month, on average.

    Returns
    -------
    Borough
        Where the files are and the truth planted in them.
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.outputs import folder_in_place
    from saferplaces.evidence.synthetic.borough import generate_borough
    if months < 1 or per_month < 1:
        raise ParameterError("the borough needs at least one month and one crime a month")
    target = Path(folder)
    with folder_in_place(target) as building:
        borough = generate_borough(building, seed=seed, months=months, crimes_per_month=per_month)
    return dataclasses.replace(borough, folder=target,
                               burglary_extract=target / borough.burglary_extract.relative_to(building))


def synthetic_people(folder: PathLike, *, records: int = 10000, seed: int = 1) -> SyntheticPeople:
    """Write synthetic partner person records, one CSV per agency, with the true person in column ``person``.

    Parameters
    ----------
    folder : path
        Where to write ``<agency>.csv`` (made, with its parents, if need be). The files are
        written whole or not at all.
    records : int
        Records across all agencies (at least 1).
    seed : int
        Random seed.

    Returns
    -------
    SyntheticPeople
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.outputs import folder_in_place
    from saferplaces.evidence.synthetic.people import generate_people
    if records < 1:
        raise ParameterError("the number of records must be at least 1")
    out = Path(folder)
    with folder_in_place(out) as building:
        data = generate_people(records, seed=seed)
        for source, part in data.groupby("source"):
            part.to_csv(building / f"{source}.csv", index=False)
    return SyntheticPeople(folder=out, records=len(data), people=int(data["person"].nunique()),
                           sources=tuple(sorted(data["source"].unique())))


def synthetic_people_table(records: int, *, seed: int = 1) -> pd.DataFrame:
    """The records of :func:`synthetic_people` as one table, without writing files (the web app's
    ``generate_scale_data`` turns a million of them into person records).

    Parameters
    ----------
    records : int
        Records across all agencies (at least 1).
    seed : int
        Random seed.

    Returns
    -------
    DataFrame with ``source, record_id, forename, surname, dob, postcode, address, sex, pnc_id, nhs_number,
    crn, person`` (``dob`` is ``YYYY-MM-DD`` or blank).
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.synthetic.people import generate_people
    if records < 1:
        raise ParameterError("the number of records must be at least 1")
    return generate_people(records, seed=seed)


# --- person linkage ---------------------------------------------------------------------------------

#: Linkage purposes by name, each with its link and review thresholds (``cohort-overlap``:
#: precision first; ``repeat-counting``: balance). Read through ``__getattr__`` (see _ELSEWHERE).
LINKAGE_PURPOSES: Mapping[str, Purpose]

#: A value the linkage used other than as given (a date of birth that is not a real date, kept and
#: compared as written), or a file without a date-of-birth column: file, line, column, value,
#: problem and action. Read through ``__getattr__`` (see _ELSEWHERE).
LinkageQualityNote: type[QualityNote]


def link_files(paths: Sequence[str | Path], *, purpose: str | None = None, backend: str = "duckdb",
               previous: str | Path | None = None, labels: str | Path | None = None,
               evaluate: str | Path | None = None, truth_column: str | None = None, seed: int = 1,
               columns: Mapping[str, str | Sequence[str]] | None = None,
               column_map: str | Path | None = None, spark: Mapping[str, str | int | None] | None = None
               ) -> FileLinkage:
    """Link partner person record files into people with stable ids (Fellegi & Sunter 1969, by Splink).

    The model is trained on the records (unsupervised) when there are at least 2,000 of them, and
    uses its fixed parameters below that; see ``docs/linkage.md``.

    Parameters
    ----------
    paths : sequence of path
        Record CSVs (UTF-8, Windows-1252 or gzip): ``record_id, forename, surname`` and optionally
        ``source`` (else the file's name), ``dob`` (``dd/mm/yyyy``, ``d/m/yyyy``, ``yyyy-mm-dd`` or
        ``7 Mar 1984``), ``postcode, address, sex, pnc_id, nhs_number, crn``. Every bad row is
        reported; nothing is linked until all are valid. A date of birth that is not a real date is
        kept, compared as written and listed in the summary's ``quality``.
    purpose : str, optional
        ``cohort-overlap`` (precision first) or ``repeat-counting`` (balance; the default).
    backend : str
        ``duckdb`` or ``spark`` (local Spark or a cluster's; the same model).
    previous : path, optional
        The previous run's clusters (``source, record_id, person_id``): people keep their ids.
    labels : path, optional
        Clerical decisions (``source_l, record_id_l, source_r, record_id_r, same_person``): a
        confirmed pair is always linked, a rejected one never directly.
    spark : mapping, optional
        Spark settings overriding the environment's (``master``, ``driver_memory``,
        ``executor_memory``, ``work_dir``, ``checkpoint_dir``, ``partitions``; see
        ``saferplaces.evidence.linkage.model.SparkConfig`` and docs/linkage.md).
    evaluate : path, optional
        Labelled pairs (same columns) to measure precision and recall on, not applied.
    truth_column : str, optional
        A record-file column holding the true person, to measure pairwise accuracy.
    seed : int
        Seed of the training samples.
    columns : mapping, optional
        Field → the partner's header (or headers, one per partner) holding it, e.g.
        ``{"forename": "First Name", "dob": ["Date of Birth", "DOB"]}``.
    column_map : path, optional
        The same as a CSV with columns ``field`` and ``column`` (one row per header).

    Returns
    -------
    FileLinkage
        The linkage result, and the accuracies asked for.

    Raises
    ------
    EvidenceError
        A file missing or unreadable, bad rows, an unknown purpose or backend, or a record set the
        model cannot be trained on.
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.linkage import DEFAULT_PURPOSE
    from saferplaces.evidence.linkage.files import link_record_files
    return link_record_files(paths, purpose=purpose or DEFAULT_PURPOSE, backend=backend, previous=previous,
                             labels=labels, evaluate=evaluate, truth_column=truth_column, seed=seed,
                             columns=columns, column_map=column_map, spark=spark)


def link_person_records(records: Sequence[LinkageRecord], *, purpose: str | None = None,
                        previous: Mapping[RecordKey, str] | None = None,
                        decisions: Iterable[ClericalDecision] = (), changed: Iterable[RecordKey] | None = None,
                        dissolve: Iterable[str] = (), model: dict | None = None) -> RecordLinkage:
    """Link person records held in memory (the web app's) into people with stable ids.

    The same model, clustering and ids as :func:`link_files`: the same records give the same people
    whichever way they come in.

    Parameters
    ----------
    records : sequence of LinkageRecord
        The records; ``(source, record_id)`` unique. Their order is the order a file would have.
    purpose : str, optional
        ``cohort-overlap`` or ``repeat-counting`` (the default; see :data:`LINKAGE_PURPOSES`).
    previous : mapping, optional
        ``(source, record_id)`` → the person id a previous run gave the record: each person keeps
        the id they overlap most; a new person gets a new id made from their records.
    decisions : iterable of ClericalDecision
        Caseworkers' decisions, respected: confirmed pairs linked, rejected pairs never linked
        directly and not offered for review again.
    changed : iterable of (source, record_id), optional
        An incremental run: the records new or changed since the run that gave ``previous`` (a record
        without a previous id is new anyway). Only they, and the records of the people they were, are
        relinked, against all the records; everyone else keeps their records. Needs ``model``.
    dissolve : iterable of str
        Previous person ids to relink too (one of their records is gone, say).
    model : dict, optional
        ``saved_model`` of the full run to score with (incremental runs do not train).

    Returns
    -------
    RecordLinkage
        Person id of every record, the pairs for review, counts.

    Raises
    ------
    EvidenceError
        Bad records (e.g. no name at all, a duplicated key), listed together, or an unknown purpose.
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.linkage import DEFAULT_PURPOSE
    from saferplaces.evidence.linkage.records import link_typed_records
    return link_typed_records(records, purpose=purpose or DEFAULT_PURPOSE, previous=previous, decisions=decisions,
                              changed=changed, dissolve=dissolve, model=model)


def link_person_table(records: pd.DataFrame, *, purpose: str | None = None,
                      previous: Mapping[RecordKey, str] | None = None, decisions: Iterable[ClericalDecision] = (),
                      changed: Iterable[RecordKey] | None = None, dissolve: Iterable[str] = (),
                      model: dict | None = None) -> RecordLinkage:
    """:func:`link_person_records` with the records as a table: one row per record, the columns
    ``source, record_id, forename, surname, dob`` (ISO date or blank) ``, postcode, address, sex,
    pnc_id, nhs_number, crn`` (blank when not held). A million rows read from a database need no
    million objects.

    Parameters
    ----------
    records : pandas.DataFrame
        The records, ``(source, record_id)`` unique; other columns are ignored.
    purpose, previous, decisions, changed, dissolve, model
        As :func:`link_person_records`.

    Returns
    -------
    RecordLinkage
        Person id of every record, the pairs for review, counts, the saved model and the records
        relinked.
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.linkage import DEFAULT_PURPOSE
    from saferplaces.evidence.linkage.records import link_record_frame
    return link_record_frame(records, purpose=purpose or DEFAULT_PURPOSE, previous=previous, decisions=decisions,
                             changed=changed, dissolve=dissolve, model=model)


def reoffending(offences: PathLike, *, cohort: PathLike, comparison: PathLike | None = None,
                follow_up: int = 365, waiting: int = 182, harm: str = "css-style", resamples: int = 1000,
                seed: int = 1) -> ReoffendingReport:
    """Proven re-offending of a cohort before and after its start (Ministry of Justice measure).

    Parameters
    ----------
    offences : path
        Offences CSV: person_id, offence_date, offence, outcome_date (blank: not proven) [, outcome].
    cohort : path
        Cohort CSV: person_id, start_date [, observed_until].
    comparison : path, optional
        A comparison group's CSV, like ``cohort``, for the difference in differences.
    follow_up, waiting : int
        Days of follow-up (and of the before period), and of the waiting period for outcomes.
    harm : str
        Severity weights: "css-style", "chi-style" or a CSV of crime_type,weight.
    resamples, seed : int
        Bootstrap resamples over people for the 95% intervals, and the generator's seed.

    Returns
    -------
    ReoffendingReport
        Binary rate, frequency and severity before and after, days to first re-offence
        (Kaplan–Meier), intervals, the comparison and difference in differences, and caveats.
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.reoffending import check_parameters, load_cohort, load_offences
    check_parameters(follow_up, waiting, resamples)
    return _reoffending(load_offences(offences), load_cohort(cohort, "cohort", follow_up, waiting),
                        None if comparison is None else load_cohort(comparison, "comparison", follow_up, waiting),
                        follow_up=follow_up, waiting=waiting, harm=harm, resamples=resamples, seed=seed)


def reoffending_from_rows(offences: Iterable[Mapping], cohort: Iterable[Mapping],
                          comparison: Iterable[Mapping] | None = None, *, follow_up: int = 365, waiting: int = 182,
                          harm: str = "css-style", resamples: int = 1000, seed: int = 1) -> ReoffendingReport:
    """:func:`reoffending` on records held in memory (the web app's).

    ``offences`` are mappings with person_id, offence_date (a date), offence, outcome_date (a date or
    None) and optionally outcome; ``cohort`` and ``comparison`` mappings with person_id and start_date
    (and optionally observed_until).

    Returns
    -------
    ReoffendingReport
        As :func:`reoffending`. Bad records raise :class:`InputError` naming them by position.
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    import pandas as pd

    # Imported on use, as above.
    from saferplaces.evidence.reoffending import (
        COHORT_COLUMNS,
        OFFENCE_COLUMNS,
        check_parameters,
        cohort_from_frame,
        offences_from_frame,
    )
    check_parameters(follow_up, waiting, resamples)

    def frame(rows: Iterable[Mapping], columns: tuple[str, ...]) -> pd.DataFrame:
        text = [{k: "" if v is None else str(v).strip() for k, v in row.items()} for row in rows]
        return pd.DataFrame(text, columns=list(dict.fromkeys([*columns, *(k for r in text for k in r)])),
                            dtype=str).fillna("")

    offence_rows = offences_from_frame(frame(offences, OFFENCE_COLUMNS), where="offence records")
    people = cohort_from_frame(frame(cohort, COHORT_COLUMNS), follow_up, waiting, where="cohort records")
    others = None if comparison is None else cohort_from_frame(frame(comparison, COHORT_COLUMNS), follow_up,
                                                                waiting, where="comparison records")
    return _reoffending(offence_rows, people, others, follow_up=follow_up, waiting=waiting, harm=harm,
                        resamples=resamples, seed=seed)


def _reoffending(offences, cohort, comparison, *, follow_up, waiting, harm, resamples, seed) -> ReoffendingReport:
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.harm import load_weights
    from saferplaces.evidence.reoffending import reoffending as _measure
    return _measure(offences, cohort, harm=load_weights(harm), comparison=comparison, follow_up=follow_up,
                    waiting=waiting, resamples=resamples, seed=seed)
