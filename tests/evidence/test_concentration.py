"""Known answers for the concentration statistics, worked by hand."""

import numpy as np
import pytest

from saferplaces.evidence.concentration import (
    areas_holding,
    chance_baseline,
    concentration,
    generalized_gini,
    gini,
    lorenz_curve,
    top_share,
)


def brute_gini(x):
    x = np.asarray(x, dtype=float)
    return np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean())


def test_gini_of_equal_counts_is_zero_and_of_all_in_one_is_one_minus_one_over_n():
    assert gini([5, 5, 5, 5]) == 0
    assert gini([0, 0, 0, 8]) == pytest.approx(0.75)  # (N - 1) / N for N = 4


def test_gini_hand_worked():
    # Sorted 1, 2, 3, 4: sum (2i - N - 1) x_i = -3 - 2 + 3 + 12 = 10; / (N * total) = 10 / 40
    assert gini([4, 1, 3, 2]) == pytest.approx(0.25)


@pytest.mark.parametrize("seed", range(5))
def test_gini_equals_the_mean_absolute_difference_definition(seed):
    x = np.random.default_rng(seed).poisson(3, size=40)
    assert gini(x) == pytest.approx(brute_gini(x), abs=1e-12)


def test_generalized_gini_is_zero_for_the_most_even_allocation_possible():
    # Two crimes over four places: one each in two places is as even as two crimes can be.
    assert gini([1, 1, 0, 0]) == pytest.approx(0.5)
    assert generalized_gini([1, 1, 0, 0]) == pytest.approx(0.0)


def test_generalized_gini_hand_worked_sparse_case():
    # Two crimes, both in one of four places: G = 0.75; G' = 1 - (4/2)(1 - 0.75) = 0.5
    assert generalized_gini([2, 0, 0, 0]) == pytest.approx(0.5)


def test_generalized_gini_equals_gini_when_crimes_outnumber_places():
    x = [7, 1, 0, 3]
    assert generalized_gini(x) == gini(x)


def test_lorenz_curve_points():
    assert lorenz_curve([3, 1, 0, 0]) == ((0.0, 0.0), (0.25, 0.0), (0.5, 0.0), (0.75, 0.25), (1.0, 1.0))


def test_top_share_and_areas_holding_a_share():
    counts = [50, 20, 10, 10, 5, 5]
    assert top_share(counts, 3) == pytest.approx(0.8)
    assert areas_holding(counts, 0.25) == 1
    assert areas_holding(counts, 0.5) == 1  # exactly half in the first area
    assert areas_holding(counts, 0.75) == 3


def test_concentration_orders_areas_and_keeps_zero_areas():
    result = concentration(["A", "B", "C"], ["Alpha", "Beta", "Gamma"], [1, 0, 3])
    assert [a.code for a in result.areas] == ["C", "A", "B"]
    assert [a.share for a in result.areas] == [0.75, 0.25, 0.0]
    assert result.total == 4 and result.top_k_share == 1.0


def test_chance_baseline_detects_planted_concentration_and_not_uniform_counts():
    planted = chance_baseline([100] + [0] * 19, 3, simulations=199, seed=1)
    assert planted.p_gini == pytest.approx(1 / 200)
    flat = chance_baseline([5] * 20, 3, simulations=199, seed=1)
    assert flat.p_gini == 1.0  # every random allocation is at least as uneven as a perfectly flat one


def test_bootstrap_is_seeded_and_brackets_the_estimate():
    a = concentration(list("ABCDE"), list("ABCDE"), [40, 20, 10, 5, 1], bootstrap=300, seed=7)
    b = concentration(list("ABCDE"), list("ABCDE"), [40, 20, 10, 5, 1], bootstrap=300, seed=7)
    assert a.gini_interval == b.gini_interval
    assert a.gini_interval.low <= a.gini <= a.gini_interval.high


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        concentration(["A"], ["A"], [-1])
    with pytest.raises(ValueError):
        concentration(["A", "B"], ["A"], [1, 2])
