"""The police.uk loader: files in, a validated canonical ``crimes`` table out, or a clear error.

Nothing half-applies: everything is read into a fresh in-memory DuckDB database, checked, and only
then returned. The CSV dialect is fixed (comma, double quotes) rather than sniffed, because real
police.uk files can have their first quoted field tens of thousands of lines in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from saferplaces.evidence import crime_types
from saferplaces.evidence.coverage import missing_by_source
from saferplaces.evidence.errors import InputError
from saferplaces.evidence.geography import to_bng
from saferplaces.evidence.load.api_json import rows_from_api_json
from saferplaces.evidence.load.files import STREET_HEADER, SourceFile, discover
from saferplaces.evidence.load.quality import Dropped, FileSummary, QualityReport

CRIME_COLUMNS = (
    "crime_id", "month", "force", "falls_within", "longitude", "latitude", "x", "y", "location",
    "lsoa_code", "lsoa_name", "crime_type", "is_asb", "outcome", "context", "source_file", "source_line",
)
_RAW_COLUMNS = ", ".join(f'"{c}" VARCHAR' for c in STREET_HEADER)
_CSV_COLUMNS = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in STREET_HEADER) + "}"
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
#: The last LSOA code of the 2011 set in England and Wales' numbering (E01/W01 codes above it are 2021).
LAST_2011_LSOA = {"E01": 33768, "W01": 1958}

Q_CREATE_RAW = f"CREATE TABLE raw ({_RAW_COLUMNS}, filename VARCHAR)"
# One parallel read of every street file. Insertion order is preserved, so each file's rows are
# contiguous and in order: a row's line is its rowid less its file's first rowid, plus the header.
Q_READ_STREET = f"""
INSERT INTO raw
SELECT * FROM read_csv(?, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
                       columns = {_CSV_COLUMNS}, filename = true)
