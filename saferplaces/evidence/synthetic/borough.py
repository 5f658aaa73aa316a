"""A fictional borough: LSOA-like polygons grouped into wards, population and deprivation inputs
in the shape of the real ONS and IoD files, and police.uk-format crime with planted concentration.

Everything is generated from a seed. Codes use ranges no real area has (LSOAs ``E0199xxxx``, wards
``E0599xxxx``, the borough ``E09999999``) and the names are invented. The truth planted:

* two "town centre" wards (``E05990001`` and ``E05990002``) hold about half of all crime, and within
  them a handful of LSOAs most of it;
* deprivation (income, employment, low attainment) is highest in the north-east wards, and dwelling
  burglary and criminal damage follow it, so the Vulnerable Localities Index should pick them out;
* a mild seasonal cycle (summer peak) and a 10% fall in the second year;
* the quirks police.uk files have: blank coordinates and LSOAs, ASB without Crime IDs, zeroed
  coordinates, quoted locations with commas appearing late in a file, and a month missing from the
  British Transport Police files.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from pyproj import Transformer
from shapely.geometry import Polygon
from shapely.ops import unary_union

ORIGIN = (528000.0, 176000.0)  # BNG metres: a plausible inner-London location for a fictional place
CELL = 420.0
COLUMNS, ROWS = 12, 10
WARD_BLOCK = (3, 2)  # LSOAs per ward: 3 across, 2 down → 4 × 5 = 20 wards
FORCE = "Synthshire Police"
BTP = "British Transport Police"
WARD_NAMES = [
    "Market Cross", "Riverside", "Abbey Fields", "Brookmead", "Canal Basin", "Dunmore Park", "Elm Green",
    "Fairhaven", "Gasworks", "Hollybush", "Ironbridge", "Juniper Hill", "Kingsmere", "Larkrise",
    "Millbank Gardens", "Northgate", "Orchard Vale", "Priory", "Queensway East", "Ropewalk",
]
BOROUGH_NAMES = ["Synthborough", "Eastmere", "Westford", "Northam Vale", "Southwick Green", "Ashbourne Heath",
                 "Bramcote", "Coldharbour", "Dunstanton", "Elmstead", "Foxley", "Greywater"]
REGION_COLUMNS = 6
REGION = ("E12999999", "Synthregion")
STREETS = ["High Street", "Station Road", "Church Lane", "Mill Road", "Park Avenue", "Victoria Street",
           "King's Road", "Albert Place", "Canal Walk", "Market Square", "Queen Street", "Bridge Street"]
#: police.uk crime type → share of all crime (roughly an inner-city mix) and whether town centres draw it
TYPE_MIX = {
    "Anti-social behaviour": (0.18, True), "Violence and sexual offences": (0.20, True),
    "Other theft": (0.15, True), "Theft from the person": (0.09, True), "Shoplifting": (0.07, True),
    "Vehicle crime": (0.06, False), "Public order": (0.05, True), "Burglary": (0.06, False),
    "Criminal damage and arson": (0.05, False), "Robbery": (0.03, True), "Drugs": (0.03, True),
    "Bicycle theft": (0.02, True), "Possession of weapons": (0.005, True), "Other crime": (0.005, False),
}
HEADER = ["Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
          "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context"]


@dataclass(frozen=True)
class Borough:
    """What was written, and the truth planted in it."""

    folder: Path
    lsoa_codes: tuple[str, ...]
    ward_of: dict[str, str]
    town_centre_wards: tuple[str, ...]
    deprived_wards: tuple[str, ...]
    rows_written: int
    months: tuple[str, ...]
    missing_btp_month: str
    burglary_extract: Path  # exact-date burglaries with planted near repeats (a force extract's shape)


def _lsoa_code(index: int, number: int = 0) -> str:
    return f"E01{99 - number:02d}{index + 1:04d}"


def _ward_code(index: int, number: int = 0) -> str:
    return f"E05{99 - number:02d}{index + 1:04d}"


def authority_code(number: int = 0) -> str:
    """The borough's local authority code: ``E09999999`` for the first, counting down."""
    return f"E09{999999 - number:06d}"


def authority_name(number: int = 0) -> str:
    return BOROUGH_NAMES[number % len(BOROUGH_NAMES)] + (f" {number // len(BOROUGH_NAMES) + 1}"
                                                          if number >= len(BOROUGH_NAMES) else "")


