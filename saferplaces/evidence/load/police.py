"""The police.uk loader: files in, a validated canonical ``crimes`` table out, or a clear error.

Nothing half-applies: everything is read into a fresh in-memory DuckDB database, checked, and only
then returned. The CSV dialect is fixed (comma, double quotes) rather than sniffed, because real
police.uk files can have their first quoted field tens of thousands of lines in.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from saferplaces.evidence import crime_types
from saferplaces.evidence.coverage import missing_by_source
from saferplaces.evidence.errors import InputError
from saferplaces.evidence.geography import to_bng
from saferplaces.evidence.load.api_json import api_json_table
from saferplaces.evidence.load.files import API_ID_COLUMNS, NOT_UTF8, STREET_HEADER, SourceFile, discover
from saferplaces.evidence.load.forces import BTP, UNKNOWN_FORCE, force_name
from saferplaces.evidence.load.quality import Dropped, FileSummary, QualityReport

CRIME_COLUMNS = (
    "crime_id", "month", "force", "falls_within", "longitude", "latitude", "x", "y", "location",
    "lsoa_code", "lsoa_name", "crime_type", "is_asb", "outcome", "context", "source_file", "source_line",
)
_RAW_COLUMNS = ", ".join(f'"{c}" VARCHAR' for c in STREET_HEADER)
_CSV_COLUMNS = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in STREET_HEADER) + "}"
#: The last LSOA code of the 2011 set in England and Wales' numbering (E01/W01 codes above it are 2021).
LAST_2011_LSOA = {"E01": 33768, "W01": 1958}
#: data.police.uk's first month of street-level data.
FIRST_MONTH = "2010-12"
#: Where a position is kept for maps: Great Britain and Northern Ireland with a margin (degrees).
UK_LONGITUDE, UK_LATITUDE = (-8.75, 1.85), (49.8, 60.95)
#: How many file lines an error or a dropped-rows entry names.
EXAMPLES = 5

Q_CREATE_RAW = f"CREATE TABLE raw ({_RAW_COLUMNS}, api_id VARCHAR, filename VARCHAR)"
# One parallel read of every street file. Insertion order is preserved, so each file's rows are
# contiguous and in order: a row's line is its rowid less its file's first rowid, plus the header.
Q_READ_STREET = f"""
INSERT INTO raw BY NAME
SELECT * FROM read_csv(?, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
                       columns = {_CSV_COLUMNS}, filename = true)
"""
Q_SOURCES = """
CREATE TABLE sources AS
SELECT s.filename, n.name AS source, n.unit, min(s.rowid) - n.first_line AS start
FROM raw s JOIN source_names n ON s.filename = n.path GROUP BY s.filename, n.name, n.unit, n.first_line
"""
# The rows with their file and line, and the force that says which file "owns" them. A view, not a
# copy: rows are deleted from ``raw`` by rowid, which deletions leave unchanged for the other rows.
Q_LINES = f"""
CREATE VIEW lines AS
SELECT r.* EXCLUDE (filename), r.rowid AS raw_row, s.source, s.unit, r.rowid - s.start AS line,
       coalesce(nullif(trim(r."Reported by"), ''), '{UNKNOWN_FORCE}') AS force_key
