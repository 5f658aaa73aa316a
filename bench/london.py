"""A London-like region for the whole-region benchmark: 33 fictional boroughs, one year of police.uk files.

No London data ship with the project, so this builds a set of the same size and shape as London 2016
(674,530 crimes, 33 boroughs, about 4,800 LSOAs and 630 wards): 33 copies of the fictional borough of
:mod:`saferplaces.evidence.synthetic.borough` (each from its own seed, so each has its own town
centres, deprivation and crime), laid side by side on a 6 x 6 grid less three cells, with codes and
names made unique per borough. Written as the archive lays out a force's year:

* ``police/2016-MM/2016-MM-metropolitan-street.csv`` (every borough's force rows of the month) and
  ``police/2016-MM/2016-MM-btp-street.csv`` (British Transport Police; one month missing, as the
  borough generator plants);
* ``geography/``: LSOA and ward boundaries (GeoJSON, longitude/latitude), the LSOA -> ward -> local
  authority lookup, and the deprivation and population files, all 33 boroughs in each file.

Besides the borough generator's quirks (rows with no location, zeroed coordinates), 1% of rows keep
their coordinates but have a blank LSOA, as police.uk rows placed by coordinates only do; a third of
those lie 2-8 km outside every borough (the case that made ``assess`` fail on London-wide files).

Codes are fictional and unique: LSOAs ``E019BBNNN``, wards ``E059BBNNN``, boroughs ``E09999BBB``.

Run: PYTHONPATH=. python bench/london.py FOLDER   (about a minute; prints the rows written)
"""

from __future__ import annotations

import csv
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
from pyproj import Transformer

from saferplaces.evidence.synthetic import borough as synth

YEAR = "2016"
BOROUGHS = 33
#: crimes per borough-month: 674,530 crimes in London 2016 / (33 boroughs x 12 months)
PER_MONTH = 1703
GRID_COLUMNS = 6
FORCE = "Metropolitan Police Service"
BLANK_LSOA_SHARE = 0.01
#: invented borough names (none is a real London borough)
NAMES = [
    "Ashcombe", "Bellmarsh", "Carrow", "Dellford", "Eastwick Vale", "Fennbury", "Garnet Hill", "Harrowgate End",
    "Ivydene", "Jessop Reach", "Kestrel Down", "Lamberhurst Marsh", "Merrivale", "Netherby", "Oakhollow",
    "Pellingham", "Quarry Bank", "Ravensmere", "Saltholme", "Thornbury Heath", "Upwood", "Valemont",
    "Wexcombe", "Yarrowfield", "Ambridge Park", "Brackenhurst", "Coldwater", "Dunmere", "Elmstead Cross",
    "Foxley", "Greystoke Green", "Hollowell", "Inchmere",
]
WIDTH, HEIGHT = synth.COLUMNS * synth.CELL, synth.ROWS * synth.CELL
_TO_BNG = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
_TO_LONLAT = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


def _codes(b: int):
    """Map the borough generator's codes (the same in every copy) to codes unique to borough b."""
    lad = f"E09999{b + 1:03d}"

    def lsoa(code: str) -> str:
        return f"E019{b + 1:02d}{int(code[-4:]):03d}" if code.startswith("E0199") else code

    def ward(code: str) -> str:
        return f"E059{b + 1:02d}{int(code[-4:]):03d}" if code.startswith("E0599") else code

    return lad, lsoa, ward


def _offset(b: int) -> tuple[float, float]:
    """Metres east and north of borough b from the borough generator's place (the grid is centred on it)."""
    row, col = divmod(b, GRID_COLUMNS)
    return col * WIDTH - 2.5 * WIDTH, row * HEIGHT - 2.5 * HEIGHT


def _shift(lon, lat, dx: float, dy: float):
    x, y = _TO_BNG.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return _TO_LONLAT.transform(x + dx, y + dy)


def _shift_geometry(geometry: dict, dx: float, dy: float) -> dict:
    rings = []
    for ring in geometry["coordinates"]:
        lon, lat = _shift([p[0] for p in ring], [p[1] for p in ring], dx, dy)
        rings.append([[round(a, 6), round(c, 6)] for a, c in zip(lon, lat, strict=True)])
    return {"type": geometry["type"], "coordinates": rings}


