"""The near-repeat analyses' loops: the close-pair finder and the Knox permutations.

Kept apart from :mod:`saferplaces.evidence.near_repeat` (which validates input and shapes results)
because these are the only hot loops; the loops themselves are C (``_kernels.c``, compiled at install
time), this module prepares their arrays and shares their work among threads. Both work on events
sorted by grid cell, so that an event's neighbours sit close to it in memory.

Memory: the pair list holds one index per pair of events closer than the largest distance edge, in
compressed rows per (event, distance band); nothing is ever allocated per pair of *all* events.
"""

from __future__ import annotations

import numpy as np

from saferplaces.evidence._compiled import lib, pointer, split

#: Permutations handled together in one pass over the pair list (``BLOCK`` in ``_kernels.c``): each
#: event's permuted dates for a block are one row of 64 int16 (int32 past 89 years of days), compared
#: lane by lane with vector instructions; the table, events x 64 x 2 bytes, fits the L2 cache at
#: 12,000 events.
BLOCK = 64


def _wide(neighbours: np.ndarray) -> int:
    if neighbours.dtype == np.uint16:
        return 0
    if neighbours.dtype == np.int32:
        return 1
    raise ValueError(f"neighbour indices are uint16 or int32, not {neighbours.dtype}")


def close_pairs(x, y, edges, manhattan):
    """Pairs of events closer than the last edge, as compressed rows per (event, distance band).

    Parameters
    ----------
    x, y : numpy.ndarray of float64
        Coordinates in metres, **already sorted** by :func:`grid_order` for the same cell size.
    edges : numpy.ndarray of float64
        Increasing distance edges; band i holds pairs with edges[i] <= distance < edges[i + 1].
    manhattan : bool
        City-block distance instead of straight-line distance.

    Returns
    -------
    offsets : numpy.ndarray of int64, length n * bands + 1
        The later neighbours (index > i) of event i in band b are ``neighbours[offsets[i * bands + b]:
        offsets[i * bands + b + 1]]``.
    neighbours : numpy.ndarray of uint16 (fewer than 65,536 events) or int32
    """
    x = np.ascontiguousarray(x, dtype=np.float64)
    y = np.ascontiguousarray(y, dtype=np.float64)
    edges = np.ascontiguousarray(edges, dtype=np.float64)
    n = x.shape[0]
    nbands = len(edges) - 1
    cx, cy, keys, stride = grid_cells(x, y, float(edges[-1]))
    if np.any(keys[1:] < keys[:-1]):
        raise ValueError("close_pairs needs points sorted by grid_order for the last distance edge")
    counts = np.zeros(n * nbands, dtype=np.int64)
    offsets = np.zeros(n * nbands + 1, dtype=np.int64)
    neighbours = np.empty(0, dtype=np.uint16 if n < 65536 else np.int32)

    def rows(fill):
        def work(lo, hi):
            lib.sp_pair_rows(n, pointer(x), pointer(y), pointer(keys), pointer(cx), pointer(cy), stride,
                             pointer(edges), len(edges), int(bool(manhattan)), pointer(counts),
                             pointer(offsets), pointer(neighbours), _wide(neighbours), fill, lo, hi)
        split(work, n)

    rows(0)
    np.cumsum(counts, out=offsets[1:])
    neighbours = np.empty(int(offsets[-1]), dtype=neighbours.dtype)
    if len(neighbours):
        rows(1)
    return offsets, neighbours


def grid_cells(x, y, size):
    """Cell column, row, sort key and key stride of each point for square cells ``size`` wide."""
    cx = np.floor((x - x.min()) / size).astype(np.int64)
    cy = np.floor((y - y.min()) / size).astype(np.int64)
    stride = int(cy.max()) + 3  # rows -1 and max + 1 never run into the next column's keys
    return cx, cy, cx * stride + cy, stride


def grid_order(x, y, size):
    """A permutation sorting points by grid cell (column, then row) for cells ``size`` wide."""
    return np.argsort(grid_cells(x, y, size)[2], kind="stable")


def observed_counts(times, offsets, neighbours, nbands, time_edges):
    """Pairs per (distance band, time band) with the dates as they are (int64 arithmetic)."""
    times = np.ascontiguousarray(times, dtype=np.int64)
    time_edges = np.ascontiguousarray(time_edges, dtype=np.int64)
    table = np.zeros((nbands, len(time_edges) - 1), dtype=np.int64)
    lib.sp_observed_counts(len(times), pointer(times), pointer(offsets), pointer(neighbours), _wide(neighbours),
                           nbands, pointer(time_edges), len(time_edges), pointer(table))
    return table


def simulated_counts(times, offsets, neighbours, nbands, positive_edges, seeds):
    """Cumulative counts #(time gap < edge) per permutation, distance band and positive time edge.

    ``times`` are whole numbers from 0 up to below 2**24 (any numeric dtype holding them exactly).
    Each permutation q shuffles them with ``seeds[q]``: a Fisher-Yates shuffle driven by SplitMix64
    (Steele, Lea & Flood 2014) with Lemire's multiply-shift draw, independently of how blocks of
    permutations meet threads. Returns an int64 array (permutations, distance bands, edges).
    """
    whole = np.asarray(times, dtype=np.int64)
    if len(whole) and (whole.min() < 0 or whole.max() >= 1 << 24 or not np.array_equal(whole, times)):
        raise ValueError("simulated_counts needs whole-number times from 0 to below 2**24")
    times = np.ascontiguousarray(whole, dtype=np.int32)
    edges = np.ascontiguousarray(positive_edges, dtype=np.int64)
    if not np.array_equal(edges, np.asarray(positive_edges, dtype=np.float64)) or np.any(edges <= 0):
        raise ValueError("simulated_counts needs positive whole-number time edges")
    # int16 lanes (twice as many per vector instruction) when every date and edge fits in them
    narrow = (not len(times) or int(times.max()) < 1 << 15) and int(edges.max()) < 1 << 15
    kernel = lib.sp_simulated_counts_i16 if narrow else lib.sp_simulated_counts_i32
    edges = np.minimum(edges, 1 << 30).astype(np.int32)  # an edge past every gap counts every pair either way
    seeds = np.ascontiguousarray(seeds, dtype=np.uint64)
    nperm = len(seeds)
    out = np.zeros((nperm, nbands, len(edges)), dtype=np.int64)

    def work(lo, hi):
        return kernel(len(times), pointer(times), pointer(offsets), pointer(neighbours), _wide(neighbours), nbands,
                      pointer(edges), len(edges), pointer(seeds), nperm, lo, hi, pointer(out))

    blocks = (nperm + BLOCK - 1) // BLOCK
    if any(status != 0 for status in split(work, blocks, pieces=blocks)):
        raise MemoryError(f"no memory for the permutation tables of {len(times):,} events")
    return out