FROM raw r JOIN sources s USING (filename)
"""
Q_TYPES = 'SELECT "Crime type", min(source), min(line), count(*) FROM lines GROUP BY 1'
_NUMBER = "TRY_CAST(nullif(trim({0}), '') AS DOUBLE)"
_GIVEN = "nullif(trim({0}), '') IS NOT NULL"
_LONGITUDE, _LATITUDE = '"Longitude"', '"Latitude"'
#: Values no police.uk row can hold: each refuses the whole load, naming file and line (see
#: docs/evidence-engine.md, "Impossible values"). ``{first}``/``{last}`` are the months police.uk covers.
#: Each rule is counted on the table of distinct values it reads (``months`` of each file, position
#: ``pairs``), far smaller than the rows, and only a broken rule is looked for row by row.
IMPOSSIBLE = (
    ("months", "Month is blank or not YYYY-MM",
     """NOT regexp_full_match(coalesce(trim("Month"), ''), '\\d{4}-(0[1-9]|1[0-2])')"""),
    ("months", "Month is before police.uk began ({first}) or after the current month ({last})",
     """regexp_full_match(coalesce(trim("Month"), ''), '\\d{4}-(0[1-9]|1[0-2])')
        AND (trim("Month") < ? OR trim("Month") > ?)"""),
    ("pairs", "Longitude or Latitude is not a number",
     " OR ".join(f"({_GIVEN.format(c)} AND NOT coalesce(isfinite({_NUMBER.format(c)}), false))"
                 for c in (_LONGITUDE, _LATITUDE))),
    ("pairs", "Longitude is outside -180..180 or Latitude outside -90..90",
     f"abs({_NUMBER.format(_LONGITUDE)}) > 180 OR abs({_NUMBER.format(_LATITUDE)}) > 90"),
)


@dataclass(frozen=True)
class PoliceData:
    """A loaded set of police.uk files: a DuckDB connection with ``crimes`` (and ``stop_search``)."""

    con: duckdb.DuckDBPyConnection
    quality: QualityReport

    def crimes(self, include_asb: bool = True) -> duckdb.DuckDBPyRelation:
        where = "" if include_asb else " WHERE NOT is_asb"
        return self.con.sql(f"SELECT * FROM crimes{where}")


def _culprit(error: duckdb.Error, sources: list[SourceFile], default: str) -> str:
    return next((s.name for s in sources if str(s.path) in str(error)), default)


def _read_csvs(read, sources: list[SourceFile], what: str) -> list[SourceFile]:
    """``read(sources)`` (a DuckDB read of the files), again on decoded copies if a file is not UTF-8;
    the sources as finally read. A failed read leaves no rows behind (the statement is rolled back)."""
    for attempt in range(2):
        try:
            read(sources)
            return sources
        except duckdb.Error as error:
            if attempt == 0 and NOT_UTF8 in str(error):
                sources = [source.decoded() for source in sources]
                continue
            message = str(error).split("\n")[0]
            raise InputError(f"{_culprit(error, sources, what)}: cannot read as {what}: {message}") from None
    return sources


def _read_street(con, sources: list[SourceFile]) -> list[SourceFile]:
    if not sources:
        return sources
    return _read_csvs(lambda files: con.execute(Q_READ_STREET, [[str(source.path) for source in files]]),
                      sources, "a police.uk CSV")


def _api_csv_select(source: SourceFile) -> str:
    """The SELECT that turns one API flat CSV into ``raw`` rows (columns it lacks are left empty)."""
    header = set(source.header)

    def column(*names: str) -> str:
        found = [f'"{n}"' for n in names if n in header]
        return f"coalesce({', '.join(f'nullif(trim({c}), {chr(39) * 2})' for c in found)})" if found else "NULL"

    force = f"CASE WHEN upper(trim(location_type)) = 'BTP' THEN '{BTP}' ELSE $force END"
    columns = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in source.header) + "}"
    return f"""
        INSERT INTO raw BY NAME
        SELECT {column("crime_id", "persistent_id")} AS "Crime ID", month AS "Month",
               {force} AS "Reported by", {force} AS "Falls within",
               longitude AS "Longitude", latitude AS "Latitude", {column("street_name")} AS "Location",
               category AS "Crime type", {column("outcome_category")} AS "Last outcome category",
               {column("context")} AS "Context", {column(*API_ID_COLUMNS)} AS api_id, $path AS filename
        FROM read_csv($path, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
                      columns = {columns})
    """


def _read_api(con, sources: list[SourceFile], force: str | None) -> list[SourceFile]:
    """API records (JSON arrays and flat CSVs) into ``raw``, each with its force (see ``forces``)."""
    read = []
    for source in sources:
        area_force = force or source.named_force
        if source.kind == "api_json":
            records = api_json_table(source.path, source.name, area_force)  # noqa: F841 (read by DuckDB by name)
            con.execute("INSERT INTO raw BY NAME SELECT *, $path AS filename FROM records",
                        {"path": str(source.path)})
            read.append(source)
            continue
        read += _read_csvs(lambda files, f=area_force: con.execute(
            _api_csv_select(files[0]), {"path": str(files[0].path), "force": f}), [source], "the police.uk API's CSV")
    return read


def _examples(con, where: str, parameters=()) -> list[str]:
    rows = con.execute(f"SELECT source, line FROM lines WHERE {where} ORDER BY source, line LIMIT {EXAMPLES}",
                       list(parameters)).fetchall()
    return [f"{source} line {line}" for source, line in rows]


def _refuse_impossible(con, sources: list[SourceFile], today: datetime.date) -> None:
    """Refuse the load, naming file and line, if any row holds a value police.uk cannot give."""
    first, last = FIRST_MONTH, f"{today.year:04d}-{today.month:02d}"
    con.execute('CREATE TEMP TABLE months AS SELECT source, "Month", count(*) AS n FROM lines GROUP BY ALL')
    con.execute('CREATE TEMP TABLE pairs AS SELECT "Longitude", "Latitude", count(*) AS n FROM lines GROUP BY ALL')
    con.execute("CREATE TEMP TABLE named_month (named_source VARCHAR, named VARCHAR)")
    named = [(s.name, s.named_month) for s in sources if s.named_month]
    if named:
        con.executemany("INSERT INTO named_month VALUES (?, ?)", named)
    misnamed = 'n.named IS NOT NULL AND trim(m."Month") IS DISTINCT FROM n.named'
    problems = []
    for table, reason, where in IMPOSSIBLE:
        parameters = [first, last] if "?" in where else []
        count = con.execute(f"SELECT sum(n) FROM {table} WHERE {where}", parameters).fetchone()[0]
        if count:
            lines = _examples(con, where, parameters)
            problems.append(f"{reason.format(first=first, last=last)}: {count:,} row(s), first {', '.join(lines)}")
    for name, month, count, found in con.execute(f"""
            SELECT m.source, n.named, sum(m.n), min(trim(m."Month"))
            FROM months m JOIN named_month n ON m.source = n.named_source
            WHERE {misnamed} GROUP BY ALL ORDER BY 1""").fetchall():
        lines = _examples(con, 'source = ? AND trim("Month") IS DISTINCT FROM ?', (name, month))
        problems.append(f"the file is named {month} but {count:,} row(s) are for another month ({found}), "
                        f"first {', '.join(lines)}")
    if problems:
        raise InputError("; ".join(problems))


def _drop_repeated_api_ids(con) -> list[Dropped]:
    """Keep the first record of each API id: adjacent area queries return the same crime."""
    con.execute("""
        CREATE TEMP TABLE repeated_ids AS
        SELECT raw_row FROM (
            SELECT raw_row, row_number() OVER (PARTITION BY api_id ORDER BY source, line) AS n
            FROM lines WHERE api_id IS NOT NULL AND trim(api_id) <> '')
        WHERE n > 1
    """)
    count = con.execute("SELECT count(*) FROM repeated_ids").fetchone()[0]
    if not count:
        return []
    lines = _examples(con, "raw_row IN (SELECT raw_row FROM repeated_ids)")
    con.execute("DELETE FROM raw WHERE rowid IN (SELECT raw_row FROM repeated_ids)")
    return [Dropped("the same API id as an earlier record (adjacent area queries return the same crime); "
                    "each crime is counted once", count, tuple(lines))]


def _drop_overlapping_files(con) -> list[Dropped]:
    """Count each force's month once when two files hold it (a zip and its extracted folder, a file
    given twice, the API's records and a police.uk file): a police.uk file is kept over the API's
    records (it is the published file, with LSOA codes), else the first file in name order.

    A police.uk file holds one force's month, so a force and month found in two files is the same data
    read twice. The API's records (JSON or flat CSV) count as one source: they are split by area, and
    their repeats are found by id instead.
    """
    overlaps = con.execute("""
        WITH pieces AS (
            SELECT force_key, trim("Month") AS month, unit, min(source) AS first_source, count(*) AS rows,
                   arg_min(line, source || lpad(CAST(line AS VARCHAR), 12, '0')) AS first_line
            FROM lines GROUP BY ALL),
        keeper AS (
            SELECT force_key, month, arg_min(unit, preference) AS kept,
                   arg_min(first_source, preference) AS kept_source
            FROM (SELECT *, CAST(unit = 'API records' AS VARCHAR) || first_source AS preference FROM pieces)
            GROUP BY ALL HAVING count(*) > 1)
        SELECT p.unit, p.first_source, k.kept_source, p.force_key, p.month, p.rows, p.first_line
        FROM pieces p JOIN keeper k USING (force_key, month) WHERE p.unit <> k.kept ORDER BY 2, 4, 5
    """).fetchall()
    if not overlaps:
        return []
    con.execute("CREATE TEMP TABLE overlap (unit VARCHAR, force_key VARCHAR, month VARCHAR)")
    con.executemany("INSERT INTO overlap VALUES (?, ?, ?)", [(row[0], row[3], row[4]) for row in overlaps])
    examples = tuple(f"{source} line {line} ({force} {month}, already read from {kept})"
                     for _, source, kept, force, month, _, line in overlaps[:EXAMPLES])
    con.execute("""DELETE FROM raw WHERE rowid IN (
                       SELECT l.raw_row FROM lines l JOIN overlap o
                       ON l.unit = o.unit AND l.force_key = o.force_key AND trim(l."Month") = o.month)""")
    return [Dropped(f"a force's month already read from another file ({len(overlaps):,} force-months; a police.uk "
                    "file is kept over the API's records, else the first in name order)",
                    sum(row[5] for row in overlaps), examples)]


def _canonical_types(con) -> tuple[dict[str, str], int]:
    mapping, problems, historic = {}, [], 0
    for value, source, line, rows in con.execute(Q_TYPES).fetchall():
        name = crime_types.canonical(value or "")
        if name is None:
            problems.append(f"{source} line {line}: unknown crime type {value!r} ({rows} rows)")
        else:
            mapping[value] = name
            historic += rows if name in crime_types.HISTORIC else 0
    if problems:
        raise InputError("; ".join(problems))
    return mapping, historic


def _to_bng(longitude: np.ndarray, latitude: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return to_bng(longitude, latitude)


def _in_uk(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    return (lon >= UK_LONGITUDE[0]) & (lon <= UK_LONGITUDE[1]) & (lat >= UK_LATITUDE[0]) & (lat <= UK_LATITUDE[1])


def _bits(flags: np.ndarray):
    return pa.py_buffer(np.packbits(flags, bitorder="little").tobytes())


# Arrow arrays built from their buffers: pa.array() of a numpy array imports pandas (0.5 s or more).
def _arrow(values: np.ndarray, valid: np.ndarray) -> pa.Array:
    """Doubles, NULL where not ``valid``."""
    return pa.Array.from_buffers(pa.float64(), len(values), [_bits(valid), pa.py_buffer(np.ascontiguousarray(values))])


def _bools(flags: np.ndarray) -> pa.Array:
    return pa.Array.from_buffers(pa.bool_(), len(flags), [None, _bits(flags)])


def _bng_table(con) -> None:
    """Table ``bng``: for each distinct (Longitude, Latitude) text pair (table ``pairs``), to join on the
    pair: British National Grid ``bx``/``by`` and the numbers ``lon_number``/``lat_number`` (NULL without
    a usable position: blank, zeroed or outside the UK), and flags ``zeroed`` (0,0) and ``outside_uk``.

    police.uk positions are snapped to a fixed set of map points, so there are far fewer pairs than rows.
    """
    numbers = con.execute(
        'SELECT TRY_CAST(nullif(trim("Longitude"), \'\') AS DOUBLE) AS lon, '
        'TRY_CAST(nullif(trim("Latitude"), \'\') AS DOUBLE) AS lat FROM pairs'
    ).fetchnumpy()
    lon: np.ndarray = np.ma.filled(np.ma.asarray(numbers["lon"], dtype=float), np.nan)
    lat: np.ndarray = np.ma.filled(np.ma.asarray(numbers["lat"], dtype=float), np.nan)
    with np.errstate(invalid="ignore"):
        usable = np.isfinite(lon) & np.isfinite(lat) & _in_uk(lon, lat)
    x = np.full(lon.shape, np.nan)
    y = np.full(lon.shape, np.nan)
    if usable.any():
        x[usable], y[usable] = _to_bng(lon[usable], lat[usable])
    with np.errstate(invalid="ignore"):
        zeroed = (lon == 0) & (lat == 0)
    outside = np.isfinite(lon) & np.isfinite(lat) & ~usable & ~zeroed
    grid = pa.Table.from_arrays(  # noqa: F841 (DuckDB reads the Arrow table by its name)
        [_arrow(x, usable), _arrow(y, usable), _arrow(lon, usable), _arrow(lat, usable), _bools(zeroed),
         _bools(outside)],
        names=["bx", "by", "lon_number", "lat_number", "zeroed", "outside_uk"])
    # The same scan order of an unchanged table: the pairs and their grid positions line up.
    con.execute("CREATE TEMP TABLE bng AS SELECT * FROM pairs POSITIONAL JOIN grid")


def _build_crimes(con, mapping: dict[str, str]) -> None:
    con.execute("CREATE TEMP TABLE type_map (raw VARCHAR, crime_type VARCHAR)")
    con.executemany("INSERT INTO type_map VALUES (?, ?)", list(mapping.items()))
    _bng_table(con)
    con.execute("""
        CREATE TABLE crimes AS
        WITH positioned AS (
            SELECT l.*, b.* EXCLUDE ("Longitude", "Latitude", n) FROM lines l LEFT JOIN bng b
            ON l."Longitude" IS NOT DISTINCT FROM b."Longitude" AND l."Latitude" IS NOT DISTINCT FROM b."Latitude")
        SELECT nullif(trim(r."Crime ID"), '') AS crime_id,
               CAST(trim(r."Month") || '-01' AS DATE) AS month,
               r.force_key AS force,
               nullif(trim(r."Falls within"), '') AS falls_within,
               r.lon_number AS longitude, r.lat_number AS latitude, r.bx AS x, r.by AS y,
               nullif(trim(r."Location"), '') AS location,
               nullif(trim(r."LSOA code"), '') AS lsoa_code,
               nullif(trim(r."LSOA name"), '') AS lsoa_name,
               m.crime_type,
               m.crime_type = 'Anti-social behaviour' AS is_asb,
               nullif(trim(r."Last outcome category"), '') AS outcome,
               nullif(trim(r."Context"), '') AS context,
               r.source AS source_file, r.line AS source_line,
               r.zeroed, r.outside_uk,
               r."LSOA code" IS NULL OR trim(r."LSOA code") = '' AS lsoa_was_blank
        FROM positioned r JOIN type_map m ON r."Crime type" = m.raw
    """)


def _apply_outcomes(con, sources: list[SourceFile]) -> int:
    if not sources:
        return 0
    con.execute("CREATE TEMP TABLE outcomes (crime_id VARCHAR, month VARCHAR, outcome VARCHAR)")
    for source in sources:
        _read_csvs(lambda files: con.execute(
            """INSERT INTO outcomes SELECT "Crime ID", "Month", "Outcome type"
               FROM read_csv(?, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
                             columns = {'Crime ID': 'VARCHAR', 'Month': 'VARCHAR', 'Reported by': 'VARCHAR',
                                        'Falls within': 'VARCHAR', 'Longitude': 'VARCHAR',
                                        'Latitude': 'VARCHAR', 'Location': 'VARCHAR', 'LSOA code': 'VARCHAR',
                                        'LSOA name': 'VARCHAR', 'Outcome type': 'VARCHAR'})""",
            [str(files[0].path)]), [source], "a police.uk outcomes CSV")
    # The latest month's outcome wins (outcomes are revised in later months' files).
    con.execute("""
        CREATE TEMP TABLE latest_outcome AS
        SELECT crime_id, arg_max(outcome, month) AS outcome FROM outcomes
        WHERE crime_id IS NOT NULL AND trim(crime_id) <> '' GROUP BY crime_id
    """)
    applied = con.execute(
        "SELECT count(*) FROM crimes c JOIN latest_outcome o USING (crime_id)"
    ).fetchone()[0]
    con.execute("UPDATE crimes SET outcome = o.outcome FROM latest_outcome o WHERE crimes.crime_id = o.crime_id")
    return applied


def _load_stop_search(con, sources: list[SourceFile]) -> int:
    if not sources:
        return 0
    _read_csvs(lambda files: con.execute(
        "CREATE TABLE stop_search AS SELECT * FROM read_csv(?, header = true, all_varchar = true, "
        "union_by_name = true, delim = ',', quote = '\"', escape = '\"', filename = true)",
        [[str(s.path) for s in files]]), sources, "a police.uk stop-and-search CSV")
    return con.execute("SELECT count(*) FROM stop_search").fetchone()[0]


def _lsoa_vintage(code: str | None, known_2011: set[str] | None, known_2021: set[str] | None) -> str:
    """Which LSOA set a code belongs to: from the lookups given, else from the code's number."""
    if not code:
        return "unknown"
    in11, in21 = code in (known_2011 or ()), code in (known_2021 or ())
    if in11 or in21:
        return "both" if in11 and in21 else "2011" if in11 else "2021"
    prefix, digits = code[:3], code[3:]
    if prefix in LAST_2011_LSOA and digits.isdigit():
        return "both" if int(digits) <= LAST_2011_LSOA[prefix] else "2021"
    return "unknown"


