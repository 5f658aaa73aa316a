"""One rule for writing p-values: never ``p = 0.000``."""

import pytest

from saferplaces.evidence.pvalues import format_p


@pytest.mark.parametrize(("p", "text"), [(0.0, "p < 0.001"), (0.0004, "p < 0.001"), (0.001, "p = 0.001"),
                                         (0.0234, "p = 0.023"), (1.0, "p = 1.000"), (float("nan"), "p n/a")])
def test_p_values_below_a_thousandth_are_an_upper_bound(p, text):
    assert format_p(p) == text


def test_table_cells_drop_the_prefix():
    assert format_p(0.00001, prefix=False) == "< 0.001"
    assert format_p(0.05, prefix=False) == "0.050"