def _geography(source: Path, b: int, features: dict, tables: dict) -> None:
    """Add borough b's boundaries and tables (from its own generated folder) to the region's."""
    lad, lsoa, ward = _codes(b)
    name = NAMES[b]
    dx, dy = _offset(b)
    for file, code_key, name_key, recode in (("lsoa11_boundaries.geojson", "LSOA11CD", "LSOA11NM", lsoa),
                                             ("wards2019.geojson", "WD19CD", "WD19NM", ward)):
        for feature in json.loads((source / file).read_text())["features"]:
            props = feature["properties"]
            label = props[name_key].replace("Synthborough", name)
            if file.startswith("wards"):
                label = f"{name} {label}"  # ward names repeat in every copy; real ones rarely do
            features.setdefault(file, []).append({
                "type": "Feature", "properties": {code_key: recode(props[code_key]), name_key: label},
                "geometry": _shift_geometry(feature["geometry"], dx, dy)})
    for file in sorted(p.name for p in source.glob("*.csv")):
        with (source / file).open(newline="") as handle:
            rows = list(csv.reader(handle))
        header, body = rows[0], rows[1:]
        tables.setdefault(file, [header])
        for row in body:
            row = [lsoa(ward(cell)) for cell in row]
            if file == "lsoa11_to_ward2019_lookup.csv":
                row[1] = row[1].replace("Synthborough", name)
                row[3] = f"{name} {row[3]}"
                row[4], row[5] = lad, name
            tables[file].append(row)


def _police(source: Path, b: int, months: dict, rng) -> None:
    """Add borough b's police rows to the region's months: codes, names, force and places changed."""
    _, lsoa, _ = _codes(b)
    name = NAMES[b]
    dx, dy = _offset(b)
    for path in sorted(source.rglob("*.csv")):
        month = path.parent.name
        kind = "btp" if path.name.endswith("-btp-street.csv") else "force"
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))[1:]
        if not rows:
            continue
        lon = np.array([float(r[4]) if r[4] else np.nan for r in rows])
        lat = np.array([float(r[5]) if r[5] else np.nan for r in rows])
        placed = np.isfinite(lon) & (lon != 0)  # blank and zeroed coordinates stay as they are
        new_lon, new_lat = _shift(lon[placed], lat[placed], dx, dy)
        lon[placed], lat[placed] = new_lon, new_lat
        blank = placed & (rng.random(len(rows)) < BLANK_LSOA_SHARE)
        outside = blank & (rng.random(len(rows)) < 1 / 3)
        if outside.any():
            # beyond the region's edge: south of the bottom row of boroughs, 2-8 km out
            x, y = _TO_BNG.transform(lon[outside], lat[outside])
            y = synth.ORIGIN[1] - 2.5 * HEIGHT - rng.uniform(2000, 8000, int(outside.sum()))
            lon[outside], lat[outside] = _TO_LONLAT.transform(x, y)
        for i, row in enumerate(rows):
            if kind == "force":
                row[2] = row[3] = FORCE
            if placed[i]:
                row[4], row[5] = f"{lon[i]:.6f}", f"{lat[i]:.6f}"
            if blank[i]:
                row[7] = row[8] = ""
            else:
                row[7] = lsoa(row[7])
                row[8] = row[8].replace("Synthborough", name)
            row[6] = row[6].replace("Synthborough", name)
            months.setdefault((month, kind), []).append(row)


def generate_london(folder: str | Path, *, boroughs: int = BOROUGHS, per_month: int = PER_MONTH,
                    seed: int = 2016) -> int:
    """Write the region into ``folder`` (``police/`` and ``geography/``); returns the rows written."""
    folder = Path(folder)
    rng = np.random.default_rng(seed)
    features: dict[str, list] = {}
    tables: dict[str, list] = {}
    months: dict[tuple[str, str], list] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for b in range(boroughs):
            source = Path(scratch) / f"b{b}"
            synth.generate_borough(source, seed=seed * 100 + b, months=12, crimes_per_month=per_month,
                                   start=f"{YEAR}-01")
            _geography(source / "geography", b, features, tables)
            _police(source / "police", b, months, rng)
    geography = folder / "geography"
    geography.mkdir(parents=True, exist_ok=True)
    for file, items in features.items():
        (geography / file).write_text(json.dumps({"type": "FeatureCollection", "features": items}))
    for file, rows in tables.items():
        with (geography / file).open("w", newline="") as handle:
            csv.writer(handle).writerows(rows)
    written = 0
    for (month, kind), rows in sorted(months.items()):
        order = rng.permutation(len(rows))  # boroughs interleaved, as in a force's file
        (folder / "police" / month).mkdir(parents=True, exist_ok=True)
        name = "metropolitan" if kind == "force" else "btp"
        with (folder / "police" / month / f"{month}-{name}-street.csv").open("w", newline="",
                                                                             encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(synth.HEADER)
            writer.writerows(rows[i] for i in order)
        written += len(rows)
    return written


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: python bench/london.py FOLDER")
    rows = generate_london(sys.argv[1])
    print(f"{rows:,} rows written to {sys.argv[1]}")


if __name__ == "__main__":
    main()