def _quality(con, files, dropped, historic, outcomes_applied, stop_rows, filled, lookups) -> QualityReport:
    by_month = con.execute(
        "SELECT force, strftime(month, '%Y-%m'), count(*) FROM crimes GROUP BY ALL ORDER BY 1, 2"
    ).fetchall()
    missing = missing_by_source((force, month) for force, month, _ in by_month)
    totals = con.execute("""
        SELECT count(*), count(*) FILTER (WHERE NOT is_asb), count(*) FILTER (WHERE is_asb),
               count(*) FILTER (WHERE longitude IS NULL AND NOT zeroed AND NOT outside_uk),
               count(*) FILTER (WHERE zeroed), count(*) FILTER (WHERE lsoa_was_blank),
               count(*) FILTER (WHERE outside_uk)
        FROM crimes""").fetchone()
    vintage: dict[str, int] = {"2011": 0, "2021": 0, "both": 0, "unknown": 0}
    known_2011, known_2021 = lookups
    for code, rows in con.execute("SELECT lsoa_code, count(*) FROM crimes GROUP BY 1").fetchall():
        vintage[_lsoa_vintage(code, known_2011, known_2021)] += rows
    duplicates = con.execute("""
        SELECT crime_id FROM crimes WHERE crime_id IS NOT NULL GROUP BY crime_id HAVING count(*) > 1 ORDER BY 1
    """).fetchall()
    return QualityReport(
        files=tuple(files), total_rows=totals[0], crime_rows=totals[1], asb_rows=totals[2],
        rows_by_force_month=tuple(by_month), missing_months=missing,
        blank_coordinates=totals[3], zero_coordinates=totals[4], blank_lsoa=totals[5], lsoa_filled=filled,
        outside_uk=totals[6],
        lsoa_vintage=vintage, duplicate_crime_ids=len(duplicates),
        duplicate_examples=tuple(d[0] for d in duplicates[:5]), historic_types=historic,
        outcomes_applied=outcomes_applied, stop_search_rows=stop_rows, dropped=tuple(dropped),
    )


