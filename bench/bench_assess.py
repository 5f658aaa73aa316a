"""The whole strategic assessment, HTML and JSON written: one borough-year, then a London-sized region.

1. One fictional borough-year (about 60,000 rows). Target (Evidence engine I): under 20 s on 2 cores.
   Reference in the same run: a bare DuckDB read_csv of the same files, to show what share is reading.
2. A London-like region (bench/london.py: 33 boroughs, about 675,000 rows over 12 monthly archive
   files, 1% blank-LSOA rows, a third of those outside every boundary), as the whole `saferplaces
   assess` command in its own process. Targets (issue 19): at most 90 s and 2.5 GB peak memory
   (the child's maximum resident set size). Reference beside it: a bare DuckDB read_csv of the files.

Run: PYTHONPATH=. .venv/bin/python bench/bench_assess.py [--london FOLDER]
     (FOLDER keeps the generated region between runs: generated there if it has no police/ folder.
     Generating takes a few minutes.)
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
from london import generate_london

from saferplaces.evidence.assess import strategic_assessment, write_outputs
from saferplaces.evidence.synthetic.borough import generate_borough

TARGET_SECONDS = 20.0
LONDON_SECONDS = 90.0
LONDON_BYTES = 2.5e9


def bare_read(files) -> float:
    start = time.perf_counter()
    duckdb.connect().execute("CREATE TABLE t AS SELECT * FROM read_csv(?, header = true)", [files])
    return time.perf_counter() - start


def borough(folder: Path) -> None:
    generated = generate_borough(folder / "b", seed=11, months=12, crimes_per_month=5000)
    police, geography = folder / "b" / "police", folder / "b" / "geography"
    bare = bare_read(sorted(str(p) for p in police.rglob("*.csv")))
    start = time.perf_counter()
    assessment = strategic_assessment([police], geography, bootstrap=200, simulations=200)
    write_outputs(assessment, folder / "report.html", folder / "summary.json")
    ours = time.perf_counter() - start
    size = (folder / "report.html").stat().st_size
    print(f"One borough: {generated.rows_written:,} rows over 12 months; report {size / 1024:.0f} KiB")
    print(f"  bare DuckDB read_csv of the files: {bare:.2f} s")
    print(f"  saferplaces assess (load, every analysis, HTML and JSON, in this process): {ours:.2f} s")
    print(f"  ratio assess / bare read: {ours / bare:.1f}; share of the 20 s target used: {ours / TARGET_SECONDS:.0%}")


def london(region: Path, out: Path) -> bool:
    if not (region / "police").is_dir():
        start = time.perf_counter()
        rows = generate_london(region)
        print(f"\nLondon-like region generated in {time.perf_counter() - start:.0f} s: {rows:,} rows")
    files = sorted(str(p) for p in (region / "police").rglob("*.csv"))
    bare = bare_read(files)
    args = [sys.executable, "-m", "saferplaces.evidence.cli", "assess", str(region / "police"),
            "--geography", str(region / "geography"), "--out", str(out / "london.html"),
            "--json", str(out / "london.json")]
    with open(out / "stdout.txt", "w") as stdout, open(out / "stderr.txt", "w") as stderr:
        start = time.perf_counter()
        child = subprocess.Popen(args, stdout=stdout, stderr=stderr)
        # wait4, not wait: it returns this child's own resource use (peak resident set size in KiB)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss * 1024
    stdout, stderr = (out / "stdout.txt").read_text(), (out / "stderr.txt").read_text()
    print(f"\nLondon-like region: {len(files)} files, 33 boroughs")
    print(f"  bare DuckDB read_csv of the files: {bare:.2f} s")
    if child.returncode != 0:
        print(f"  saferplaces assess FAILED after {wall:.1f} s (exit {child.returncode}):\n{stderr[-2000:]}")
        return False
    size = (out / "london.html").stat().st_size
    print(f"  saferplaces assess, whole command: {wall:.1f} s (target <= {LONDON_SECONDS:.0f} s), "
          f"peak memory {peak / 1e9:.2f} GB (target <= {LONDON_BYTES / 1e9:.1f} GB); report {size / 1e6:.1f} MB")
    print(f"  load average over the last minute: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for line in stdout.splitlines()[:3]:
        print(f"  | {line}")
    met = wall <= LONDON_SECONDS and peak <= LONDON_BYTES
    print(f"  targets met: {met}")
    return met


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--london", type=Path, help="folder to keep the generated region in")
    parser.add_argument("--only-london", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if not args.only_london:
            borough(Path(folder))
        london(args.london or Path(folder) / "london", Path(folder))


if __name__ == "__main__":
    main()
