import itertools
import warnings

import numpy as np
import pytest

from saferplaces.evidence.adjust import benjamini_hochberg, holm
from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.hotspots import gi_star, local_moran
from saferplaces.evidence.weights import Neighbours, lattice_neighbours


def _esda_weights(nrows, ncols, star):
    libpysal = pytest.importorskip("libpysal")
    w = libpysal.weights.lat2W(nrows, ncols, rook=False)
    return libpysal.weights.fill_diagonal(w, 1) if star else w


def _clustered(nrows, ncols, seed, continuous):
    rng = np.random.default_rng(seed)
    values = rng.gamma(2.0, 1.0, nrows * ncols) if continuous else rng.poisson(2, nrows * ncols).astype(float)
    values[ncols * 2 + 3: ncols * 2 + 7] += 6  # a cluster on row 2
    values[ncols * 3 + 3: ncols * 3 + 7] += 6
    return values


def test_gi_star_z_by_hand_on_a_line_of_four_cells():
    # Values 4, 0, 0, 0 on a 1 x 4 line: n = 4, mean 1, s = sqrt(16/4 - 1) = sqrt(3).
    # Cell 0 (W = 2, local sum 4): (4 - 2) / (sqrt3 * sqrt((8 - 4) / 3)) = 1.
    # Cell 1 (W = 3, sum 4): (4 - 3) / (sqrt3 * sqrt((12 - 9) / 3)) = 1 / sqrt3.
    result = gi_star([4, 0, 0, 0], lattice_neighbours(1, 4), permutations=0)
    assert result.z == pytest.approx([1, 1 / np.sqrt(3), -np.sqrt(3), -1], abs=1e-12)
    assert result.gi == pytest.approx([1, 1, 0, 0])
    assert np.isnan(result.p_sim).all()


def test_gi_star_z_equals_esda():
    esda = pytest.importorskip("esda")
    values = _clustered(9, 11, seed=4, continuous=False)
    ours = gi_star(values, lattice_neighbours(9, 11), permutations=0)
    theirs = esda.G_Local(values, _esda_weights(9, 11, star=True), transform="B", star=True, permutations=0)
    assert np.abs(ours.z - theirs.Zs).max() < 1e-9
    assert np.abs(ours.gi - theirs.Gs).max() < 1e-12
    assert ours.z.max() > 3  # the planted cluster is found


def _assert_within_monte_carlo_error(ours, theirs, permutations):
    # Both are estimates of the same exact p from independent draws: their difference has
    # standard deviation sqrt(2 p (1 - p) / R). Allow 4.5 of them (0.0007% two-sided per cell).
    p = np.clip((ours + theirs) / 2, 1 / permutations, None)
    sd = np.sqrt(2 * p * (1 - p) / permutations)
    assert (np.abs(ours - theirs) <= 4.5 * sd + 1 / permutations).all()


@pytest.mark.slow
def test_gi_star_permutation_p_agrees_with_esda_within_monte_carlo_error():
    esda = pytest.importorskip("esda")
    # Continuous values: esda computes simulated statistics with fast-math floating point, which
    # breaks exact ties (common with counts) arbitrarily; without ties both estimate the same p.
    values = _clustered(10, 12, seed=5, continuous=True)
    permutations = 9999
    ours = gi_star(values, lattice_neighbours(10, 12), permutations=permutations, seed=3, alternative="directed")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = esda.G_Local(values, _esda_weights(10, 12, star=True), transform="B", star=True,
                              permutations=permutations, seed=7, n_jobs=1)
    _assert_within_monte_carlo_error(ours.p_sim, theirs.p_sim, permutations)
    two_sided = gi_star(values, lattice_neighbours(10, 12), permutations=permutations, seed=3)
    assert (two_sided.p_sim >= ours.p_sim).all()
    assert np.abs(two_sided.p_sim - np.minimum(1, 2 * ours.p_sim)).max() < 0.05