def load_police(paths, geography=None, workdir: Path | None = None, force: str | None = None,
                today: datetime.date | None = None) -> PoliceData:
    """Load police.uk files (street-level CSVs, outcomes, stop and search, API JSON and flat CSV) from ``paths``.

    Parameters
    ----------
    paths : files, folders or archive zips.
    geography : an optional :class:`saferplaces.evidence.geography.Geography`; when it has LSOA
        boundaries, rows without an LSOA code are placed by point-in-polygon.
    workdir : where zip members are extracted and non-UTF-8 files decoded (a temporary folder by default).
    force : the force whose area API records were queried for (identifier such as ``metropolitan``
        or name); API records say only "Force" or "BTP". Without it, a force identifier in the file
        or folder name is used, else the records are "Unknown force".
    today : the date that decides which months are in the future (the current date by default).

    Returns
    -------
    PoliceData
        The ``crimes`` table (each crime once) and the quality report.

    Raises
    ------
    InputError
        naming the file and line of every impossible value (see ``IMPOSSIBLE``), an unknown crime
        type or a malformed row, or an unreadable file; nothing is returned half-loaded.
    """
    area_force = force_name(force) if force else None
    sources = discover(list(paths), workdir)
    con = duckdb.connect()
    con.execute(Q_CREATE_RAW)
    con.execute("CREATE TABLE source_names (path VARCHAR, name VARCHAR, unit VARCHAR, first_line BIGINT)")
    street = [s for s in sources if s.kind == "street"]
    api = [s for s in sources if s.kind in {"api_json", "api_csv"}]
    street = _read_street(con, street)
    api = _read_api(con, api, area_force)
    # Lines: a CSV's first row is line 2 (after the header); a JSON record's is record 1. A police.uk
    # file is its own unit for overlaps; the API's records are one unit (see _drop_overlapping_files).
    con.executemany("INSERT INTO source_names VALUES (?, ?, ?, ?)",
                    [(str(s.path), s.name, f"file {number}" if s.kind == "street" else "API records",
                      1 if s.kind == "api_json" else 2) for number, s in enumerate(street + api)])
    if not (con.execute("SELECT count(*) FROM raw").fetchone() or (0,))[0]:
        raise InputError("no street-level crime rows found (only outcomes or stop-and-search files?)")
    con.execute(Q_SOURCES)
    con.execute(Q_LINES)
    row_counts = dict(con.execute("SELECT source, count(*) FROM lines GROUP BY 1").fetchall())
    summaries = [FileSummary(s.name, s.kind, row_counts.get(s.name, 0)) for s in street + api]
    _refuse_impossible(con, sources, today or datetime.date.today())
    dropped = _drop_repeated_api_ids(con) + _drop_overlapping_files(con)
    mapping, historic = _canonical_types(con)
    _build_crimes(con, mapping)
    con.execute("DROP VIEW lines")
    con.execute("DROP TABLE raw")
    filled = geography.fill_blank_lsoas(con) if geography is not None else 0
    outcome_sources = [s for s in sources if s.kind == "outcomes"]
    stop_sources = [s for s in sources if s.kind == "stop_search"]
    outcomes_applied = _apply_outcomes(con, outcome_sources)
    stop_rows = _load_stop_search(con, stop_sources)
    summaries.extend(FileSummary(source.name, source.kind, 0) for source in outcome_sources + stop_sources)
    lookups = geography.lsoa_code_sets() if geography is not None else (None, None)
    quality = _quality(con, summaries, dropped, historic, outcomes_applied, stop_rows, filled, lookups)
    return PoliceData(con=con, quality=quality)
