"""Loading police.uk files: our loader against a bare DuckDB read_csv of the same files.

Target (Evidence engine I): loading at least 700,000 rows takes at most 3x the bare read.
The files are the synthetic borough's police.uk-format CSVs (32,000 rows a month for 24 months).
Run: .venv/bin/python bench/bench_load.py [ROWS_PER_MONTH]
"""

import sys
import tempfile
import time
from pathlib import Path

import duckdb
from timing import best_of

from saferplaces.evidence.load import load_police
from saferplaces.evidence.synthetic.borough import generate_borough


def main():
    per_month = int(sys.argv[1]) if len(sys.argv) > 1 else 32000
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        borough = generate_borough(Path(folder) / "b", seed=5, months=24, crimes_per_month=per_month)
        print(f"generated {borough.rows_written:,} rows in {time.perf_counter() - start:.1f} s")
        files = sorted(str(p) for p in (Path(folder) / "b" / "police").rglob("*.csv"))

        def bare():
            con = duckdb.connect()
            con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?, header = true)", [files])
            return con.execute("SELECT count(*) FROM t").fetchone()[0]

        def ours():
            return load_police([Path(folder) / "b" / "police"]).quality.total_rows

        bare_time, bare_rows = best_of(3, bare)
        our_time, our_rows = best_of(3, ours)
        assert bare_rows == our_rows == borough.rows_written
        print(f"rows: {our_rows:,}")
        print(f"bare DuckDB read_csv: {bare_time:.2f} s")
        print(f"saferplaces load_police (validation, canonical types, BNG, quality report): {our_time:.2f} s")
        print(f"ratio ours / bare: {our_time / bare_time:.2f} (target <= 3)")


if __name__ == "__main__":
    main()
