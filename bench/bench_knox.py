"""Knox test: our kernel against a straightforward vectorised reference, in one run.

Targets (Evidence engine II): 12,334 events, a same-location band plus 5 distance bands
(0, 1, 100, 200, 300, 400, 500 m) by 5 time bands (0, 7, 14, 21, 28, 35 days), 999 permutations:
at least 10x faster than the reference and under 1 s on 2 cores; 50,000 events under 20 s.

Data: synthetic residential burglaries over one year on a 5.5 km x 3.9 km rectangle (21.5 km², the
size of the City of Westminster), with a seasonal winter peak: a quarter spread evenly, three fifths
around 40 residential clusters (Gaussian, 150-450 m wide, lognormal weights) and the rest near
repeats of earlier burglaries (exponential distance, mean 120 m, 15% at the same address; geometric
delay, mean 8 days), coordinates rounded to whole metres like a force extract.

Reference: a cKDTree pair list, then per permutation numpy fancy indexing, searchsorted and a
bincount. Its observed counts (the identity permutation) must equal ours.

Run: PYTHONPATH=. python bench/bench_knox.py [EVENTS ...]   (default: 12334 50000)
First calls are timed apart: in a fresh process with an empty numba cache (compilation), then with
the cache filled; the ratio uses a warm call (best of three). The reference at 50,000 events runs fewer
permutations and is scaled to 999.
"""

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy.spatial import cKDTree

from saferplaces.evidence.events import Events
from saferplaces.evidence.near_repeat import knox_test

DISTANCE = (0, 1, 100, 200, 300, 400, 500)
TIME = (0, 7, 14, 21, 28, 35)
PERMUTATIONS = 999
SEED = 1
WIDTH, HEIGHT = 5500.0, 3900.0
ORIGIN = (526000.0, 178000.0)  # BNG metres, around Westminster
FIRST_DAY = (dt.date(2017, 1, 1) - dt.date(1970, 1, 1)).days


def synthetic_burglaries(n, seed=7):
    """(x, y, day) of n synthetic burglaries, as described in the module docstring."""
    rng = np.random.default_rng(seed)
    spread, clustered = int(n * 0.25), int(n * 0.60)
    repeats = n - spread - clustered
    k = 40
    cx, cy = rng.uniform(300, WIDTH - 300, k), rng.uniform(300, HEIGHT - 300, k)
    width = rng.uniform(150, 450, k)
    weight = rng.lognormal(0, 0.8, k)
    cluster = rng.choice(k, clustered, p=weight / weight.sum())
    x = np.concatenate([rng.uniform(0, WIDTH, spread), rng.normal(cx[cluster], width[cluster])])
    y = np.concatenate([rng.uniform(0, HEIGHT, spread), rng.normal(cy[cluster], width[cluster])])
    season = 1 + 0.2 * np.cos(2 * np.pi * (np.arange(365) - 330) / 365)
    day = rng.choice(365, spread + clustered, p=season / season.sum())
    source = rng.integers(0, spread + clustered, repeats)
    r = rng.exponential(120, repeats)
    r[rng.random(repeats) < 0.15] = 0
    angle = rng.uniform(0, 2 * np.pi, repeats)
    x = np.concatenate([x, x[source] + r * np.cos(angle)])
    y = np.concatenate([y, y[source] + r * np.sin(angle)])
    day = np.concatenate([day, np.minimum(day[source] + rng.geometric(1 / 8, repeats) - 1, 364)])
    x = np.round(np.clip(x, 0, WIDTH)) + ORIGIN[0]
    y = np.round(np.clip(y, 0, HEIGHT)) + ORIGIN[1]
    return x, y, day.astype(np.int64) + FIRST_DAY


def as_events(x, y, day):
    n = len(x)
    ids = np.array([str(i) for i in range(n)], dtype=object)
    return Events(ids, day, day * 1440, x, y, np.full(n, "", dtype=object), "day")


