"""Hot spots of an events file on a grid or on given areas, with every cell's statistics.

One call puts the pieces together: events are counted on a square or hexagonal grid (or in
polygons), then scored with Getis-Ord Gi* (Getis & Ord 1992; Ord & Getis 1995), local Moran's I
(Anselin 1995), quartic kernel density or the emerging hot-spot classes, and optionally checked
against a later period's events with the hit rate, PAI and PEI (Chainey, Tompson & Uhlig 2008).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from saferplaces.evidence import crime_types
from saferplaces.evidence.errors import ParameterError
from saferplaces.evidence.events import Events, load_events
from saferplaces.evidence.grid import Grid, StrayPoints, grid_events
from saferplaces.evidence.hotspot_accuracy import HotSpotAccuracy, hotspot_accuracy
from saferplaces.evidence.hotspots import gi_star, local_moran
from saferplaces.evidence.serialise import json_meta
from saferplaces.evidence.weights import Neighbours, grid_neighbours, polygon_neighbours

METHODS = ("gistar", "moran", "kde", "emerging")
CLASSING_METHODS = ("gistar", "moran", "emerging")

Cell = Mapping[str, Any]


@dataclass(frozen=True)
class StraySummary:
    """Events left out of the map: how many, why, and their ids."""

    count: int
    by_reason: Mapping[str, int]
    ids: tuple[str, ...]

    @classmethod
    def of(cls, strays: StrayPoints) -> StraySummary:
        return cls(len(strays), strays.by_reason(), tuple(strays.ids))


@dataclass(frozen=True)
class LaterAccuracy:
    """How well the hot spots found predict a later period's events on the same grid.

    ``accuracy`` (hit rate, PAI, PEI) counts the later events inside the grid; those outside it
    are reported beside it.
    """

    later_events_in_grid: int
    later_events_outside_grid: int
    accuracy: HotSpotAccuracy = field(metadata=json_meta(flatten=True))


@dataclass(frozen=True)
class HotspotMap:
    """Hot spots of events on a grid (``cells``) or on given areas (``areas``).

    Attributes
    ----------
    method : str
        "gistar", "moran", "kde" or "emerging".
    events : int
        Events counted on the map.
    stray_points : StraySummary
        Events outside the grid or the areas.
    cells : tuple of mappings, optional
        One per grid cell: ``row``, ``col``, ``x``, ``y`` (centre, metres), ``count`` and the
        method's statistics (``z``, ``p_sim``, ``p_fdr``, ``p_norm``, ``class`` for Gi*; ``i``,
        ``quadrant`` … for local Moran; ``density_per_km2`` for kernel density; ``class`` for
        emerging hot spots). Undefined statistics are ``None``.
    areas : tuple of mappings, optional
        One per area when areas were given instead of a grid: ``code``, ``name``, ``count`` and
        the statistics.
    grid, cell_size, rows, cols
        The grid's shape ("square" or "hex"), cell size in metres and extent (grid maps only).
    areas_file : str, optional
        The areas' GeoJSON file (area maps only).
    permutations, seed, alternative, fdr
        Settings of the Gi* or local Moran permutation test.
    bandwidth : float, optional
        Kernel density bandwidth in metres.
    periods, recent_periods, without_data
        Emerging hot spots: the months of the cube, how many count as recent, and the months left
        out for having no data (month-only events; see :mod:`saferplaces.evidence.coverage`).
    accuracy : LaterAccuracy, optional
        Scores against a later period's events.
    crime_type : str, optional
        The one police.uk crime type mapped (all events when absent).
    """

    method: str
    events: int
    stray_points: StraySummary
    cells: tuple[Cell, ...] | None = field(default=None, metadata=json_meta(optional=True))
    areas: tuple[Cell, ...] | None = field(default=None, metadata=json_meta(optional=True))
    grid: str | None = field(default=None, metadata=json_meta(optional=True))
    cell_size: float | None = field(default=None, metadata=json_meta(optional=True))
    rows: int | None = field(default=None, metadata=json_meta(optional=True))
    cols: int | None = field(default=None, metadata=json_meta(optional=True))
    areas_file: str | None = field(default=None, metadata=json_meta(optional=True))
    permutations: int | None = field(default=None, metadata=json_meta(optional=True))
    seed: int | None = field(default=None, metadata=json_meta(optional=True))
    alternative: str | None = field(default=None, metadata=json_meta(optional=True))
    fdr: bool | None = field(default=None, metadata=json_meta(optional=True))
    bandwidth: float | None = field(default=None, metadata=json_meta(optional=True))
    periods: tuple[str, ...] | None = field(default=None, metadata=json_meta(optional=True))
    recent_periods: int | None = field(default=None, metadata=json_meta(optional=True))
    without_data: tuple[str, ...] | None = field(default=None, metadata=json_meta(optional=True))
    accuracy: LaterAccuracy | None = field(default=None, metadata=json_meta(optional=True))
    crime_type: str | None = field(default=None, metadata=json_meta(optional=True))


@dataclass(frozen=True)
class _Test:
    permutations: int
    seed: int
    alternative: str
    fdr: bool

    def settings(self) -> dict[str, Any]:
        return {"permutations": self.permutations, "seed": self.seed, "alternative": self.alternative,
                "fdr": self.fdr}


def _statistics(method: str, counts: np.ndarray, neighbours: Neighbours, test: _Test) -> dict[str, list[Any]]:
    """Each statistic's values, one per unit (as columns: see :func:`_records`)."""
    if method == "gistar":
        g = gi_star(counts, neighbours, **test.settings())
        return {"z": g.z.tolist(), "p_sim": g.p_sim.tolist(), "p_fdr": g.p_fdr.tolist(),
                "p_norm": g.p_norm.tolist(), "class": list(g.classes)}
    m = local_moran(counts, neighbours, **test.settings())
    return {"i": m.i.tolist(), "quadrant": list(m.quadrant), "p_sim": m.p_sim.tolist(), "p_fdr": m.p_fdr.tolist(),
            "class": list(m.classes)}