def _origin(number: int) -> tuple[float, float]:
    """Boroughs of a region sit side by side, REGION_COLUMNS to a row, sharing their straight edges."""
    return (ORIGIN[0] + (number % REGION_COLUMNS) * COLUMNS * CELL,
            ORIGIN[1] + (number // REGION_COLUMNS) * ROWS * CELL)


def _grid(rng, origin=ORIGIN) -> np.ndarray:
    """Jittered grid nodes (BNG): polygons built from shared nodes tile the borough exactly."""
    xs = origin[0] + np.arange(COLUMNS + 1) * CELL
    ys = origin[1] + np.arange(ROWS + 1) * CELL
    nodes = np.stack(np.meshgrid(xs, ys, indexing="xy"), axis=-1)
    jitter = rng.uniform(-0.2, 0.2, size=nodes.shape) * CELL
    jitter[0, :, 1] = jitter[-1, :, 1] = 0  # straight outer edges
    jitter[:, 0, 0] = jitter[:, -1, 0] = 0
    return nodes + jitter


@lru_cache(maxsize=1)
def _to_wgs84() -> Transformer:
    # Made once: building a PROJ transformer costs more than transforming a borough's points with it.
    return Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


def _to_lonlat(x, y):
    return _to_wgs84().transform(np.asarray(x), np.asarray(y))


def _polygon_lonlat(ring_xy):
    lon, lat = _to_lonlat(ring_xy[:, 0], ring_xy[:, 1])
    return [[round(a, 6), round(b, 6)] for a, b in zip(lon, lat, strict=True)]


@dataclass(frozen=True)
class _Plan:
    """One borough's areas: LSOAs (code, name, row, column), their wards and polygons (BNG)."""

    number: int
    nodes: np.ndarray
    lsoas: list
    ward_of: dict[str, str]
    ward_names: dict[str, str]
    polygons: dict[str, np.ndarray]
    town_centres: tuple[str, ...]
    deprived: tuple[str, ...]


def _plan(rng, number: int = 0) -> _Plan:
    nodes = _grid(rng, _origin(number))
    name = authority_name(number)
    lsoas, ward_of, polygons = [], {}, {}
    for r in range(ROWS):
        for c in range(COLUMNS):
            index = r * COLUMNS + c
            ring = np.array([nodes[r, c], nodes[r, c + 1], nodes[r + 1, c + 1], nodes[r + 1, c], nodes[r, c]])
            ward_index = (r // WARD_BLOCK[1]) * (COLUMNS // WARD_BLOCK[0]) + c // WARD_BLOCK[0]
            code = _lsoa_code(index, number)
            lsoas.append((code, f"{name} {index + 1:03d}{'ABCD'[index % 4]}", r, c))
            ward_of[code] = _ward_code(ward_index, number)
            polygons[code] = ring
    ward_codes = sorted(set(ward_of.values()))
    # The first borough's wards keep their plain names; a region's others carry their borough's.
    ward_names = {code: WARD_NAMES[i] if number == 0 else f"{name} {WARD_NAMES[i]}"
                  for i, code in enumerate(ward_codes)}
    return _Plan(number, nodes, lsoas, ward_of, ward_names, polygons, (ward_codes[0], ward_codes[1]),
                 tuple(ward_codes[-3:]))


def generate_borough(folder: str | Path, *, seed: int = 1, months: int = 24, crimes_per_month: int = 5000,
                     start: str = "2022-01") -> Borough:
    """Write the borough into ``folder``: ``police/YYYY-MM/*.csv``, ``geography/*`` and
    ``extract/burglary.csv`` (events with exact dates, for near repeats)."""
    rng = np.random.default_rng(seed)
    folder = Path(folder)
    (folder / "geography").mkdir(parents=True, exist_ok=True)
    plan = _plan(rng)
    _write_geography(folder / "geography", [_geography_parts(plan)])
    deprivation, tables = _deprivation(plan, rng)
    _write_deprivation(folder / "geography", [tables])
    month_names, missing = _months_missing_btp(start, months)
    rows = _write_crime(folder / "police", [_crime_months(plan, deprivation, rng, months, crimes_per_month, start)],
                        missing)
    # Its own random stream, so that adding the extract left the police files of every seed unchanged.
    extract = _write_burglary_extract(folder / "extract", plan.nodes, month_names,
                                      np.random.default_rng(seed + 1_000), per_month=max(crimes_per_month // 25, 5))
    return Borough(folder, tuple(code for code, *_ in plan.lsoas), plan.ward_of, plan.town_centres, plan.deprived,
                   rows, tuple(month_names), missing, extract)


@dataclass(frozen=True)
class Region:
    """Several boroughs side by side, policed by one force: what was written and the truth planted.

    ``authorities`` are (code, name) of each borough; every borough has its own two town-centre
    wards (``town_centre_wards``, all boroughs together) and the ``lad_to_region.csv`` lookup names
    the region.
    """

    folder: Path
    authorities: tuple[tuple[str, str], ...]
    region: tuple[str, str]
    lsoas: int
    wards: int
    town_centre_wards: tuple[str, ...]
    rows_written: int
    months: tuple[str, ...]


def generate_region(folder: str | Path, *, authorities: int, seed: int = 1, months: int = 3,
                    crimes_per_month: int = 500, start: str = "2022-01") -> Region:
    """Write ``authorities`` boroughs side by side (``crimes_per_month`` each) as one force's files,
    with one LSOA-to-ward lookup naming each borough, one LAD-to-region lookup, boundaries and
    deprivation files for them all: the shape of a region's data (a whole force, a national lookup
    cut to it), at a size tests can afford."""
    if authorities < 1:
        raise ValueError("a region needs at least one authority")
    folder = Path(folder)
    (folder / "geography").mkdir(parents=True, exist_ok=True)
    rngs = [np.random.default_rng(seed + 7919 * number) for number in range(authorities)]
    plans = [_plan(rng, number) for number, rng in enumerate(rngs)]
    _write_geography(folder / "geography", [_geography_parts(plan) for plan in plans])
    deprivations = [_deprivation(plan, rng) for plan, rng in zip(plans, rngs, strict=True)]
    _write_deprivation(folder / "geography", [tables for _, tables in deprivations])
    with (folder / "geography" / "lad_to_region.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["LAD19CD", "LAD19NM", "RGN19CD", "RGN19NM"])
        writer.writerows([authority_code(n), authority_name(n), *REGION] for n in range(authorities))
    month_names, missing = _months_missing_btp(start, months)
    boroughs = [_crime_months(plan, deprivation, rng, months, crimes_per_month, start)
                for plan, (deprivation, _), rng in zip(plans, deprivations, rngs, strict=True)]
    rows = _write_crime(folder / "police", boroughs, missing)
    return Region(folder, tuple((authority_code(n), authority_name(n)) for n in range(authorities)), REGION,
                  sum(len(plan.lsoas) for plan in plans), sum(len(plan.ward_names) for plan in plans),
                  tuple(ward for plan in plans for ward in plan.town_centres), rows, tuple(month_names))


def _write_burglary_extract(folder: Path, nodes, month_names, rng, per_month: int) -> Path:
    """Burglaries with exact dates: a third of them are followed by a near repeat within 200 m and
    two weeks (the pattern Johnson et al. 2007 report), so the Knox table has something to find."""
    min_x, min_y = nodes[..., 0].min(), nodes[..., 1].min()
    max_x, max_y = nodes[..., 0].max(), nodes[..., 1].max()
    first = dt.date.fromisoformat(month_names[0] + "-01")
    days = 30 * len(month_names)
    rows = []
    for _ in range(per_month * len(month_names)):
        x, y, day = rng.uniform(min_x, max_x), rng.uniform(min_y, max_y), int(rng.integers(0, days))
        rows.append((x, y, day))
        if rng.random() < 1 / 3:
            angle, distance = rng.uniform(0, 2 * np.pi), rng.uniform(0, 200)
            rows.append((x + distance * np.cos(angle), y + distance * np.sin(angle), day + int(rng.integers(0, 15))))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "burglary.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "date", "x", "y", "crime_type"])
        for number, (x, y, day) in enumerate(sorted(rows, key=lambda r: r[2]), start=1):
            writer.writerow([f"SB{number:06d}", (first + dt.timedelta(days=day)).isoformat(), f"{x:.0f}", f"{y:.0f}",
                             "Burglary"])
    return path


def _geography_parts(plan: _Plan):
    """The borough's LSOA and ward GeoJSON features and its lookup rows."""
    lsoa_features: list[dict] = []
    ward_parts: dict[str, list[Polygon]] = {}
    for code, name, _, _ in plan.lsoas:
        ring = plan.polygons[code]
        lsoa_features.append({"type": "Feature", "properties": {"LSOA11CD": code, "LSOA11NM": name},
                              "geometry": {"type": "Polygon", "coordinates": [_polygon_lonlat(ring)]}})
        ward_parts.setdefault(plan.ward_of[code], []).append(Polygon(plan.polygons[code]))
    ward_features = []
    for ward, parts in sorted(ward_parts.items()):
        ring = np.asarray(unary_union(parts).exterior.coords)
        ward_features.append({"type": "Feature", "properties": {"WD19CD": ward, "WD19NM": plan.ward_names[ward]},
                              "geometry": {"type": "Polygon", "coordinates": [_polygon_lonlat(ring)]}})
    lookup = [[code, name, plan.ward_of[code], plan.ward_names[plan.ward_of[code]], authority_code(plan.number),
               authority_name(plan.number)] for code, name, _, _ in plan.lsoas]
    return lsoa_features, ward_features, lookup


def _write_geography(folder, parts):
    """Boundaries and the lookup of one borough or several (``parts`` from :func:`_geography_parts`)."""
    lsoa_features = [feature for lsoas, _, _ in parts for feature in lsoas]
    ward_features = [feature for _, wards, _ in parts for feature in wards]
    for name, features in (("lsoa11_boundaries.geojson", lsoa_features), ("wards2019.geojson", ward_features)):
        (folder / name).write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    with (folder / "lsoa11_to_ward2019_lookup.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["LSOA11CD", "LSOA11NM", "WD19CD", "WD19NM", "LAD19CD", "LAD19NM"])
        for _, _, lookup in parts:
            writer.writerows(lookup)


def _deprivation(plan: _Plan, rng):
    """IoD-shaped rows for the borough, and a deprivation score per LSOA (0-1) that also drives burglary."""
    score = {}
    for code, _, r, c in plan.lsoas:
        base = 0.15 + 0.35 * (r / ROWS) * (c / COLUMNS)  # rises to the north-east
        score[code] = float(np.clip(base + (0.25 if plan.ward_of[code] in plan.deprived else 0)
                                    + rng.normal(0, 0.04), 0.02, 0.9))
    indicators, denominators, population_rows = [], [], []
    for code, _, _, _ in plan.lsoas:
        population = int(rng.integers(1300, 2200))
        working = int(population * rng.uniform(0.58, 0.68))
        s = score[code]
        indicators.append([code, round(population * s * 0.8), round(working * s * 0.5), round(0.05 + 0.3 * s, 3)])
        denominators.append([code, population, working])
        population_rows.append([code, population, round(population * (0.10 + 0.08 * s))])
    return score, (indicators, denominators, population_rows)


def _write_deprivation(folder, tables) -> None:
    with (folder / "imd2019_underlying_indicators.csv").open("w", newline="") as ind, \
         (folder / "imd2019_population_denominators.csv").open("w", newline="") as den, \
         (folder / "population_by_age.csv").open("w", newline="") as pop:
        wi, wd, wp = csv.writer(ind), csv.writer(den), csv.writer(pop)
        wi.writerow(["lsoa11_code", "income_domain_numerator", "employment_domain_numerator",
                     "adult_skills_and_english_language_proficiency_indicator"])
        wd.writerow(["LSOA code (2011)", "Total population: mid 2015 (excluding prisoners)",
                     "Working age population 18-59/64: for use with Employment Deprivation Domain "
                     "(excluding prisoners)"])
        wp.writerow(["LSOA11CD", "Persons_All-Ages", "aged_15_24"])
        for indicators, denominators, population_rows in tables:
            wi.writerows(indicators)
            wd.writerows(denominators)
            wp.writerows(population_rows)


def _months(start: str, count: int) -> list[str]:
    y, m = map(int, start.split("-"))
    out = []
    for _ in range(count):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _months_missing_btp(start: str, months: int) -> tuple[list[str], str]:
    month_names = _months(start, months)
    return month_names, month_names[min(7, months - 1)]


def _crime_months(plan: _Plan, deprivation, rng, months, per_month, start):
    """The borough's rows month by month: (month, force rows, British Transport Police rows)."""
    lsoas, polygons, ward_of, town_centres = plan.lsoas, plan.polygons, plan.ward_of, plan.town_centres
    codes = [code for code, *_ in lsoas]
    names = {code: name for code, name, _, _ in lsoas}
    place = authority_name(plan.number)
    centre_lsoas = [c for c in codes if ward_of[c] in town_centres]
    hot = set(rng.choice(centre_lsoas, size=3, replace=False))
    # Each LSOA's pull for town-centre crime and for residential crime.
    centre_pull = np.array([40.0 if c in hot else 12.0 if ward_of[c] in town_centres else 1.0 for c in codes])
    home_pull = np.array([0.3 + 3 * deprivation[c] for c in codes])
    types = list(TYPE_MIX)
    shares = np.array([TYPE_MIX[t][0] for t in types])
    shares /= shares.sum()
    month_names = _months(start, months)
    street_points = {c: rng.uniform(0.1, 0.9, size=(8, 2)) for c in codes}  # snap points, as police.uk anonymises
    for index, month in enumerate(month_names):
        season = 1 + 0.12 * np.sin(2 * np.pi * (int(month[5:]) - 4) / 12)
        trend = 0.9 if index >= 12 else 1.0
        total = rng.poisson(per_month * season * trend)
        type_counts = rng.multinomial(total, shares)
        records: list[tuple[str, str]] = []
        for crime_type, count in zip(types, type_counts, strict=True):
            pull = centre_pull if TYPE_MIX[crime_type][1] else home_pull
            where = rng.choice(len(codes), size=count, p=pull / pull.sum())
            records.extend((crime_type, codes[lsoa_index]) for lsoa_index in where)
        rng.shuffle(records)
        force_rows, btp_rows = [], []
        picks = rng.integers(0, 8, size=len(records))
        xy = np.empty((len(records), 2))
        for number, (_, code) in enumerate(records):
            ring = polygons[code]
            u, v = street_points[code][picks[number]]
            # bilinear position inside the LSOA's quadrilateral (corners: ring[0..3])
            xy[number] = ((1 - u) * (1 - v) * ring[0] + u * (1 - v) * ring[1] + u * v * ring[2]
                          + (1 - u) * v * ring[3])
        lon, lat = _to_lonlat(xy[:, 0], xy[:, 1]) if len(records) else ([], [])
        for number, (crime_type, code) in enumerate(records):
            u, v = street_points[code][picks[number]]
            street = STREETS[int((u + v) * 5) % len(STREETS)]
            location = f"On or near {street}"
            if number > len(records) * 0.8 and number % 97 == 0:
                location = f"On or near {street}, {place}"  # a comma: quoted, deep in the file
            crime_id = "" if crime_type == "Anti-social behaviour" else _crime_id(rng)
            outcome = "" if crime_type == "Anti-social behaviour" else OUTCOMES[int(rng.integers(0, len(OUTCOMES)))]
            row = [crime_id, month, FORCE, FORCE, f"{lon[number]:.6f}", f"{lat[number]:.6f}", location, code,
                   names[code], crime_type, outcome, ""]
            roll = rng.random()
            if roll < 0.004:  # no location at all
                row[4:9] = ["", "", "No location", "", ""]
            elif roll < 0.006:  # zeroed coordinates
                row[4], row[5] = "0", "0"
            if crime_type in {"Theft from the person", "Robbery"} and rng.random() < 0.08:
                row[2] = row[3] = BTP
                btp_rows.append(row)
            else:
                force_rows.append(row)
        yield month, force_rows, btp_rows


def _write_crime(folder, boroughs, missing_btp: str) -> int:
    """One force file (and one BTP file, except in the month ``missing_btp``) a month holding the
    rows of every borough in ``boroughs`` (generators from :func:`_crime_months` over the same months)."""
    rows_written = 0
    for per_borough in zip(*boroughs, strict=True):
        month = per_borough[0][0]
        month_dir = folder / month
        month_dir.mkdir(parents=True, exist_ok=True)
        rows_written += _write_month(month_dir / f"{month}-synthshire-street.csv",
                                     [row for _, force_rows, _ in per_borough for row in force_rows])
        if month != missing_btp:
            rows_written += _write_month(month_dir / f"{month}-btp-street.csv",
                                         [row for _, _, btp_rows in per_borough for row in btp_rows])
    return rows_written


OUTCOMES = ["Investigation complete; no suspect identified", "Unable to prosecute suspect",
            "Under investigation", "Local resolution", "Offender given a caution", "Awaiting court outcome"]


def _crime_id(rng) -> str:
    return "".join(f"{b:02x}" for b in rng.integers(0, 256, size=32, dtype=np.uint8))


def _write_month(path: Path, rows: list[list[str]]) -> int:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return len(rows)
