"""Postcodes: writing them one way, finding their point, and loading the ONS postcode directory.

The loader reads the ONS National Statistics Postcode Lookup (NSPL; the ONS Postcode Directory,
ONSPD, has the same columns under a few other names) as published: one row per postcode with

* ``pcds``  the postcode in its one-space form ("SW1A 1AA"),
* ``lat``, ``long``  the postcode's grid point in WGS84 (99.999999/0.000000 when it has none),
* ``doterm``  the month a postcode was terminated (empty while it is live),
* ``laua`` (NSPL) or ``oslaua`` (ONSPD), ``ward`` or ``osward``, ``lsoa21``/``lsoa11``  the local
  authority, ward and LSOA codes it lies in (later editions name them ``lad25cd``, ``wd25cd`` …),

and about forty columns more, which are read past. Column names are matched whatever their case.
Terminated postcodes and postcodes without a grid point are left out (counted, not refused): every
real file holds them. Any other bad row is reported with its line and nothing is loaded.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.db import transaction

from saferplaces.core.csvimport import Duplicates, ImportFileError, ImportResult, run_import
from saferplaces.geo.models import Postcode

_SHAPE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")
_LAD = re.compile(r"^(os)?laua$|^lad\d\dcd$")
_WARD = re.compile(r"^(os)?ward$|^wd\d\dcd$")
_LSOA = (re.compile(r"^lsoa21(cd)?$"), re.compile(r"^lsoa11(cd)?$"))
_AUTHORITY_CODE = re.compile(r"^[EWSN]\d{8}$")
#: The NSPL's latitude for a postcode without a grid reference.
NO_GRID_LATITUDE = 99.999999
#: A box around the United Kingdom, the Channel Islands and the Isle of Man: a point outside it is a
#: mistake (swapped columns, projected metres), not a postcode.
UK_LATITUDE = (49.0, 61.0)
UK_LONGITUDE = (-9.0, 2.0)
#: Every UK postcode is in one NSPL file of about 2.7 million rows.
MAX_ROWS = 3_000_000
REQUIRED = ("pcds", "lat", "long")


def normalise(text: str) -> str | None:
    """The postcode in its one-space form ("sw1a1aa" → "SW1A 1AA"), or None if it cannot be one."""
    compact = re.sub(r"\s+", "", text or "").upper()
    if not _SHAPE.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


def find(text: str) -> Postcode | None:
    """The loaded postcode ``text`` names (however it is spaced or cased), if it is held."""
    postcode = normalise(text)
    return Postcode.objects.filter(postcode=postcode).first() if postcode else None


def in_uk(latitude: float, longitude: float) -> bool:
    return UK_LATITUDE[0] <= latitude <= UK_LATITUDE[1] and UK_LONGITUDE[0] <= longitude <= UK_LONGITUDE[1]


@dataclass
class LoadResult:
    """What a load did: ``result`` as every import's; ``skipped`` counts rows left out and why."""

    result: ImportResult
    skipped: dict[str, int] = field(default_factory=dict)