def _records(columns: Mapping[str, Sequence[Any]]) -> tuple[dict[str, Any], ...]:
    """One mapping per unit from columns of equal length: plain Python values from ``tolist``, which
    build 33,856 cells in 0.05 s of CPU where numpy scalars read cell by cell took 0.07 s (measured)."""
    keys = list(columns)
    return tuple([dict(zip(keys, values)) for values in zip(*columns.values(), strict=True)])


def _area_map(events: Events, method: str, areas_path: str | Path, test: _Test) -> HotspotMap:
    # Imported here: reading polygons needs pyproj (0.1 s or more to import), which grids never do.
    from saferplaces.evidence.polygons import count_in_areas, load_areas

    areas = load_areas(areas_path)
    counted = count_in_areas(areas, events.x, events.y, events.ids)
    stats = _statistics(method, counted.counts, polygon_neighbours(areas.geometries), test)
    return HotspotMap(
        method=method, events=int(counted.counts.sum()), stray_points=StraySummary.of(counted.strays),
        areas=_records({"code": list(areas.codes), "name": list(areas.names),
                        "count": counted.counts.astype(np.int64).tolist(), **stats}),
        areas_file=str(areas_path), **test.settings())


def _score(later_path: str | Path, grid: Grid, classes: Sequence[str], crime_type: str | None) -> LaterAccuracy:
    """Hot spots are cells classed as any kind of hot spot at any confidence (HH for local Moran)."""
    hot = [("hot spot" in c and "mixed" not in c) or c.startswith("HH") for c in classes]
    later = load_events(later_path)
    if crime_type is not None:
        later = crime_types.events_of_type(later, crime_type, Path(later_path).name)
    result = hotspot_accuracy(hot, grid.count(later.x, later.y))
    return LaterAccuracy(int(result.events), int(len(later) - result.events), result)


