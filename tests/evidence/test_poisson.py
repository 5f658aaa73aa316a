"""The E-test against a direct double sum, and the conditional test against the binomial."""

import math

import pytest
from scipy import stats

from saferplaces.evidence.poisson import conditional_test, e_test


def brute_e_test(k1, k2, t1, t2, limit=80):
    """Krishnamoorthy & Thomson's p-value by explicit loops over both Poisson variables."""
    lam = (k1 + k2) / (t1 + t2)

    def t_stat(a, b):
        var = a / t1**2 + b / t2**2
        return 0.0 if var == 0 else (a / t1 - b / t2) / math.sqrt(var)

    observed = abs(t_stat(k1, k2))
    p = 0.0
    for a in range(limit):
        for b in range(limit):
            if abs(t_stat(a, b)) >= observed - 1e-12:
                p += stats.poisson.pmf(a, t1 * lam) * stats.poisson.pmf(b, t2 * lam)
    return p


@pytest.mark.parametrize("k1,k2,t1,t2", [(10, 2, 1, 1), (3, 9, 1, 2), (0, 6, 1, 1), (15, 15, 2, 1)])
def test_e_test_matches_the_double_sum(k1, k2, t1, t2):
    assert e_test(k1, k2, t1, t2).p_value == pytest.approx(brute_e_test(k1, k2, t1, t2), abs=1e-9)


def test_equal_counts_over_equal_exposure_are_not_significant():
    assert e_test(20, 20).p_value == pytest.approx(1.0)


def test_e_test_is_more_powerful_than_the_conditional_test_in_a_small_sample():
    # Krishnamoorthy & Thomson's point: the E-test rejects more readily at the same level.
    assert e_test(10, 2).p_value < conditional_test(10, 2).p_value


def test_one_sided_p_values():
    greater = e_test(30, 10, alternative="greater").p_value
    less = e_test(30, 10, alternative="less").p_value
    assert greater < 0.01 and less > 0.99


def test_conditional_test_is_the_binomial_test():
    result = conditional_test(7, 3, 1.0, 1.0)
    assert result.p_value == pytest.approx(stats.binomtest(7, 10, 0.5).pvalue)
    assert result.ratio == pytest.approx(7 / 3)
    low, high = result.ratio_interval
    assert low < 7 / 3 < high


def test_large_counts_need_no_quadratic_memory():
    assert e_test(48794, 44681).p_value < 1e-6


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError):
        e_test(-1, 3)
    with pytest.raises(ValueError):
        e_test(1, 3, alternative="sideways")


@pytest.mark.parametrize("k1,t1,k2,t2", [
    (60, 51477.5, 30, 54308.7),  # Gu, Ng, Tang & Schucany (2008), breast cancer example
    (10, 1, 3, 1),
    (31, 2, 12, 1.5),
])
def test_e_test_agrees_with_statsmodels(k1, t1, k2, t2):
    """statsmodels' ``etest-wald`` is Krishnamoorthy & Thomson's statistic with variance from the counts."""
    from statsmodels.stats.rates import test_poisson_2indep

    reference = test_poisson_2indep(k1, t1, k2, t2, method="etest-wald").pvalue
    assert e_test(k1, k2, t1, t2).p_value == pytest.approx(reference, abs=1e-9)
