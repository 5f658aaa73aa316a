"""Compiled kernel for conditional permutation of local statistics (Anselin 1995).

For each unit ``i`` the unit's own value is held fixed and its ``k_i`` neighbours' values are
replaced by ``k_i`` values drawn without replacement from the other ``n - 1`` units. Every local
statistic used here (Gi* with binary weights, local Moran's I with row-standardised weights) is a
monotone function of the sum of those neighbour values, so the kernel only compares sums: it
counts the permutations whose sum is at least, and at most, the observed sum.

Random numbers come from SplitMix64 (Steele, Lea & Flood 2014) seeded by the ``seed`` argument and
the unit's index, so results do not depend on how the work is split across threads.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S11 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(11)
_TO_UNIT = 1.0 / 9007199254740992.0  # 2 ** -53


@njit(inline="always")
def _mix(z):
    z = (z ^ (z >> _S30)) * _MIX1
    z = (z ^ (z >> _S27)) * _MIX2
    return z ^ (z >> _S31)


@njit(cache=True)
def _draw_table(rows, width, others, seed):
    """``rows`` independent uniform samples of ``width`` distinct integers from [0, others)."""
    table = np.empty((rows, width), dtype=np.int64)
    state = _mix(np.uint64(seed) * _GOLDEN + np.uint64(0x632BE59BD9B4E019))
    for r in range(rows):
        t = 0
        while t < width:
            state = state + _GOLDEN
            u = np.int64(np.float64(_mix(state) >> _S11) * _TO_UNIT * others)
            repeat = False
            for q in range(t):
                if table[r, q] == u:
                    repeat = True
                    break
            if not repeat:
                table[r, t] = u
                t += 1
    return table, state


@njit(cache=True, parallel=True)
def conditional_counts(values, indptr, indices, permutations, seed):
    """Per unit: (#permutations with neighbour sum >= observed, # with sum <= observed).

    One table of ``permutations`` samples of ``max k`` distinct indices into "the other n - 1
    units" is drawn from ``seed``. Unit ``i`` reads the table from a random starting row and adds
    a random shift (modulo n - 1) to every index: a uniform sample without replacement stays
    uniform under both, so each unit's permutations are valid and independent draws, while the
    work stays one table lookup per neighbour. (PySAL's ``crand`` shares one table between units
    in the same way, without the shifts.)

    Sums within a relative 1e-12 of the observed sum count as ties (on both sides), so that
    rounding in a different order of addition never decides a comparison.
    """
    n = len(indptr) - 1
    ge = np.zeros(n, dtype=np.int64)
    le = np.zeros(n, dtype=np.int64)
    others = n - 1
    kmax = 0
    for i in range(n):
        kmax = max(kmax, indptr[i + 1] - indptr[i])
    if kmax == 0 or kmax > others or permutations == 0:
        return ge, le
    table, state = _draw_table(permutations, kmax, others, seed)
    for i in prange(n):
        start = indptr[i]
        k = indptr[i + 1] - start
        if k == 0:
            continue
        observed = 0.0
        for t in range(k):
            observed += values[indices[start + t]]
        tolerance = 1e-12 * (abs(observed) + 1.0)
        draw = _mix(state ^ (np.uint64(i + 1) * _GOLDEN))
        first_row = np.int64(np.float64(draw >> _S11) * _TO_UNIT * permutations)
        draw = _mix(draw + _GOLDEN)
        shift = np.int64(np.float64(draw >> _S11) * _TO_UNIT * others)
        above = 0
        below = 0
        row = first_row
        for _ in range(permutations):
            total = 0.0
            for t in range(k):
                u = table[row, t] + shift
                if u >= others:
                    u -= others
                total += values[u + (u >= i)]
            if total >= observed - tolerance:
                above += 1
            if total <= observed + tolerance:
                below += 1
            row += 1
            if row == permutations:
                row = 0
        ge[i] = above
        le[i] = below
    return ge, le
