"""Quartic kernel density of 100,000 points on a 100 m grid over 50 km^2 (10 km x 5 km).

Ours (saferplaces.evidence.density.kernel_density: each point scattered to the cells within the
bandwidth, compiled) against a straightforward numpy reference (every cell against every point,
in chunks of cells), same answer checked, in one run; then the first call in a fresh process (the
loop is C compiled at install time: nothing to compile or load from a cache).

Target (issue 5): under 1 s.
Run: PYTHONPATH=. .venv/bin/python bench/bench_kde.py [BANDWIDTH_METRES]
"""

import subprocess
import sys
import time

import numpy as np
from timing import best_of

N = 100_000
FRESH = """
import numpy as np
from saferplaces.evidence.grid import build_grid
from saferplaces.evidence.density import kernel_density
rng = np.random.default_rng(0)
x, y = rng.uniform(525_000, 535_000, 100_000), rng.uniform(178_000, 183_000, 100_000)
gridded = build_grid(x, y, 100)
import time
start = time.perf_counter()
kernel_density(gridded.grid, x, y, {bandwidth})
print(f"  of which the first kernel_density call: {{time.perf_counter() - start:.2f}} s")
"""


def points():
    """Half the points spread evenly, half in 40 clusters of 200 m standard deviation."""
    rng = np.random.default_rng(0)
    x0, y0, width, height = 525_000, 178_000, 10_000, 5_000
    half = N // 2
    centres = rng.uniform([x0 + 500, y0 + 500], [x0 + width - 500, y0 + height - 500], (40, 2))
    pick = rng.integers(0, 40, N - half)
    x = np.r_[rng.uniform(x0, x0 + width, half), rng.normal(centres[pick, 0], 200)]
    y = np.r_[rng.uniform(y0, y0 + height, half), rng.normal(centres[pick, 1], 200)]
    keep = (x >= x0) & (x < x0 + width) & (y >= y0) & (y < y0 + height)
    return x[keep], y[keep]


def reference(grid, x, y, bandwidth, chunk=64):
    out = np.empty(len(grid))
    h2 = bandwidth * bandwidth
    for start in range(0, len(grid), chunk):
        cx = grid.x[start:start + chunk, None]
        cy = grid.y[start:start + chunk, None]
        d2 = (cx - x[None, :]) ** 2 + (cy - y[None, :]) ** 2
        u = np.clip(1.0 - d2 / h2, 0.0, None)
        out[start:start + chunk] = (u * u).sum(axis=1)
    return out * 3.0 / (np.pi * h2) * 1e6


def main():
    from saferplaces.evidence.density import kernel_density
    from saferplaces.evidence.grid import build_grid

    bandwidth = float(sys.argv[1]) if len(sys.argv) > 1 else 500.0
    x, y = points()
    gridded = build_grid(x, y, 100)
    grid = gridded.grid
    kernel_density(grid, x, y, bandwidth)  # warm
    our_time, ours = best_of(3, lambda: kernel_density(grid, x, y, bandwidth).per_km2)
    ref_time, ref = best_of(1, lambda: reference(grid, x, y, bandwidth))
    area = len(grid) * grid.cell_area / 1e6
    print(f"points: {len(x):,}; grid: {len(grid):,} cells of 100 m ({area:.0f} km2); bandwidth {bandwidth:g} m")
    print(f"max relative difference from the reference: {np.abs(ours - ref).max() / ref.max():.1e}")
    print(f"numpy reference (all cells x all points): {ref_time:.2f} s")
    print(f"saferplaces kernel_density, warm: {our_time:.3f} s")
    print(f"ratio reference / ours: {ref_time / our_time:.0f}x")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", FRESH.format(bandwidth=bandwidth)], check=True)
    print(f"fresh process, from start to finish (Python, imports, grid, density): "
          f"{time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