def reference(x, y, day, permutations, seed):
    """KD-tree pair list, then one numpy bincount per permutation. Returns (observed, simulated)."""
    edges, t_edges = np.asarray(DISTANCE, float), np.asarray(TIME)
    nd, nt = len(edges) - 1, len(t_edges) - 1
    pairs = cKDTree(np.c_[x, y]).query_pairs(edges[-1], output_type="ndarray")
    i, j = pairs[:, 0], pairs[:, 1]
    band = np.searchsorted(edges, np.hypot(x[i] - x[j], y[i] - y[j]), side="right") - 1
    keep = (band >= 0) & (band < nd)
    i, j, band = i[keep], j[keep], band[keep]

    def table(times):
        gap = np.abs(times[i] - times[j])
        col = np.searchsorted(t_edges, gap, side="right") - 1
        ok = (col >= 0) & (col < nt)
        return np.bincount(band[ok] * nt + col[ok], minlength=nd * nt).reshape(nd, nt)

    rng = np.random.default_rng(seed)
    simulated = np.stack([table(rng.permutation(day)) for _ in range(permutations)])
    return table(day), simulated


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def cpu_timed(function):
    """(wall seconds, CPU seconds of all threads of this process, result)."""
    cpu, start = time.process_time(), time.perf_counter()
    result = function()
    return time.perf_counter() - start, time.process_time() - cpu, result


def run(n, first):
    x, y, day = synthetic_burglaries(n)
    events = as_events(x, y, day)

    def ours():
        return knox_test(events, distance_bands=DISTANCE, time_bands=TIME, permutations=PERMUTATIONS, seed=SEED)

    print(f"\n{n:,} events, {len(DISTANCE) - 1} distance x {len(TIME) - 1} time bands, {PERMUTATIONS} permutations")
    if first:
        first_time, _ = timed(ours)
        print(f"ours, first call in this process (numba cache load): {first_time:.2f} s")
    warm, cpu = [], []
    for _ in range(3):
        seconds, used, result = cpu_timed(ours)
        warm.append(seconds)
        cpu.append(used)
    print(f"ours, warm: best {min(warm):.2f} s of {', '.join(f'{s:.2f}' for s in warm)} "
          f"(CPU time over all threads {', '.join(f'{c:.2f}' for c in cpu)} s; the machine is shared)")
    print(f"pairs within {DISTANCE[-1]} m: {result.close_pairs:,}")

    ref_perms = PERMUTATIONS if n <= 20000 else 49
    ref_time, (ref_observed, ref_simulated) = timed(lambda: reference(x, y, day, ref_perms, SEED))
    scaled = ref_time * PERMUTATIONS / ref_perms
    note = ("" if ref_perms == PERMUTATIONS
            else f" (ran {ref_perms} permutations in {ref_time:.2f} s, scaled to {PERMUTATIONS})")
    print(f"reference (cKDTree pair list + numpy bincount per permutation): {scaled:.2f} s{note}")
    same = np.array_equal(ref_observed, result.observed)
    print(f"observed counts identical to the reference: {same}")
    gap = np.abs(ref_simulated.mean(axis=0) - result.expected_mean).max()
    print(f"largest difference in expected mean (different random permutations): {gap:.1f} pairs")
    print(f"ratio reference / ours (warm): {scaled / min(warm):.1f}x (target >= 10x)")
    return same


def first_calls(n):
    """Our first call in fresh processes: with an empty numba cache (compiles), then with it filled."""
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache)
        for label in ("empty numba cache: compiles", "cache filled by the previous process"):
            start = time.perf_counter()
            out = subprocess.run([sys.executable, __file__, "--first-call", str(n)], env=env, check=True,
                                 capture_output=True, text=True).stdout.strip()
            print(f"ours, first call in a fresh process ({label}): {out} "
                  f"(process with imports {time.perf_counter() - start:.2f} s)")


def main():
    if sys.argv[1:2] == ["--first-call"]:
        events = as_events(*synthetic_burglaries(int(sys.argv[2])))
        seconds, _ = timed(lambda: knox_test(events, distance_bands=DISTANCE, time_bands=TIME,
                                             permutations=PERMUTATIONS, seed=SEED))
        print(f"{seconds:.2f} s")
        return
    sizes = [int(a) for a in sys.argv[1:]] or [12334, 50000]
    first_calls(sizes[0])
    ok = True
    for index, n in enumerate(sizes):
        ok &= run(n, first=index == 0)
    if not ok:
        sys.exit("observed counts differ from the reference")


if __name__ == "__main__":
    main()