"""
Q_SOURCES = """
CREATE TABLE sources AS
SELECT s.filename, n.name AS source, min(s.rowid) - n.first_line AS start
FROM raw s JOIN source_names n ON s.filename = n.path GROUP BY s.filename, n.name, n.first_line
"""
Q_LINES = """
CREATE VIEW raw_lines AS
SELECT r.*, s.source, r.rowid - s.start AS line FROM raw r JOIN sources s USING (filename)
"""
Q_TYPES = 'SELECT "Crime type", min(source), min(line), count(*) FROM raw_lines GROUP BY 1'
Q_BAD_MONTHS = """
SELECT source, line FROM raw_lines WHERE NOT regexp_full_match(coalesce("Month", ''), '\\d{4}-(0[1-9]|1[0-2])')
ORDER BY source, line
"""


@dataclass(frozen=True)
class PoliceData:
    """A loaded set of police.uk files: a DuckDB connection with ``crimes`` (and ``stop_search``)."""

    con: duckdb.DuckDBPyConnection
    quality: QualityReport

    def crimes(self, include_asb: bool = True) -> duckdb.DuckDBPyRelation:
        where = "" if include_asb else " WHERE NOT is_asb"
        return self.con.sql(f"SELECT * FROM crimes{where}")


def _read_street(con, sources: list[SourceFile]) -> None:
    if not sources:
        return
    try:
        con.execute(Q_READ_STREET, [[str(source.path) for source in sources]])
    except duckdb.Error as error:
        message = str(error).split("\n")[0]
        names = {str(source.path): source.name for source in sources}
        culprit = next((name for path, name in names.items() if path in str(error)), "street-level files")
        raise InputError(f"{culprit}: cannot read as a police.uk CSV: {message}") from None


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


def _drop_bad_months(con) -> list[Dropped]:
    bad = con.execute(Q_BAD_MONTHS).fetchall()
    if not bad:
        return []
    con.execute("""DELETE FROM raw WHERE NOT regexp_full_match(coalesce("Month", ''), '\\d{4}-(0[1-9]|1[0-2])')""")
    con.execute("DROP VIEW raw_lines")
    con.execute(Q_LINES)
    return [Dropped("Month is blank or not YYYY-MM", len(bad), tuple(f"{s} line {n}" for s, n in bad[:5]))]


def _to_bng(longitude: np.ndarray, latitude: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return to_bng(longitude, latitude)


def _bng_table(con):
    """British National Grid x/y for every raw row, in the raw table's order (NULL without a usable
    position), as an Arrow table to join back positionally."""
    coords = con.execute(
        'SELECT TRY_CAST("Longitude" AS DOUBLE) AS lon, TRY_CAST("Latitude" AS DOUBLE) AS lat FROM raw'
    ).fetchnumpy()
    lon = np.ma.filled(np.ma.asarray(coords["lon"], dtype=float), np.nan)
    lat = np.ma.filled(np.ma.asarray(coords["lat"], dtype=float), np.nan)
    usable = np.isfinite(lon) & np.isfinite(lat) & ~((lon == 0) & (lat == 0))
    x = np.full(lon.shape, np.nan)
    y = np.full(lon.shape, np.nan)
    if usable.any():
        x[usable], y[usable] = _to_bng(lon[usable], lat[usable])
    return pa.table({"bx": pa.array(x, from_pandas=True), "by": pa.array(y, from_pandas=True)})


def _build_crimes(con, mapping: dict[str, str]) -> None:
    con.execute("CREATE TEMP TABLE type_map (raw VARCHAR, crime_type VARCHAR)")
    con.executemany("INSERT INTO type_map VALUES (?, ?)", list(mapping.items()))
    bng = _bng_table(con)  # noqa: F841 (DuckDB reads the Arrow table by its name)
    con.execute("""
        CREATE TABLE crimes AS
        WITH positioned AS (SELECT * FROM raw_lines POSITIONAL JOIN bng)
        SELECT nullif(trim(r."Crime ID"), '') AS crime_id,
               CAST(r."Month" || '-01' AS DATE) AS month,
               coalesce(nullif(trim(r."Reported by"), ''), 'Unknown force') AS force,
               nullif(trim(r."Falls within"), '') AS falls_within,
               CASE WHEN r.bx IS NULL THEN NULL ELSE TRY_CAST(r."Longitude" AS DOUBLE) END AS longitude,
               CASE WHEN r.bx IS NULL THEN NULL ELSE TRY_CAST(r."Latitude" AS DOUBLE) END AS latitude,
               r.bx AS x, r.by AS y,
               nullif(trim(r."Location"), '') AS location,
               nullif(trim(r."LSOA code"), '') AS lsoa_code,
               nullif(trim(r."LSOA name"), '') AS lsoa_name,
               m.crime_type,
               m.crime_type = 'Anti-social behaviour' AS is_asb,
               nullif(trim(r."Last outcome category"), '') AS outcome,
               nullif(trim(r."Context"), '') AS context,
               r.source AS source_file, r.line AS source_line,
               coalesce(TRY_CAST(r."Longitude" AS DOUBLE) = 0 AND TRY_CAST(r."Latitude" AS DOUBLE) = 0, false)
                   AS zeroed,
               r."LSOA code" IS NULL OR trim(r."LSOA code") = '' AS lsoa_was_blank
        FROM positioned r JOIN type_map m ON r."Crime type" = m.raw
    """)


def _apply_outcomes(con, sources: list[SourceFile]) -> int:
    if not sources:
        return 0
    con.execute("CREATE TEMP TABLE outcomes (crime_id VARCHAR, month VARCHAR, outcome VARCHAR)")
    for source in sources:
        try:
            con.execute(
                """INSERT INTO outcomes SELECT "Crime ID", "Month", "Outcome type"
                   FROM read_csv(?, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
                                 columns = {'Crime ID': 'VARCHAR', 'Month': 'VARCHAR', 'Reported by': 'VARCHAR',
                                            'Falls within': 'VARCHAR', 'Longitude': 'VARCHAR',
                                            'Latitude': 'VARCHAR', 'Location': 'VARCHAR', 'LSOA code': 'VARCHAR',
                                            'LSOA name': 'VARCHAR', 'Outcome type': 'VARCHAR'})""",
                [str(source.path)],
            )
        except duckdb.Error as error:
            raise InputError(f"{source.name}: cannot read as a police.uk outcomes CSV: {error}") from None
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
    files = [str(s.path) for s in sources]
    try:
        con.execute(
            "CREATE TABLE stop_search AS SELECT * FROM read_csv(?, header = true, all_varchar = true, "
            "union_by_name = true, delim = ',', quote = '\"', escape = '\"', filename = true)",
            [files],
        )
    except duckdb.Error as error:
        raise InputError(f"stop-and-search files: cannot read: {error}") from None
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
               count(*) FILTER (WHERE longitude IS NULL AND NOT zeroed), count(*) FILTER (WHERE zeroed),
               count(*) FILTER (WHERE lsoa_was_blank)
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
        lsoa_vintage=vintage, duplicate_crime_ids=len(duplicates),
        duplicate_examples=tuple(d[0] for d in duplicates[:5]), historic_types=historic,
        outcomes_applied=outcomes_applied, stop_search_rows=stop_rows, dropped=tuple(dropped),
    )


def load_police(paths, geography=None, workdir: Path | None = None) -> PoliceData:
    """Load police.uk files (street-level CSVs, outcomes, stop and search, API JSON) from ``paths``.

    Parameters
    ----------
    paths : files, folders or archive zips.
    geography : an optional :class:`saferplaces.evidence.geography.Geography`; when it has LSOA
        boundaries, rows without an LSOA code are placed by point-in-polygon.
    workdir : where zip members are extracted (a temporary folder by default).

    Raises
    ------
    InputError
        naming the file and line of the first problem that makes the data unusable (an unknown
        crime type, a malformed row, an unreadable file); nothing is returned half-loaded.
    """
    sources = discover(list(paths), workdir)
    con = duckdb.connect()
    con.execute(Q_CREATE_RAW)
    con.execute("CREATE TABLE source_names (path VARCHAR, name VARCHAR, first_line BIGINT)")
    street = [s for s in sources if s.kind == "street"]
    _read_street(con, street)
    # Lines: a CSV's first row is line 2 (after the header); a JSON record's is record 1.
    for source in street:
        con.execute("INSERT INTO source_names VALUES (?, ?, 2)", [str(source.path), source.name])
    for source in (s for s in sources if s.kind == "api_json"):
        rows = rows_from_api_json(source.path, source.name)
        if rows:
            con.executemany(f"INSERT INTO raw VALUES ({', '.join('?' * 13)})",
                            [(*row[2:], str(source.path)) for row in rows])
        con.execute("INSERT INTO source_names VALUES (?, ?, 1)", [str(source.path), source.name])
    if not (con.execute("SELECT count(*) FROM raw").fetchone() or (0,))[0]:
        raise InputError("no street-level crime rows found (only outcomes or stop-and-search files?)")
    con.execute(Q_SOURCES)
    con.execute(Q_LINES)
    row_counts = dict(con.execute("SELECT source, count(*) FROM raw_lines GROUP BY 1").fetchall())
    summaries = [FileSummary(s.name, s.kind, row_counts.get(s.name, 0)) for s in sources
                 if s.kind in {"street", "api_json"}]
    dropped = _drop_bad_months(con)
    mapping, historic = _canonical_types(con)
    _build_crimes(con, mapping)
    con.execute("DROP VIEW raw_lines")
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
