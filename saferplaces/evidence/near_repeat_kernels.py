"""Compiled kernels for the near-repeat analyses: the close-pair finder and the Knox permutations.

Kept apart from :mod:`saferplaces.evidence.near_repeat` (which validates input and shapes results)
because these are the only hot loops. Both kernels work on events sorted by grid cell, so that an
event's neighbours sit close to it in memory.

Memory: the pair list holds one index per pair of events closer than the largest distance edge, in
compressed rows per (event, distance band); nothing is ever allocated per pair of *all* events.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

#: Permutations handled together in one pass over the pair list: each neighbour's permuted dates for
#: a block are one row of float32, compared lane by lane with vector instructions. 64 measured best
#: here (16 and 32 leave the vector loop mostly to its scalar remainder; 128 gains nothing and the
#: per-thread table, events x 64 x 4 bytes, still fits the L3 cache at 50,000 events).
BLOCK = 64
#: The float32 per-band tallies are flushed before they could stop counting exactly (2**24).
_FLUSH = 1 << 23


@njit(cache=True)
def _band(value, edges):
    """Index i with edges[i] <= value < edges[i + 1]; -1 outside the edges."""
    if value < edges[0]:
        return -1
    for i in range(edges.shape[0] - 1):
        if value < edges[i + 1]:
            return i
    return -1


@njit(cache=True)
def _column_range(keys, lo_key, hi_key):
    return np.searchsorted(keys, lo_key, side="left"), np.searchsorted(keys, hi_key, side="right")


@njit(parallel=True, cache=True)
def _pair_rows(x, y, keys, cx, cy, stride, edges, manhattan, counts, offsets, out):
    """Count (``out`` empty) or write (``out`` sized) the later neighbours of each event, by band.

    Events are sorted by ``keys = cx * stride + cy``, cells being as wide as the largest edge, so all
    neighbours of an event lie in three key ranges: the columns cx - 1, cx and cx + 1, rows cy - 1
    to cy + 1 of each.
    """
    n = x.shape[0]
    nbands = edges.shape[0] - 1
    fill = out.shape[0] > 0
    reach = edges[-1]
    # a cheap test on the squared distance rejects most candidates before the square root; it is
    # loose by a relative 1e-9 so that the exact test below alone decides pairs at the last edge
    reach2 = reach * reach * (1.0 + 1e-9)
    for i in prange(n):
        cursor = offsets[i * nbands: (i + 1) * nbands].copy() if fill else offsets[:0].copy()
        xi, yi = x[i], y[i]
        for dc in range(-1, 2):
            column = cx[i] + dc
            lo, hi = _column_range(keys, column * stride + cy[i] - 1, column * stride + cy[i] + 1)
            for j in range(max(lo, i + 1), hi):
                dx, dy = x[j] - xi, y[j] - yi
                if manhattan:
                    d = abs(dx) + abs(dy)
                    if d >= reach:
                        continue
                else:
                    d2 = dx * dx + dy * dy
                    if d2 > reach2:
                        continue
                    d = math.sqrt(d2)
                b = _band(d, edges)
                if b < 0:
                    continue
                if fill:
                    out[cursor[b]] = j
                    cursor[b] += 1
                else:
                    counts[i * nbands + b] += 1


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
    n = x.shape[0]
    nbands = len(edges) - 1
    cx, cy, keys, stride = grid_cells(x, y, float(edges[-1]))
    if np.any(keys[1:] < keys[:-1]):
        raise ValueError("close_pairs needs points sorted by grid_order for the last distance edge")
    counts = np.zeros(n * nbands, dtype=np.int64)
    offsets = np.zeros(n * nbands + 1, dtype=np.int64)
    index_type = np.uint16 if n < 65536 else np.int32
    _pair_rows(x, y, keys, cx, cy, stride, edges, manhattan, counts, offsets, np.empty(0, index_type))
    np.cumsum(counts, out=offsets[1:])
    neighbours = np.empty(int(offsets[-1]), dtype=index_type)
    if len(neighbours):
        _pair_rows(x, y, keys, cx, cy, stride, edges, manhattan, counts, offsets, neighbours)
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


@njit(cache=True)
def observed_counts(times, offsets, neighbours, nbands, time_edges):
    """Pairs per (distance band, time band) with the dates as they are (int64 arithmetic)."""
    n = times.shape[0]
    table = np.zeros((nbands, time_edges.shape[0] - 1), dtype=np.int64)
    for i in range(n):
        for b in range(nbands):
            for p in range(offsets[i * nbands + b], offsets[i * nbands + b + 1]):
                k = _band(abs(times[i] - times[np.int64(neighbours[p])]), time_edges)
                if k >= 0:
                    table[b, k] += 1
    return table


@njit(cache=True)
def _splitmix(state):
    """One step of SplitMix64 (Steele, Lea & Flood 2014): new state and a 64-bit output."""
    state = state + np.uint64(0x9E3779B97F4A7C15)
    z = state
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return state, z ^ (z >> np.uint64(31))


@njit(cache=True)
def _shuffle_into(times, seed, scratch, table, lane):
    """Fisher-Yates shuffle of ``times`` (one permutation per seed) into column ``lane`` of ``table``.

    The bounded draw is Lemire's multiply-shift on the top 32 bits, without rejection: a relative
    bias of at most n / 2**32 (1e-5 at 50,000 events), far below Monte Carlo error. Dates are whole
    numbers below 2**24, so float32 holds them and their differences exactly.
    """
    n = times.shape[0]
    scratch[:] = times
    state = seed
    for i in range(n - 1, 0, -1):
        state, z = _splitmix(state)
        k = np.int64(((z >> np.uint64(32)) * np.uint64(i + 1)) >> np.uint64(32))
        held = scratch[i]
        scratch[i] = scratch[k]
        scratch[k] = held
    for i in range(n):
        table[i * BLOCK + lane] = scratch[i]


@njit(cache=True, fastmath=True)
def _tally(now, table, neighbours, lo, hi, edges, acc):
    """acc[k, lane] += #{p in [lo, hi): |now[lane] - table[neighbour p, lane]| < edges[k]}."""
    # The lane count is read from the array, not the BLOCK constant: numba's LLVM unrolls a loop of
    # known length into scalar code, while a loop of run-time length becomes vector instructions.
    # The float32 selects (not branches) are what lets it vectorise.
    lanes = now.shape[0]
    p = lo
    # four neighbours per step: each tally is loaded and stored once for all four (measured: 40%
    # less time than one per step; the tallies, 64 lanes x edges, do not fit in registers)
    while p + 3 < hi:
        r0 = np.int64(neighbours[p]) * lanes
        r1 = np.int64(neighbours[p + 1]) * lanes
        r2 = np.int64(neighbours[p + 2]) * lanes
        r3 = np.int64(neighbours[p + 3]) * lanes
        for k, edge in enumerate(edges):
            for lane in range(lanes):
                t = now[lane]
                h0 = np.float32(1.0) if abs(t - table[r0 + lane]) < edge else np.float32(0.0)
                h1 = np.float32(1.0) if abs(t - table[r1 + lane]) < edge else np.float32(0.0)
                h2 = np.float32(1.0) if abs(t - table[r2 + lane]) < edge else np.float32(0.0)
                h3 = np.float32(1.0) if abs(t - table[r3 + lane]) < edge else np.float32(0.0)
                acc[k * lanes + lane] += (h0 + h1) + (h2 + h3)
        p += 4
    while p < hi:
        row = np.int64(neighbours[p]) * lanes
        for k, edge in enumerate(edges):
            for lane in range(lanes):
                hit = np.float32(1.0) if abs(now[lane] - table[row + lane]) < edge else np.float32(0.0)
                acc[k * lanes + lane] += hit
        p += 1


