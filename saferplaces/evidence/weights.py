"""Binary contiguity neighbours for grid cells and for polygons (LSOAs, wards).

Neighbour lists are stored compressed (CSR): the neighbours of unit ``i`` are
``indices[indptr[i]:indptr[i + 1]]``, sorted, never including ``i`` itself. Statistics that count
a unit as its own neighbour (Getis-Ord Gi*) add it themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from saferplaces.evidence.errors import EvidenceError


@dataclass(frozen=True)
class Neighbours:
    """Binary contiguity: who neighbours whom (self excluded).

    Attributes
    ----------
    indptr : numpy.ndarray of int64, length n + 1
    indices : numpy.ndarray of int64
    """

    indptr: np.ndarray
    indices: np.ndarray

    @property
    def n(self) -> int:
        return len(self.indptr) - 1

    @property
    def cardinality(self) -> np.ndarray:
        return np.diff(self.indptr)

    def of(self, i: int) -> np.ndarray:
        return self.indices[self.indptr[i]:self.indptr[i + 1]]

    def as_lists(self) -> dict[int, list[int]]:
        """``{i: [neighbours]}``, the shape libpysal's ``W`` takes."""
        return {i: self.of(i).tolist() for i in range(self.n)}

    def lag(self, values, include_self: bool = False) -> np.ndarray:
        """Sum of the neighbours' values (plus the unit's own value if ``include_self``)."""
        values = np.asarray(values, dtype=float)
        rows = np.repeat(np.arange(self.n), self.cardinality)
        out = np.bincount(rows, weights=values[self.indices], minlength=self.n)
        return out + values if include_self else out


def _from_pairs(n: int, a: np.ndarray, b: np.ndarray) -> Neighbours:
    keep = a != b
    a, b = a[keep], b[keep]
    a, b = np.concatenate([a, b]), np.concatenate([b, a])  # symmetric
    order = np.lexsort((b, a))
    a, b = a[order], b[order]
    if len(a):
        distinct = np.r_[True, (a[1:] != a[:-1]) | (b[1:] != b[:-1])]
        a, b = a[distinct], b[distinct]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(a, minlength=n), out=indptr[1:])
    return Neighbours(indptr, b.astype(np.int64))


def grid_neighbours(grid) -> Neighbours:
    """Queen contiguity between the kept cells of a :class:`~saferplaces.evidence.grid.Grid`.

    Square cells have up to eight neighbours (edges and corners); hexagons, which meet only along
    edges, up to six. Cells clipped away by a boundary are nobody's neighbours.
    """
    return _contiguity(grid.kind, grid.nrows, grid.ncols, grid.row, grid.col)


def _contiguity(kind, nrows, ncols, row, col) -> Neighbours:
    lookup = np.full(nrows * ncols, -1, dtype=np.int64)
    lookup[row * ncols + col] = np.arange(len(row))
    if kind == "square":
        offsets = [(dr, dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1) if (dr, dc) != (0, 0)]
        steps = [(np.full_like(row, dr), np.full_like(col, dc)) for dr, dc in offsets]
    else:
        odd = row & 1
        # Offset rows shifted east on odd rows: the diagonal neighbours depend on the parity.
        steps = [(np.zeros_like(row), np.full_like(col, -1)), (np.zeros_like(row), np.ones_like(col))]
        for dr in (-1, 1):
            steps.append((np.full_like(row, dr), odd - 1))
            steps.append((np.full_like(row, dr), odd.copy()))
    a_parts, b_parts = [], []
    for dr, dc in steps:
        r, c = row + dr, col + dc
        ok = (r >= 0) & (r < nrows) & (c >= 0) & (c < ncols)
        j = np.full(len(row), -1, dtype=np.int64)
        j[ok] = lookup[r[ok] * ncols + c[ok]]
        hit = j >= 0
        a_parts.append(np.flatnonzero(hit))
        b_parts.append(j[hit])
    return _from_pairs(len(row), np.concatenate(a_parts), np.concatenate(b_parts))


def polygon_neighbours(geometries, *, tolerance: float = 0.0) -> Neighbours:
    """Queen contiguity between polygons: two areas are neighbours if they share a point.

    Parameters
    ----------
    geometries : sequence of shapely geometries
        In a projected system (National Grid metres) when ``tolerance`` is used.
    tolerance : float
        Treat areas closer than this as touching. Generalised boundaries (ONS "generalised to
        20 m" files) leave slivers between areas that really touch; a tolerance of a few metres
        closes them.
    """
    geometries = np.asarray(list(geometries), dtype=object)
    if len(geometries) == 0:
        raise EvidenceError("no polygons were given")
    tree = shapely.STRtree(geometries)
    if tolerance > 0:
        a, b = tree.query(geometries, predicate="dwithin", distance=tolerance)
    else:
        a, b = tree.query(geometries, predicate="intersects")
    return _from_pairs(len(geometries), a.astype(np.int64), b.astype(np.int64))


def lattice_neighbours(nrows: int, ncols: int) -> Neighbours:
    """Queen contiguity on a full nrows x ncols block of square cells, numbered row by row."""
    row, col = np.divmod(np.arange(nrows * ncols, dtype=np.int64), ncols)
    return _contiguity("square", nrows, ncols, row, col)
