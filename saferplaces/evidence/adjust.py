"""Adjusting p-values for many tests at once (every cell of a grid is a test).

Both functions return adjusted p-values, as R's ``p.adjust`` does, so that a unit is significant
at level alpha when its adjusted p-value is at most alpha.
"""

from __future__ import annotations

import numpy as np


def benjamini_hochberg(p) -> np.ndarray:
    """False-discovery-rate adjusted p-values (Benjamini & Hochberg 1995).

    Sorting the m p-values ascending, the adjusted value of the i-th smallest is
    ``min over j >= i of (m / j) p_(j)``, capped at 1. Rejecting every hypothesis whose adjusted
    value is at most q controls the expected share of false discoveries at q for independent or
    positively dependent tests (Benjamini & Yekutieli 2001). NaN entries stay NaN and are not
    counted in m.

    References
    ----------
    Benjamini, Y. and Hochberg, Y. (1995) Controlling the false discovery rate: a practical and
    powerful approach to multiple testing. JRSS B 57(1), 289-300.
    """
    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    values = p[ok]
    m = len(values)
    if m == 0:
        return out
    order = np.argsort(values, kind="stable")
    scaled = values[order] * m / np.arange(1, m + 1)
    scaled = np.minimum.accumulate(scaled[::-1])[::-1]
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(scaled, 1.0)
    out[ok] = adjusted
    return out


def holm(p) -> np.ndarray:
    """Family-wise error adjusted p-values (Holm 1979), R's ``p.adjust`` default.

    Sorting ascending, the i-th smallest becomes ``max over j <= i of (m - j + 1) p_(j)``, capped
    at 1. NaN entries stay NaN and are not counted in m.

    References
    ----------
    Holm, S. (1979) A simple sequentially rejective multiple test procedure. Scandinavian Journal
    of Statistics 6(2), 65-70.
    """
    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    values = p[ok]
    m = len(values)
    if m == 0:
        return out
    order = np.argsort(values, kind="stable")
    scaled = np.maximum.accumulate(values[order] * (m - np.arange(m)))
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(scaled, 1.0)
    out[ok] = adjusted
    return out
