"""The evidence engine's public API: the one doorway for the web app, scripts and the command line.

Everything here takes plain values and paths and returns a frozen dataclass (or SVG text); nothing
prints, exits or reads ``sys.argv``. Results become JSON through :func:`to_data` / :func:`to_json`,
the engine's one serialiser. Errors are :class:`EvidenceError` subclasses whose messages name the
parameter or file in words, so that any caller can show them to a person.

Other modules of ``saferplaces.evidence`` are internal: code outside the engine imports this module
only (a test in ``tests/test_architecture.py`` holds the web apps to it).
"""

from __future__ import annotations

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
    SyntheticPeople,
    VLIReport,
)

if TYPE_CHECKING:
    from saferplaces.evidence.assess import Assessment
    from saferplaces.evidence.evaluation import Counts
    from saferplaces.evidence.geography import Geography, locate_points, to_bng
    from saferplaces.evidence.hotspot_map import HotspotMap
    from saferplaces.evidence.intervention import WDDReport
    from saferplaces.evidence.linkage import Accuracy, LinkResult, Purpose
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
    from saferplaces.evidence.repeats import RepeatReport
    from saferplaces.evidence.report.svg import line_chart
    from saferplaces.evidence.synthetic.borough import Borough

#: Public names defined elsewhere in the engine (``module`` or ``module:attribute``), imported when
#: first used: each command needs only its own analysis, and importing them all (scipy, shapely,
#: splink, …) took longer than ``quality``'s whole reading of 32 monthly files (PEP 562 ``__getattr__``).
_ELSEWHERE = {
    "Accuracy": "saferplaces.evidence.linkage",
    "ClericalDecision": "saferplaces.evidence.linkage.records",
    "FileLinkage": "saferplaces.evidence.linkage.files",
    "LINKAGE_PURPOSES": "saferplaces.evidence.linkage:PURPOSES",
    "LabelledAccuracy": "saferplaces.evidence.linkage.files",
    "LinkResult": "saferplaces.evidence.linkage",
    "LinkSummary": "saferplaces.evidence.linkage.files",
    "LinkageRecord": "saferplaces.evidence.linkage.records",
    "Purpose": "saferplaces.evidence.linkage",
    "RecordKey": "saferplaces.evidence.linkage.records",
    "RecordLinkage": "saferplaces.evidence.linkage.records",
    "ReviewPair": "saferplaces.evidence.linkage.records",
    "Assessment": "saferplaces.evidence.assess",
    "Borough": "saferplaces.evidence.synthetic.borough",
    "HotspotMap": "saferplaces.evidence.hotspot_map",
    "KnoxResult": "saferplaces.evidence.near_repeat",
    "QualityReport": "saferplaces.evidence.load.quality",
    "RateComparison": "saferplaces.evidence.poisson",
    "RepeatReport": "saferplaces.evidence.repeats",
    "WDDReport": "saferplaces.evidence.intervention",
    "line_chart": "saferplaces.evidence.report.svg",
    "locate_points": "saferplaces.evidence.geography",
    "to_bng": "saferplaces.evidence.geography",
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
    "AreaConcentration", "Assessment", "Borough", "HotspotMap", "KnoxResult", "NearRepeatChains",
    "QualityReport", "RateComparison", "RepeatReport", "SyntheticPeople", "VLIReport", "WDDReport",
    # analyses
    "area_concentration", "hotspots", "knox", "near_repeat_chains", "poisson_rate_test", "quality_report",
    "repeats", "strategic_assessment", "vulnerable_localities", "wdd_from_counts", "wdd_from_events",
    # synthetic data
    "synthetic_borough", "synthetic_people",
    # geography and charts for the web app
    "line_chart", "locate_points", "to_bng",
    # JSON
    "to_data", "to_json",
    # person linkage
    "Accuracy", "ClericalDecision", "FileLinkage", "LINKAGE_PURPOSES", "LabelledAccuracy", "LinkResult", "LinkSummary",
    "LinkageRecord", "Purpose", "RecordKey", "RecordLinkage", "ReviewPair", "link_files", "link_person_records",
]