@njit(cache=True)
def _flush(acc, total):
    """Move float32 tallies (flat, edge-major) into int64 totals (edges, lanes) and zero them."""
    lanes = total.shape[1]
    for k in range(total.shape[0]):
        for lane in range(lanes):
            total[k, lane] += np.int64(acc[k * lanes + lane])
            acc[k * lanes + lane] = 0


@njit(parallel=True, cache=True)
def simulated_counts(times, offsets, neighbours, nbands, positive_edges, seeds):
    """Cumulative counts #(time gap < edge) per permutation, distance band and positive time edge.

    ``positive_edges`` is a tuple of float32 (its length fixes the unrolled compare loop); each
    permutation q shuffles the dates with ``seeds[q]``, independently of how blocks meet threads.
    Returns an int64 array (permutations, distance bands, edges).
    """
    n = times.shape[0]
    nperm = seeds.shape[0]
    nedges = len(positive_edges)
    out = np.zeros((nperm, nbands, nedges), dtype=np.int64)
    nblocks = (nperm + BLOCK - 1) // BLOCK
    for block in prange(nblocks):
        table = np.empty(n * BLOCK, dtype=np.float32)
        scratch = np.empty(n, dtype=np.float32)
        for lane in range(BLOCK):
            q = min(block * BLOCK + lane, nperm - 1)  # spare lanes of the last block repeat a seed
            _shuffle_into(times, seeds[q], scratch, table, lane)
        total = np.zeros((nbands, nedges, BLOCK), dtype=np.int64)
        acc = np.zeros((nbands, nedges * BLOCK), dtype=np.float32)
        pending = np.zeros(nbands, dtype=np.int64)  # pairs tallied in acc[b] since its last flush
        now = np.empty(BLOCK, dtype=np.float32)
        for i in range(n):
            now[:] = table[i * BLOCK: (i + 1) * BLOCK]
            for b in range(nbands):
                start = offsets[i * nbands + b]
                stop = offsets[i * nbands + b + 1]
                while start < stop:
                    upto = min(stop, start + _FLUSH)
                    if pending[b] + (upto - start) > _FLUSH:
                        _flush(acc[b], total[b])
                        pending[b] = 0
                    _tally(now, table, neighbours, start, upto, positive_edges, acc[b])
                    pending[b] += upto - start
                    start = upto
        for b in range(nbands):
            _flush(acc[b], total[b])
        for lane in range(BLOCK):
            q = block * BLOCK + lane
            if q < nperm:
                out[q] = total[:, :, lane]
    return out
