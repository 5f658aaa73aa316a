"""The strategic assessment: police.uk data (and geography, deprivation) in, findings out.

:func:`strategic_assessment` runs every analysis once and returns an :class:`Assessment`;
``report.html.render`` writes it as one HTML file and the engine's serialiser as JSON.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import shapely

from saferplaces.evidence import crime_types
from saferplaces.evidence.areas import AreaCounts, count_by_area
from saferplaces.evidence.concentration import Concentration, concentration
from saferplaces.evidence.coverage import months_without_data
from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.events import load_events
from saferplaces.evidence.geography import Geography, geometry_to_bng, load_geography
from saferplaces.evidence.harm import HarmWeights, load_weights
from saferplaces.evidence.hotspot_findings import HotSpotFindings, crime_events, hotspot_findings
from saferplaces.evidence.load import load_police
from saferplaces.evidence.load.quality import QualityReport
from saferplaces.evidence.near_repeat import knox_test
from saferplaces.evidence.outputs import check_files, write_text
from saferplaces.evidence.pvalues import format_p
from saferplaces.evidence.rates import RateFindings, assessment_rates, wards_of_lsoas
from saferplaces.evidence.recorded_crime import (
    RecordedCrimeTable,
    period_columns,
    read_recorded_crime,
    vli_crime_input,
)
from saferplaces.evidence.report.html import render
from saferplaces.evidence.serialise import json_meta, to_json
from saferplaces.evidence.trends import (
    MonthlySeries,
    Seasonality,
    YearOnYear,
    monthly_series,
    seasonality,
    year_on_year,
)
from saferplaces.evidence.type_by_area import TypeByArea, type_by_area
from saferplaces.evidence.vli import VLIResult, aggregate, compute
from saferplaces.evidence.vli_inputs import PROXY_CRIME, build_vli_inputs, reference_inputs


@dataclass(frozen=True)
class AreaFindings:
    counts: AreaCounts
    crime: Concentration
    harm: Concentration


@dataclass(frozen=True)
class NearRepeats:
    """The Knox table of an exact-date events extract, as plain values (None where undefined)."""

    source: str
    events: int
    permutations: int
    distance_labels: tuple[str, ...]
    time_labels: tuple[str, ...]
    observed: tuple[tuple[int, ...], ...]
    ratio: tuple[tuple[float | None, ...], ...]
    p: tuple[tuple[float, ...], ...]
    convention: str


# The bands most near-repeat studies of burglary use (Johnson et al. 2007): a same-location band,
# 100 m steps to 400 m, weekly steps to five weeks.
KNOX_DISTANCES = (0, 1, 100, 200, 300, 400)
KNOX_DAYS = (0, 7, 14, 21, 28, 35)


def near_repeats(path, *, permutations: int = 999, seed: int = 1) -> NearRepeats:
    """Knox test (Knox 1964; Johnson et al. 2007) on an events CSV with exact dates."""
    result = knox_test(load_events(path), distance_bands=KNOX_DISTANCES, time_bands=KNOX_DAYS,
                       permutations=permutations, seed=seed)

    def plain(array, kind):
        return tuple(tuple(None if v != v else kind(v) for v in row) for row in array.tolist())

    return NearRepeats(Path(path).name, result.events, result.permutations, result.distance_labels,
                       result.time_labels, plain(result.observed, int), plain(result.ratio, float),
                       plain(result.p, float), result.convention)


@dataclass(frozen=True)
class Assessment:
    """Every result of the strategic assessment. ``geography`` is kept for the maps."""

    title: str
    generated: str
    first_month: str
    last_month: str
    quality: QualityReport
    wards: AreaFindings | None
    lsoas: AreaFindings
    asb_wards: Concentration | None
    by_type: tuple[tuple[str, int], ...]
    harm_by_type: tuple[tuple[str, float], ...]
    harm_weights: HarmWeights
    crime_series: MonthlySeries
    asb_series: MonthlySeries
    year_on_year: YearOnYear | None
    seasonality: Seasonality | None
    vli: VLIResult | None
    vli_missing: str | None
    hotspots: HotSpotFindings | None
    near_repeats: NearRepeats | None
    headlines: tuple[str, ...]
    geography: Geography | None = field(metadata=json_meta(skip=True))  # boundaries, for the report's maps
    rates: RateFindings | None = None
    rates_missing: str | None = None
    types_by_ward: TypeByArea | None = None
    types_by_lsoa: TypeByArea | None = None
    crime_type: str | None = None  # the one type of ``type_hotspots``
    type_hotspots: HotSpotFindings | None = None


def _harm_counts(con, by: str, geography, counts: AreaCounts, weights: HarmWeights) -> Concentration:
    """Harm per area: the same areas as ``counts``, each crime weighted by its type."""
    per_type = {}
    for crime_type in weights.weights:
        if weights.weights[crime_type]:
            typed = count_by_area(con, by, geography, crime_type=crime_type)
            per_type[crime_type] = dict(zip(typed.codes, typed.counts, strict=True))
    harm = [round(sum(per_type[t].get(code, 0) * weights.weights[t] for t in per_type)) for code in counts.codes]
    return concentration(counts.codes, counts.names, harm, k=3)


def _area_findings(con, by, geography, weights, bootstrap, simulations, seed) -> AreaFindings:
    counts = count_by_area(con, by, geography)
    crime = concentration(counts.codes, counts.names, counts.counts, k=3, bootstrap=bootstrap,
                          simulations=simulations, seed=seed)
    return AreaFindings(counts, crime, _harm_counts(con, by, geography, counts, weights))


def _monthly_series(con, quality: QualityReport) -> tuple[MonthlySeries, MonthlySeries, tuple[str, ...]]:
    """Crime and ASB by month, with the months without data (any force's gap) as ``None``, and
    those months."""
    monthly = con.execute(
        "SELECT strftime(month, '%Y-%m'), is_asb, count(*) FROM crimes GROUP BY ALL ORDER BY 1").fetchall()
    without = months_without_data(quality.missing_months, [m for m, _, _ in monthly])
    crime = monthly_series([m for m, a, _ in monthly if not a], [n for _, a, n in monthly if not a], without)
    asb = monthly_series([m for m, a, _ in monthly if a], [n for _, a, n in monthly if a], without)
    return crime, asb, without


def _vli_crime(con, recorded: RecordedCrimeTable | None, recorded_period: str | None,
               series: MonthlySeries) -> tuple[dict[str, dict[str, int]], str]:
    """LSOA → {crime type: count} for the VLI, and its proxy note: from the recorded-crime table when
    one is given, else from the police.uk rows."""
    if recorded is not None:
        return vli_crime_input(recorded, recorded_period, series.months[-1][:4] if series.months else None)
    per_lsoa: dict[str, dict[str, int]] = {}
    for code, crime_type, count in con.execute(
            "SELECT lsoa_code, crime_type, count(*) FROM crimes WHERE lsoa_code IS NOT NULL GROUP BY ALL").fetchall():
        per_lsoa.setdefault(code, {})[crime_type] = count
    return per_lsoa, PROXY_CRIME


def _pct(value: float) -> str:
    return f"{value:.0%}"


def _boundary(geography: Geography | None):
    """The whole area in National Grid metres (the union of its wards, else of its LSOAs), or None."""
    areas = (geography.wards or geography.lsoas) if geography is not None else None
    if not areas:
        return None
    return geometry_to_bng(shapely.union_all([area.geometry for area in areas.values()]))


def headlines(area_name: str, wards: AreaFindings | None, lsoas: AreaFindings, yoy: YearOnYear | None,
              vli: VLIResult | None, by_type, hotspots: HotSpotFindings | None = None) -> tuple[str, ...]:
    lines = []
    if wards and wards.crime.total:
        c = wards.crime
        k = c.areas_for_half
        named = [f"{a.name} ({_pct(a.share)})" for a in c.areas[:k]]
        listed = ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0]
        share = sum(a.share for a in c.areas[:k])
        lines.append(f"Over half of all crime in {area_name} ({_pct(share)}) occurs within {k} of the "
                     f"{len(c.areas)} wards: {listed}.")
    c = lsoas.crime
    if c.total:
        lines.append(f"Just three LSOAs ({', '.join(a.name for a in c.areas[:3])}) contain {_pct(c.top_k_share)} "
                     f"of all crime; {c.areas_for_half} of {len(c.areas)} LSOAs ({_pct(c.share_of_areas_for_half)}) "
                     "hold half of it.")
        if c.chance:
            lines.append(f"Crime is far more concentrated than chance: the Gini coefficient across LSOAs is "
                         f"{c.gini:.2f}, against {c.chance.gini_mean:.2f} if the same crimes fell on LSOAs at random.")
    if yoy:
        direction = "fell" if yoy.change < 0 else "rose"
        significance = ("a change unlikely to be chance" if yoy.test.p_value < 0.05
                        else "a change within what chance alone could produce")
        compared = (f", comparing the {yoy.months_compared} calendar months with data in both years"
                    if yoy.left_out else "")
        lines.append(f"Crime {direction} by {abs(yoy.percent_change or 0):.1f}% in the latest 12 months "
                     f"({yoy.previous:,} to {yoy.current:,}{compared}): {significance} "
                     f"(E-test {format_p(yoy.test.p_value)}).")
    if hotspots and hotspots.share_of_area_hot:
        lines.append(f"Hot spots (Getis-Ord Gi*, {hotspots.cell_size:.0f} m cells) cover "
                     f"{_pct(hotspots.share_of_area_hot)} "
                     f"of the area and hold {_pct(hotspots.share_of_crime_in_hot)} of its crime.")
    if by_type:
        top = by_type[0]
        lines.append(f"The most common crime type is {top[0].lower()} ({top[1]:,} crimes).")
    if wards and wards.harm.total:
        lines.append(f"Weighted by harm, the top three wards hold {_pct(wards.harm.top_k_share)} of crime harm "
                     f"(against {_pct(wards.crime.top_k_share)} of the count).")
    if vli and vli.units:
        top = vli.units[:2]
        lines.append("The most vulnerable localities by the Vulnerable Localities Index are "
                     + " and ".join(f"{u.name} ({u.vli:.0f})" for u in top) + f" ({vli.reference_name} = 100).")
    return tuple(lines)


def _csv_files(paths) -> list[Path]:
    """The CSV files among ``paths`` and in the folders among them."""
    found: list[Path] = []
    for path in map(Path, [paths] if isinstance(paths, (str, Path)) else paths):
        found += sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv") if path.is_dir() else [path]
    return found


def strategic_assessment(paths, geography_dir=None, *, title: str | None = None, harm: str = "css-style",
                         bootstrap: int = 200, simulations: int = 200, seed: int = 1,
                         events=None, recorded_crime=None, recorded_period: str | None = None,
                         crime_type: str | None = None, vli_reference=None,
                         vli_reference_name: str | None = None) -> Assessment:
    """Run the whole assessment over police.uk files ``paths`` and an optional geography folder.

    The geography folder holds boundary GeoJSON, an LSOA-to-ward lookup and, for the VLI, the IoD
    2019 underlying indicators, population denominators and population by age (see
    ``docs/evidence-engine.md``). ``events`` is an optional events CSV with exact dates (a force
    extract): police.uk dates are months, so near repeats need it. ``recorded_crime`` is the force's
    recorded-crime table by LSOA (:mod:`saferplaces.evidence.recorded_crime`): when given, the VLI's
    burglary and criminal damage come from it, over ``recorded_period`` (by default the year of the
    data's last month, when the table has it). ``crime_type`` adds hot spots of that one police.uk
    type; ``vli_reference`` (files or folders of the same deprivation files for a wider area, e.g. all
    London) makes that area the VLI's 100.
    """
    recorded = read_recorded_crime(recorded_crime) if recorded_crime is not None else None  # a bad table fails first
    if recorded is not None and recorded_period is not None:
        period_columns(recorded, recorded_period)  # as does a period it lacks
    wanted_type = crime_types.chosen(crime_type) if crime_type else None
    geography = load_geography(geography_dir) if geography_dir else None
    data = load_police(paths, geography)
    con = data.con
    weights = load_weights(harm)
    has_wards = geography is not None and bool(geography.lsoa_to_ward or geography.wards)
    wards = _area_findings(con, "ward", geography, weights, bootstrap, simulations, seed) if has_wards else None
    lsoas = _area_findings(con, "lsoa", geography, weights, bootstrap, simulations, seed)
    asb_wards = None
    if wards is not None:
        asb = count_by_area(con, "ward", geography, include_asb=True)
        crime_only = dict(zip(wards.counts.codes, wards.counts.counts, strict=True))
        asb_counts = [total - crime_only.get(code, 0) for code, total in zip(asb.codes, asb.counts, strict=True)]
        asb_wards = concentration(asb.codes, asb.names, asb_counts, k=3)
    by_type = tuple(con.execute(
        "SELECT crime_type, count(*) FROM crimes WHERE NOT is_asb GROUP BY 1 ORDER BY 2 DESC, 1").fetchall())
    crime_series, asb_series, without_data = _monthly_series(con, data.quality)
    vli, vli_missing = None, "no deprivation files (IoD 2019, population by age) in the geography folder"
    per_lsoa, crime_note = _vli_crime(con, recorded, recorded_period, crime_series)
    if geography is not None and geography.extra_files and geography.lsoa_to_ward:
        names = {code: geography.lsoa_names.get(code)
                 or (geography.lsoas[code].name if code in geography.lsoas else code)
                 for code in geography.lsoa_to_ward}
        try:
            reference, reference_name = None, None
            if vli_reference:
                police_names = dict(con.execute("SELECT lsoa_code, any_value(lsoa_name) FROM crimes "
                                                "WHERE lsoa_code IS NOT NULL GROUP BY 1").fetchall())
                reference, reference_name = reference_inputs(per_lsoa, _csv_files(vli_reference), police_names,
                                                             vli_reference_name)
            vli = compute(aggregate(build_vli_inputs(per_lsoa, geography.extra_files, names, geography.lsoa_to_ward,
                                                     crime_note=crime_note)),
                          reference_inputs=reference, reference_name=reference_name or "the study area's wards")
        except EvidenceError as error:  # the VLI is optional: the report says why it is missing
            if vli_reference:
                raise  # a reference asked for and unusable is an error, not a silent fallback
            vli_missing = str(error)
    boundary = _boundary(geography)
    hotspots = hotspot_findings(crime_events(con), boundary, seed=seed, without_data=without_data)
    type_hotspots = None
    if wanted_type:
        type_hotspots = hotspot_findings(crime_types.events_of_type(crime_events(con), wanted_type, "the crimes"),
                                         boundary, seed=seed, without_data=without_data)
    months = list(crime_series.months + asb_series.months)
    with_data = set(months) - set(without_data)  # a month without data adds no exposure to a rate
    ward_of = wards_of_lsoas(con, geography) if wards is not None and geography is not None else None
    rates, rates_missing = assessment_rates(geography.extra_files if geography else [], months=len(with_data),
                                            first_month=min(months), last_month=max(months), lsoas=lsoas.counts,
                                            wards=wards.counts if wards else None, ward_of=ward_of)
    yoy = year_on_year(crime_series)
    area_name = "the area"
    if geography is not None and geography.ward_to_lad:
        area_name = sorted({name for _, name in geography.ward_to_lad.values()})[0]
    return Assessment(
        title=title or f"Strategic assessment: {area_name}",
        generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        first_month=min(months), last_month=max(months), quality=data.quality, wards=wards, lsoas=lsoas,
        asb_wards=asb_wards, by_type=by_type,
        harm_by_type=tuple(sorted(((t, n * weights.weight(t)) for t, n in by_type), key=lambda i: -i[1])),
        harm_weights=weights, crime_series=crime_series, asb_series=asb_series, year_on_year=yoy,
        seasonality=seasonality(crime_series), vli=vli, vli_missing=None if vli else vli_missing,
        hotspots=hotspots, near_repeats=near_repeats(events, seed=seed) if events else None,
        headlines=headlines(area_name, wards, lsoas, yoy, vli, by_type, hotspots),
        geography=geography, rates=rates, rates_missing=rates_missing or None,
        types_by_ward=type_by_area(con, wards.counts, ward_of) if wards is not None else None,
        types_by_lsoa=type_by_area(con, lsoas.counts), crime_type=wanted_type, type_hotspots=type_hotspots,
    )


def write_outputs(assessment: Assessment, html_path: str | Path | None, json_path: str | Path | None) -> None:
    """Write the assessment as one HTML report and as JSON (everything but the geometry), each whole
    or not at all: both paths are checked and both texts made before either file is written."""
    files = check_files({"report file": html_path or None, "JSON summary file": json_path or None})
    texts = {"report file": render(assessment) if html_path else "",
             "JSON summary file": to_json(assessment, indent=1) if json_path else ""}
    for what, path in files.items():
        write_text(path, texts[what])