PathLike = str | Path
Folders = PathLike | Sequence[PathLike]


def _geography(folders: Folders | None) -> Geography | None:
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.geography import load_geography
    if folders is None or (not isinstance(folders, (str, Path)) and not folders):
        return None
    return load_geography(folders)


def strategic_assessment(paths: Sequence[PathLike], geography: Folders | None = None, *,
                         report: PathLike | None = None, summary: PathLike | None = None,
                         title: str | None = None, harm: str = "css-style", events: PathLike | None = None,
                         seed: int = 1) -> Assessment:
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
        Report title; by default named after the local authority.
    harm : str
        Harm weights: "css-style", "chi-style" or a CSV of crime_type,weight.
    events : path, optional
        Events CSV with exact dates (a force extract) for the near-repeat table.
    seed : int
        Seed of every random step (bootstraps, permutations).

    Returns
    -------
    Assessment
        Every finding; ``headlines`` are its plain-English summary.

    Raises
    ------
    InputError
        A file is missing or is not police.uk data.
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.assess import strategic_assessment as _strategic_assessment
    from saferplaces.evidence.assess import write_outputs
    assessment = _strategic_assessment(list(paths), geography or None, title=title, harm=harm, seed=seed,
                                       events=events)
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
                       lookup: PathLike | None = None, include_asb: bool = False) -> AreaConcentration:
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

    Returns
    -------
    AreaConcentration
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.areas import count_by_area
    from saferplaces.evidence.concentration import concentration
    from saferplaces.evidence.geography import Geography
    from saferplaces.evidence.load import load_police
    if by not in ("ward", "lsoa"):
        raise ParameterError(f"areas must be by ward or by lsoa, not {by!r}")
    areas = _geography(geography)
    if lookup is not None:
        areas = areas or Geography()
        if not areas.add_lookup(Path(lookup)):
            raise InputError(f"{lookup}: not an LSOA-to-ward lookup (no LSOA..CD and WD..CD columns)")
    data = load_police(list(paths), areas)
    counts = count_by_area(data.con, by, areas, include_asb=include_asb)
    result = concentration(counts.codes, counts.names, counts.counts, k=3)
    return AreaConcentration(by=by, total=result.total, areas=result.areas, top3_share=result.top_k_share,
                             gini=result.gini, generalized_gini=result.generalized_gini,
                             unassigned=counts.unassigned, include_asb=include_asb)


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
             max_cells: int | None = None) -> HotspotMap:
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

    Returns
    -------
    HotspotMap
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.hotspot_map import hotspot_map
    return hotspot_map(events, method=method, cell_size=cell_size, grid=grid, boundary=boundary, areas=areas,
                       permutations=permutations, seed=seed, alternative=alternative, fdr=fdr,
                       bandwidth=bandwidth, new_class=new_class, score_against=score_against, max_cells=max_cells)


def _crime_groups(groups: Mapping[str, Sequence[str]] | PathLike | None) -> dict[str, list[str]] | None:
    if groups is None:
        return None
    if isinstance(groups, (str, Path)):
        try:
            groups = json.loads(Path(groups).read_text())
        except (OSError, ValueError) as error:
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
    units = tuple(VLIUnit(u.code, u.name, {k: round(v, 2) for k, v in u.indices.items()}, round(u.vli, 2))
                  for u in result.units)
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
                    harm: str | None = None, per_km2: bool = False, level: float = 0.9) -> WDDReport:
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

    Returns
    -------
    WDDReport
        The test with the counts per area and period.
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.intervention import wdd_from_events as _wdd_from_events
    return _wdd_from_events(events, areas, start, before=before, after=after, only_types=crime_types, harm=harm,
                            per_km2=per_km2, level=level)


