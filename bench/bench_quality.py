"""`saferplaces quality` against a bare DuckDB read_csv of the same files, both as whole commands.

Target (issue 19): `quality` over London-sized data (32 monthly files, about 675,000 rows) takes at
most 3x a bare `read_csv` of the same files, each timed as a fresh Python process (start-up and
imports included), in the same run. No London files are kept here: the bench writes 32 monthly
files in the police.uk archive layout (YYYY-MM/YYYY-MM-metropolitan-street.csv) with realistic
columns: 64-hex Crime IDs (blank for anti-social behaviour), positions snapped to a fixed set of map
points as police.uk does, LSOA codes and names, "On or near" locations (some quoted, with a comma),
police.uk crime types and outcomes.
Run: .venv/bin/python bench/bench_quality.py [ROWS_PER_MONTH] [MONTHS]
(from the checkout to measure: `python -m saferplaces.evidence` in the child finds the package in the
current folder first).
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from saferplaces.evidence import crime_types

OUTCOMES = ("Under investigation", "Investigation complete; no suspect identified", "Unable to prosecute suspect",
            "Offender given a caution", "Awaiting court outcome", "Local resolution")
STREETS = ("High Street", "Oxford Street", "Strand", "Church Lane", "Station Road", "Victoria Street",
           "Shopping Area", "Petrol Station", "Nightclub", "Parking Area", "Supermarket", "Theatre/concert Hall")
SNAP_POINTS = 40_000  # distinct anonymised map points (police.uk snaps every crime to one)


def _sql_list(values) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def write_months(folder: Path, rows_per_month: int, months: int) -> list[Path]:
    """``months`` monthly street-level files of ``rows_per_month`` rows, written by DuckDB (fast, quoted as
    police.uk quotes: only where a value holds a comma)."""
    con = duckdb.connect()
    con.execute("SELECT setseed(0.19)")
    con.execute(f"""
        CREATE TABLE points AS
        SELECT i AS point, round(-0.51 + random() * 0.84, 6) AS lon, round(51.29 + random() * 0.40, 6) AS lat,
               'E0100' || lpad(CAST(i % 4835 AS VARCHAR), 4, '0') AS lsoa
        FROM range({SNAP_POINTS}) t(i)
    """)
    types = [t for t in crime_types.CURRENT]
    files = []
    for number in range(months):
        year, month = 2016 + number // 12, number % 12 + 1
        stamp = f"{year:04d}-{month:02d}"
        path = folder / stamp / f"{stamp}-metropolitan-street.csv"
        path.parent.mkdir(parents=True)
        con.execute(f"""
            COPY (
                WITH draws AS (
                    SELECT i, CAST(floor(random() * {SNAP_POINTS}) AS BIGINT) AS point,
                           {_sql_list(types)}[1 + CAST(floor(random() * {len(types)}) AS INTEGER)] AS kind,
                           random() AS r
                    FROM range({rows_per_month}) t(i))
                SELECT CASE WHEN kind = 'Anti-social behaviour' THEN '' ELSE sha256('{stamp}-' || i) END AS "Crime ID",
                       '{stamp}' AS "Month",
                       'Metropolitan Police Service' AS "Reported by", 'Metropolitan Police Service' AS "Falls within",
                       CASE WHEN r < 0.004 THEN NULL ELSE p.lon END AS "Longitude",
                       CASE WHEN r < 0.004 THEN NULL ELSE p.lat END AS "Latitude",
                       CASE WHEN r < 0.004 THEN 'No Location'
                            WHEN r > 0.97 THEN 'On or near ' || {_sql_list(STREETS)}[1 + point % {len(STREETS)}]
                                               || ', Westminster'
                            ELSE 'On or near ' || {_sql_list(STREETS)}[1 + point % {len(STREETS)}] END AS "Location",
                       CASE WHEN r < 0.004 THEN NULL ELSE p.lsoa END AS "LSOA code",
                       CASE WHEN r < 0.004 THEN NULL ELSE 'Borough ' || right(p.lsoa, 3) || 'A' END AS "LSOA name",
                       kind AS "Crime type",
                       CASE WHEN kind = 'Anti-social behaviour' THEN NULL
                            ELSE {_sql_list(OUTCOMES)}[1 + CAST(floor(r * {len(OUTCOMES)}) AS INTEGER)] END
                           AS "Last outcome category",
                       NULL AS "Context"
                FROM draws JOIN points p USING (point) ORDER BY i
            ) TO '{path}' (HEADER, DELIMITER ',')
        """)
        files.append(path)
    return files


def _command(*args: str) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one run of ``python *args``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=os.environ.copy())
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    rows_per_month = int(sys.argv[1]) if len(sys.argv) > 1 else 21_100
    months = int(sys.argv[2]) if len(sys.argv) > 2 else 32
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "police"
        files = write_months(folder, rows_per_month, months)
        size = sum(f.stat().st_size for f in files) / 1e6
        print(f"{len(files)} monthly files, {rows_per_month * months:,} rows, {size:.0f} MB")
        pattern = str(folder / "*" / "*-street.csv")
        bare_code = ("import duckdb, sys; con = duckdb.connect(); "
                     "con.execute('CREATE TABLE t AS SELECT * FROM read_csv(?, header = true)', [sys.argv[1]]); "
                     "print(con.execute('SELECT count(*) FROM t').fetchone()[0])")
        bare_runs, ours_runs = [], []
        for _ in range(3):  # interleaved, so both see the same load on a shared machine
            bare_runs.append(_command("-c", bare_code, pattern))
            ours_runs.append(_command("-m", "saferplaces.evidence", "quality", str(folder)))
        # The fastest of three (the least disturbed); CPU time too, as wall time on a busy machine
        # depends on what else runs there.
        bare_wall, bare_cpu = min(w for w, _ in bare_runs), min(c for _, c in bare_runs)
        ours_wall, ours_cpu = min(w for w, _ in ours_runs), min(c for _, c in ours_runs)
        print(f"{'':48} {'wall':>8} {'CPU':>8}")
        print(f"{'bare DuckDB read_csv (python -c, whole command)':48} {bare_wall:7.2f}s {bare_cpu:7.2f}s")
        print(f"{'saferplaces quality (whole command)':48} {ours_wall:7.2f}s {ours_cpu:7.2f}s")
        print(f"{'ratio quality / bare (target <= 3)':48} {ours_wall / bare_wall:8.2f} {ours_cpu / bare_cpu:8.2f}")


if __name__ == "__main__":
    main()
