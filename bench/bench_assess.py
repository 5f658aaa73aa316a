"""The whole strategic assessment for one borough-year (about 60,000 rows), HTML and JSON written.

Target (Evidence engine I): under 20 s on 2 cores. Reference in the same run: a bare DuckDB
read_csv of the same files, to show what share of the time is reading.
Run: .venv/bin/python bench/bench_assess.py
"""

import tempfile
import time
from pathlib import Path

import duckdb

from saferplaces.evidence.assess import strategic_assessment, write_outputs
from saferplaces.evidence.synthetic.borough import generate_borough

TARGET_SECONDS = 20.0


def main():
    with tempfile.TemporaryDirectory() as folder:
        borough = generate_borough(Path(folder) / "b", seed=11, months=12, crimes_per_month=5000)
        police, geography = Path(folder) / "b" / "police", Path(folder) / "b" / "geography"
        files = sorted(str(p) for p in police.rglob("*.csv"))
        start = time.perf_counter()
        duckdb.connect().execute("CREATE TABLE t AS SELECT * FROM read_csv(?, header = true)", [files])
        bare = time.perf_counter() - start
        start = time.perf_counter()
        assessment = strategic_assessment([police], geography, bootstrap=200, simulations=200)
        write_outputs(assessment, Path(folder) / "report.html", Path(folder) / "summary.json")
        ours = time.perf_counter() - start
        size = (Path(folder) / "report.html").stat().st_size
        print(f"rows: {borough.rows_written:,} over 12 months; report {size / 1024:.0f} KiB")
        print(f"bare DuckDB read_csv of the files: {bare:.2f} s")
        print(f"saferplaces assess (load, every analysis, HTML and JSON): {ours:.2f} s")
        print(f"ratio assess / bare read: {ours / bare:.1f}; "
              f"share of the 20 s target used: {ours / TARGET_SECONDS:.0%}")


if __name__ == "__main__":
    main()