def _boundary(path: str | Path):
    # Imported here: reading a boundary needs pyproj (0.1 s or more to import), unclipped grids do not.
    from saferplaces.evidence.geography import read_boundary

    return read_boundary(path)


def hotspot_map(events_path: str | Path, *, method: str = "gistar", cell_size: float = 100.0,
                grid: str = "square", boundary: str | Path | None = None, areas: str | Path | None = None,
                permutations: int = 999, seed: int = 0, alternative: str = "two-sided", fdr: bool = True,
                bandwidth: float | None = None, new_class: bool = False,
                score_against: str | Path | None = None, max_cells: int | None = None,
                crime_type: str | None = None) -> HotspotMap:
    """Hot spots of the events in ``events_path``; see :class:`HotspotMap` and ``saferplaces.evidence.api``.

    ``crime_type`` keeps only events of that police.uk type (here and in ``score_against``).
    """
    if method not in METHODS:
        raise ParameterError(f"the method must be one of {', '.join(METHODS)}, not {method!r}")
    if areas is not None and method not in ("gistar", "moran"):
        raise ParameterError(f"hot spots on given areas work with the gistar or moran method, not {method}")
    if areas is not None and (score_against is not None or boundary is not None):
        raise ParameterError("scoring against a later period and clipping to a boundary work on grids only, "
                             "not on given areas")
    if score_against is not None and method not in CLASSING_METHODS:
        raise ParameterError("scoring against a later period needs a method that classes cells "
                             "(gistar, moran or emerging)")
    test = _Test(permutations, seed, alternative, fdr)
    wanted = crime_types.chosen(crime_type) if crime_type is not None else None
    events = load_events(events_path)
    if wanted is not None:
        events = crime_types.events_of_type(events, wanted, Path(events_path).name)
    if areas is not None:
        return replace(_area_map(events, method, areas, test), crime_type=wanted)
    options: dict[str, Any] = {"kind": grid, "boundary": _boundary(boundary) if boundary else None}
    if max_cells:
        options["max_cells"] = max_cells
    extra: dict[str, Any] = {}
    if method == "emerging":
        # Imported here, as kernel_density below: each method loads only its own module.
        from saferplaces.evidence.emerging import emerging_hotspots

        emerging = emerging_hotspots(events, cell_size, new=new_class, **options)
        gridded = emerging.gridded
        stats: dict[str, list[Any]] = {"class": list(emerging.classes)}
        extra.update(periods=tuple(emerging.periods), recent_periods=emerging.recent_periods,
                     without_data=emerging.without_data)
    else:
        gridded = grid_events(events, cell_size, **options)
        if method == "kde":
            # Imported here: see emerging_hotspots above.
            from saferplaces.evidence.density import kernel_density

            width = bandwidth or 5 * cell_size
            placed = gridded.cell_of_event >= 0
            density = kernel_density(gridded.grid, events.x[placed], events.y[placed], width)
            stats = {"density_per_km2": density.per_km2.tolist()}
            extra["bandwidth"] = width
        else:
            stats = _statistics(method, gridded.counts, grid_neighbours(gridded.grid), test)
            extra.update(test.settings())
    g = gridded.grid
    cells = _records({"row": g.row.tolist(), "col": g.col.tolist(), "x": g.x.tolist(), "y": g.y.tolist(),
                      "count": gridded.counts.astype(np.int64).tolist(), **stats})
    if score_against is not None:
        extra["accuracy"] = _score(score_against, g, [str(c.get("class", "")) for c in cells], wanted)
    return HotspotMap(method=method, events=int(gridded.counts.sum()), stray_points=StraySummary.of(gridded.strays),
                      cells=cells, grid=grid, cell_size=cell_size, rows=g.nrows, cols=g.ncols, crime_type=wanted,
                      **extra)