def _exact_directed_p(values, neighbours, i):
    """Enumerate every choice of k neighbour values from the other units (ties included)."""
    k = neighbours.cardinality[i]
    observed = values[neighbours.of(i)].sum()
    others = np.delete(values, i)
    sums = np.array([others[list(c)].sum() for c in itertools.combinations(range(len(others)), k)])
    above = (sums >= observed).mean()
    return min(above, 1 - above)


def test_permutation_p_matches_exact_enumeration_with_tied_counts():
    values = np.array([0, 0, 1, 3, 3, 2, 0, 1, 0, 5, 4, 1], dtype=float)  # 3 x 4, many ties
    neighbours = lattice_neighbours(3, 4)
    permutations = 19999
    result = gi_star(values, neighbours, permutations=permutations, seed=11, alternative="directed")
    for i in range(len(values)):
        exact = _exact_directed_p(values, neighbours, i)
        sd = np.sqrt(max(exact * (1 - exact), 1e-4) / permutations)
        assert abs(result.p_sim[i] - exact) < 4.5 * sd + 2 / permutations, i


def test_permutations_are_reproducible_from_the_seed():
    values = _clustered(8, 8, seed=1, continuous=False)
    neighbours = lattice_neighbours(8, 8)
    first = gi_star(values, neighbours, permutations=199, seed=5)
    again = gi_star(values, neighbours, permutations=199, seed=5)
    other = gi_star(values, neighbours, permutations=199, seed=6)
    assert np.array_equal(first.p_sim, again.p_sim)
    assert not np.array_equal(first.p_sim, other.p_sim)
    assert first.p_sim.min() >= 2 / 200  # two-sided: at least 2 / (R + 1)


def test_classes_use_fdr_adjusted_p_and_the_sign_of_z():
    values = _clustered(12, 12, seed=2, continuous=False)
    result = gi_star(values, lattice_neighbours(12, 12), permutations=999, seed=1)
    assert np.array_equal(result.p_fdr, benjamini_hochberg(result.p_sim))
    for z, p, cls in zip(result.z, result.p_fdr, result.classes, strict=True):
        if p <= 0.01:
            assert cls == ("hot spot 99%" if z > 0 else "cold spot 99%")
        elif p <= 0.05:
            assert cls == ("hot spot 95%" if z > 0 else "cold spot 95%")
        elif p <= 0.10:
            assert cls.endswith("90%")
        else:
            assert cls == "not significant"
    assert any(c.startswith("hot spot") for c in result.classes)
    raw = gi_star(values, lattice_neighbours(12, 12), permutations=999, seed=1, fdr=False)
    assert sum(c != "not significant" for c in raw.classes) >= sum(c != "not significant" for c in result.classes)


def test_equal_values_have_no_hot_spots():
    result = gi_star(np.full(16, 3.0), lattice_neighbours(4, 4), permutations=99)
    assert (result.z == 0).all() and (result.p_sim == 1).all()
    assert set(result.classes) == {"not significant"}


def test_local_moran_equals_esda():
    esda = pytest.importorskip("esda")
    values = _clustered(9, 10, seed=8, continuous=True)
    permutations = 9999
    ours = local_moran(values, lattice_neighbours(9, 10), permutations=permutations, seed=2, alternative="directed")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = esda.Moran_Local(values, _esda_weights(9, 10, star=False), permutations=permutations, seed=9)
    assert np.abs(ours.i - theirs.Is).max() < 1e-9
    assert list(ours.quadrant) == [{1: "HH", 2: "LH", 3: "LL", 4: "HL"}[q] for q in theirs.q]
    _assert_within_monte_carlo_error(ours.p_sim, theirs.p_sim, permutations)
    hh = [c for c in ours.classes if c.startswith("HH")]
    assert hh  # the planted cluster