class _NSPL:
    """The checker and creator of one load (the state they share)."""

    def __init__(self, header: list[str], lad: str | None):
        names = {name.lower(): name for name in header}
        self.pcds, self.lat, self.long = (names[n] for n in REQUIRED)
        self.doterm = names.get("doterm")
        self.lad_column = next((names[n] for n in names if _LAD.match(n)), None)
        self.ward_column = next((names[n] for n in names if _WARD.match(n)), None)
        self.lsoa_column = next((names[n] for pattern in _LSOA for n in names if pattern.match(n)), None)
        self.lad = lad
        self.duplicates = Duplicates(())
        self.skipped = {"terminated": 0, "without a grid point": 0, "in another local authority": 0}
        self.rows: list[Postcode] = []

    def check(self, line: int, row: dict[str, str]):
        problems: list[str] = []
        lad = row.get(self.lad_column, "") if self.lad_column else ""
        if self.lad and lad != self.lad:
            self.skipped["in another local authority"] += 1
            return None, problems
        if self.doterm and row.get(self.doterm):
            self.skipped["terminated"] += 1
            return None, problems
        postcode = normalise(row[self.pcds])
        if postcode is None:
            problems.append(f"pcds '{row[self.pcds]}' is not a postcode" if row[self.pcds] else "pcds is empty")
        else:
            repeated = self.duplicates.problem(postcode, line, f"postcode {postcode}")
            if repeated:
                problems.append(repeated)
        point = []
        for column, what in ((self.lat, "lat"), (self.long, "long")):
            try:
                point.append(float(row[column]))
            except ValueError:
                problems.append(f"{what} '{row[column]}' is not a number" if row[column] else f"{what} is empty")
        if len(point) == 2:
            latitude, longitude = point
            if abs(latitude - NO_GRID_LATITUDE) < 1e-6:
                self.skipped["without a grid point"] += 1
                return None, problems if postcode is None else []
            if not in_uk(latitude, longitude):
                problems.append(f"lat {latitude}, long {longitude} is not a point in the United Kingdom")
        codes = {}
        for column, what in ((self.lad_column, "local authority"), (self.ward_column, "ward"),
                             (self.lsoa_column, "LSOA")):
            value = row.get(column, "") if column else ""
            if value and not _AUTHORITY_CODE.match(value):
                problems.append(f"{column} '{value}' is not an ONS {what} code")
            codes[what] = value
        if problems:
            return None, problems
        return Postcode(postcode=postcode, latitude=point[0], longitude=point[1], lad_code=codes["local authority"],
                        ward_code=codes["ward"], lsoa_code=codes["LSOA"]), []

    def create(self, clean: Postcode | None) -> None:
        if clean is not None:
            self.rows.append(clean)


def _header(text: str) -> list[str]:
    first = next(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")), None)
    if not first:
        raise ImportFileError("The file is empty")
    return [name.strip() for name in first]


def load_nspl(text: str, *, lad: str | None = None) -> LoadResult:
    """Load the postcodes of an NSPL (or ONSPD) CSV text, all or none.

    With ``lad`` (a local authority code such as E09000033, Westminster) only that authority's
    postcodes are kept. A postcode already held is replaced by the file's (a newer edition moves
    points and wards); sample postcodes the file does not name stay until ``clear_sample``.
    """
    lad = (lad or "").strip().upper() or None
    if lad and not _AUTHORITY_CODE.match(lad):
        raise ImportFileError(f"'{lad}' is not a local authority code (for example E09000033)")
    header = _header(text)
    lower = [name.lower() for name in header]
    missing = [name for name in REQUIRED if name not in lower]
    if missing:
        result = ImportResult(rejected=[(1, f"missing columns: {', '.join(missing)} (is this the NSPL or ONSPD "
                                            "CSV, not its user guide or a lookup?)")])
        return LoadResult(result)
    loader = _NSPL(header, lad)
    if lad and loader.lad_column is None:
        return LoadResult(ImportResult(rejected=[(1, "--lad was given but the file has no local authority column "
                                                     "(laua or oslaua)")]))
    with transaction.atomic():
        # Every column of the file is accepted: each NSPL edition adds some, and only those read matter.
        result = run_import(text, columns=header, required=[loader.pcds, loader.lat, loader.long],
                            check=loader.check, create=loader.create, max_rows=MAX_ROWS)
        if result.ok:
            names = [row.postcode for row in loader.rows]
            for start in range(0, len(names), 900):  # SQLite allows only so many parameters in one query
                Postcode.objects.filter(postcode__in=names[start:start + 900]).delete()
            Postcode.objects.bulk_create(loader.rows, batch_size=2000)
            result.imported = len(loader.rows)
    skipped = {why: n for why, n in loader.skipped.items() if n}
    return LoadResult(result, skipped)


def bng_to_wgs84(xs, ys) -> list[tuple[float, float]]:
    """British National Grid metres (EPSG:27700) → (longitude, latitude) pairs (WGS84)."""
    from pyproj import Transformer  # pyproj loads its projection database: only when a map needs it

    transformer = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    longitudes, latitudes = transformer.transform(list(xs), list(ys))
    return list(zip(map(float, longitudes), map(float, latitudes)))