def synthetic_borough(folder: PathLike, *, seed: int = 1, months: int = 24, per_month: int = 5000) -> Borough:
    """Write the fictional borough used by the demo, tests and benchmarks.

    Parameters
    ----------
    folder : path
        Where to write ``police/`` (police.uk-format files), ``geography/`` (boundaries, lookups,
        deprivation) and ``extract/`` (exact-date burglaries with planted near repeats).
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
    from saferplaces.evidence.synthetic.borough import generate_borough
    if months < 1 or per_month < 1:
        raise ParameterError("the borough needs at least one month and one crime a month")
    return generate_borough(folder, seed=seed, months=months, crimes_per_month=per_month)


def synthetic_people(folder: PathLike, *, records: int = 10000, seed: int = 1) -> SyntheticPeople:
    """Write synthetic partner person records, one CSV per agency, with the true person in column ``person``.

    Parameters
    ----------
    folder : path
        Where to write ``<agency>.csv``.
    records : int
        Records across all agencies (at least 1).
    seed : int
        Random seed.

    Returns
    -------
    SyntheticPeople
    """
    # Imported on use: keeps `import api` light (see _ELSEWHERE).
    from saferplaces.evidence.synthetic.people import generate_people
    if records < 1:
        raise ParameterError("the number of records must be at least 1")
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    data = generate_people(records, seed=seed)
    for source, part in data.groupby("source"):
        part.to_csv(out / f"{source}.csv", index=False)
    return SyntheticPeople(folder=out, records=len(data), people=int(data["person"].nunique()),
                           sources=tuple(sorted(data["source"].unique())))


# --- person linkage ---------------------------------------------------------------------------------

#: Linkage purposes by name, each with its link and review thresholds (``cohort-overlap``:
#: precision first; ``repeat-counting``: balance). Read through ``__getattr__`` (see _ELSEWHERE).
LINKAGE_PURPOSES: Mapping[str, Purpose]


def link_files(paths: Sequence[str | Path], *, purpose: str | None = None, backend: str = "duckdb",
               previous: str | Path | None = None, labels: str | Path | None = None,
               evaluate: str | Path | None = None, truth_column: str | None = None, seed: int = 1) -> FileLinkage:
    """Link partner person record files into people with stable ids (Fellegi & Sunter 1969, by Splink).

    The model is trained on the records (unsupervised) when there are at least 2,000 of them, and
    uses its fixed parameters below that; see ``docs/linkage.md``.

    Parameters
    ----------
    paths : sequence of path
        Record CSVs: ``source, record_id, forename, surname, dob, postcode`` and optionally
        ``address, sex, pnc_id, nhs_number, crn``. Every bad row is reported; nothing is linked
        until all are valid.
    purpose : str, optional
        ``cohort-overlap`` (precision first) or ``repeat-counting`` (balance; the default).
    backend : str
        ``duckdb`` or ``spark`` (local Spark; the same model).
    previous : path, optional
        The previous run's clusters (``source, record_id, person_id``): people keep their ids.
    labels : path, optional
        Clerical decisions (``source_l, record_id_l, source_r, record_id_r, same_person``): a
        confirmed pair is always linked, a rejected one never directly.
    evaluate : path, optional
        Labelled pairs (same columns) to measure precision and recall on, not applied.
    truth_column : str, optional
        A record-file column holding the true person, to measure pairwise accuracy.
    seed : int
        Seed of the training samples.

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
                             labels=labels, evaluate=evaluate, truth_column=truth_column, seed=seed)


def link_person_records(records: Sequence[LinkageRecord], *, purpose: str | None = None,
                        previous: Mapping[RecordKey, str] | None = None,
                        decisions: Iterable[ClericalDecision] = ()) -> RecordLinkage:
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
    return link_typed_records(records, purpose=purpose or DEFAULT_PURPOSE, previous=previous, decisions=decisions)