def test_local_moran_quadrants_by_hand():
    # 1 x 3 line 0, 0, 6: mean 2, deviations -2, -2, 4. Cell 0 is low beside low (LL); cell 1 is
    # low, its neighbours' mean deviation (-2 + 4) / 2 = 1 is high (LH); cell 2 is high beside low (HL).
    result = local_moran([0, 0, 6], lattice_neighbours(1, 3), permutations=9)
    assert result.quadrant == ("LL", "LH", "HL")
    # A value exactly at the mean counts as low, as in esda: 1 x 3 line 0, 2, 4 (mean 2).
    assert local_moran([0, 2, 4], lattice_neighbours(1, 3), permutations=9).quadrant == ("LL", "LL", "HL")


def test_bad_input_is_refused():
    with pytest.raises(EvidenceError, match="one value per unit"):
        gi_star([1, 2, 3], lattice_neighbours(2, 2))
    with pytest.raises(EvidenceError, match="finite"):
        gi_star([1, 2, np.nan, 4], lattice_neighbours(2, 2))
    with pytest.raises(EvidenceError, match="alternative"):
        gi_star([1, 2, 3, 4], lattice_neighbours(2, 2), alternative="greater")


def test_polygons_with_an_island():
    # Units 0-1-2 in a chain and an island 3: the island has no permutation test.
    neighbours = Neighbours(np.array([0, 1, 3, 4, 4]), np.array([1, 0, 2, 1]))
    result = gi_star([5, 1, 0, 2], neighbours, permutations=99)
    assert result.p_sim[3] == 1.0


def test_benjamini_hochberg_by_hand():
    p = [0.01, 0.04, 0.03, 0.20, np.nan]
    # Sorted 0.01, 0.03, 0.04, 0.20 (m = 4): x 4/1, 4/2, 4/3, 4/4 = 0.04, 0.06, 0.0533, 0.20;
    # then the running minimum from the top: 0.04, 0.0533, 0.0533, 0.20.
    adjusted = benjamini_hochberg(p)
    assert adjusted[:4] == pytest.approx([0.04, 0.16 / 3, 0.16 / 3, 0.20])
    assert np.isnan(adjusted[4])


def test_holm_by_hand():
    # Sorted 0.01, 0.03, 0.04, 0.20: x 4, 3, 2, 1 = 0.04, 0.09, 0.08, 0.20; running max 0.04, 0.09, 0.09, 0.20.
    assert holm([0.01, 0.04, 0.03, 0.20]) == pytest.approx([0.04, 0.09, 0.09, 0.20])
    assert holm([0.6, 0.5]) == pytest.approx([1.0, 1.0])


def test_gi_star_refuses_negative_values():
    with pytest.raises(EvidenceError, match="zero or more"):
        gi_star([1, -2, 3, 4], lattice_neighbours(2, 2))


def test_gi_star_on_irregular_polygons_equals_esda():
    # Voronoi cells of random points: areas with 3 to 10 or so neighbours, as LSOAs have.
    esda = pytest.importorskip("esda")
    libpysal = pytest.importorskip("libpysal")
    import shapely

    from saferplaces.evidence.weights import polygon_neighbours

    rng = np.random.default_rng(12)
    points = shapely.multipoints(rng.uniform(0, 1000, (60, 2)))
    cells = list(shapely.get_parts(shapely.voronoi_polygons(points, extend_to=shapely.box(0, 0, 1000, 1000))))
    cells = [shapely.intersection(c, shapely.box(0, 0, 1000, 1000)) for c in cells]
    neighbours = polygon_neighbours(cells)
    assert neighbours.cardinality.min() >= 2 and neighbours.cardinality.max() >= 7
    values = rng.gamma(1.5, 2.0, len(cells))
    ours = gi_star(values, neighbours, permutations=9999, seed=2, alternative="directed")
    w = libpysal.weights.W(neighbours.as_lists(), silence_warnings=True)
    w = libpysal.weights.fill_diagonal(w, 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = esda.G_Local(values, w, transform="B", star=True, permutations=9999, seed=5, n_jobs=1)
    assert np.abs(ours.z - theirs.Zs).max() < 1e-9
    _assert_within_monte_carlo_error(ours.p_sim, theirs.p_sim, 9999)
