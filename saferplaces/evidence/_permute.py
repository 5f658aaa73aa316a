"""Conditional permutation of local statistics (Anselin 1995).

For each unit ``i`` the unit's own value is held fixed and its ``k_i`` neighbours' values are
replaced by ``k_i`` values drawn without replacement from the other ``n - 1`` units. Every local
statistic used here (Gi* with binary weights, local Moran's I with row-standardised weights) is a
monotone function of the sum of those neighbour values, so the kernel only compares sums: it
counts the permutations whose sum is at least, and at most, the observed sum.

Random numbers come from SplitMix64 (Steele, Lea & Flood 2014) seeded by the ``seed`` argument and
the unit's index, so results do not depend on how the work is split across threads. The loops are
C (``_kernels.c``, compiled at install time).
"""

from __future__ import annotations

import numpy as np

from saferplaces.evidence._compiled import lib, pointer, split


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
    values = np.ascontiguousarray(values, dtype=np.float64)
    indptr = np.ascontiguousarray(indptr, dtype=np.int64)
    indices = np.ascontiguousarray(indices, dtype=np.int64)
    n = len(indptr) - 1
    ge = np.zeros(n, dtype=np.int64)
    le = np.zeros(n, dtype=np.int64)
    others = n - 1
    kmax = int(np.diff(indptr).max()) if n else 0
    if kmax == 0 or kmax > others or permutations == 0:
        return ge, le
    if others >= 1 << 31:
        raise ValueError(f"conditional permutations handle fewer than 2**31 units, got {n:,}")
    table = np.empty((permutations, kmax), dtype=np.int32)
    state = lib.sp_draw_table(permutations, kmax, others, int(seed), pointer(table))

    def work(lo, hi):
        lib.sp_conditional_counts(n, pointer(values), pointer(indptr), pointer(indices), permutations,
                                  pointer(table), kmax, state, lo, hi, pointer(ge), pointer(le))

    split(work, n)
    return ge, le
