import math

import numpy as np
import pytest

from saferplaces.evidence.density import kernel_density, quartic_kernel
from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.grid import build_grid


def test_hand_values_at_points():
    # One event at a cell centre, bandwidth 200 m: 3 / (pi h^2) at the centre; at 100 m (a
    # neighbouring centre) 3 / (pi h^2) (1 - 1/4)^2; at 200 m and beyond nothing.
    grid = build_grid([500_050, 500_450], [200_050, 200_050], 100).grid
    density = kernel_density(grid, [500_050], [200_050], 200)
    peak = 3 / (math.pi * 200 ** 2) * 1e6
    assert density.per_km2[:5] == pytest.approx([peak, peak * 0.5625, 0, 0, 0])
    assert quartic_kernel([0, 100, 200, 300], 200) * 1e6 == pytest.approx([peak, peak * 0.5625, 0, 0])


def test_the_density_integrates_to_the_number_of_events():
    rng = np.random.default_rng(0)
    x, y = rng.normal(500_000, 200, 500), rng.normal(200_000, 200, 500)
    corners_x, corners_y = [498_000, 502_000], [198_000, 202_000]
    for kind in ("square", "hex"):
        gridded = build_grid(np.r_[x, corners_x], np.r_[y, corners_y], 25, kind=kind, margin=10)
        assert len(gridded.strays) == 0
        grid = gridded.grid
        density = kernel_density(grid, x, y, 300)
        assert density.per_km2.sum() * grid.cell_area / 1e6 == pytest.approx(500, rel=1e-3)


def test_weights_scale_the_density_and_it_matches_brute_force():
    rng = np.random.default_rng(1)
    x, y = rng.uniform(0, 2000, 300) + 400_000, rng.uniform(0, 1000, 300) + 300_000
    weights = rng.integers(1, 4, 300)
    for kind in ("square", "hex"):
        grid = build_grid(x, y, 50, kind=kind).grid
        fast = kernel_density(grid, x, y, 175, weights=weights).per_km2
        brute = np.array([(weights * quartic_kernel(np.hypot(x - cx, y - cy), 175)).sum()
                          for cx, cy in zip(grid.x, grid.y)]) * 1e6
        assert np.abs(fast - brute).max() < 1e-9 * brute.max()


def test_bad_bandwidth():
    grid = build_grid([0.5, 100], [0.5, 100], 10).grid
    with pytest.raises(EvidenceError, match="bandwidth"):
        kernel_density(grid, [1], [1], 0)
