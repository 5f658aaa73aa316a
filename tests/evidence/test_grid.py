import datetime as dt

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from saferplaces.evidence.errors import EvidenceError
from saferplaces.evidence.events import events_from_arrays
from saferplaces.evidence.geography import read_boundary
from saferplaces.evidence.grid import build_grid, grid_events
from saferplaces.evidence.weights import grid_neighbours, lattice_neighbours, polygon_neighbours


def test_square_cells_are_aligned_to_the_national_grid_and_count_every_point():
    x = [529_010, 529_099, 529_100, 529_350, 529_399.5]
    y = [181_001, 181_050, 181_050, 181_220, 181_299]
    gridded = build_grid(x, y, 100)
    grid = gridded.grid
    assert (grid.nrows, grid.ncols) == (3, 4)
    assert (grid.x0, grid.y0) == (529_050, 181_050)  # cell edges on whole hundreds
    # 529_100 is on an edge: it belongs to the cell to its east.
    assert gridded.cell_of_event.tolist() == [0, 0, 1, 2 * 4 + 3, 2 * 4 + 3]
    assert gridded.counts.sum() == 5 and len(gridded.counts) == 12
    assert len(gridded.strays) == 0


def test_stray_points_are_reported_with_ids_and_do_not_stretch_the_grid():
    rng = np.random.default_rng(0)
    x = list(rng.uniform(529_000, 531_000, 200)) + [0.0, 610_000.0, -5_000_000.0]
    y = list(rng.uniform(180_000, 181_000, 200)) + [0.0, 180_500.0, 50.0]
    ids = [f"e{i}" for i in range(203)]
    events = events_from_arrays(ids, [dt.date(2017, 1, 1)] * 203, x, y)
    gridded = grid_events(events, 100)
    assert (gridded.grid.nrows, gridded.grid.ncols) == (10, 20)
    assert gridded.strays.ids == ("e200", "e201", "e202")
    assert gridded.strays.reasons == ("at (0, 0)", "far outside the other points", "outside the National Grid")
    assert gridded.strays.by_reason() == {"at (0, 0)": 1, "far outside the other points": 1,
                                          "outside the National Grid": 1}
    assert gridded.counts.sum() == 200
    assert (gridded.cell_of_event[200:] == -1).all()


def test_a_genuine_edge_of_the_area_is_kept():
    # 95% of points in a 1 km square, a few genuine ones 3 km out: kept (the margin is 2 x 1 km
    # beyond the 5th-95th percentile box on each side).
    rng = np.random.default_rng(1)
    x = np.r_[rng.uniform(0, 1000, 190), [3000] * 10] + 500_000
    y = np.r_[rng.uniform(0, 1000, 190), [500] * 10] + 200_000
    assert len(build_grid(x, y, 100).strays) == 0


def test_an_absurd_grid_is_refused_with_advice():
    x, y = [100_000, 600_000], [100_000, 1_000_000]  # two points only: nothing to trim by
    with pytest.raises(EvidenceError, match="more than the limit.*larger cell size or clip to a boundary"):
        build_grid(x, y, 10)
    assert len(build_grid(x, y, 10_000).grid) == 51 * 91


def test_boundary_clips_cells_and_reports_points_outside():
    boundary = shapely.Polygon([(0, 0), (300, 0), (0, 300)]).buffer(0)  # a triangle
    boundary = shapely.affinity.translate(boundary, 500_000, 200_000)
    x = [500_050, 500_250, 500_280]
    y = [200_050, 200_020, 200_280]  # the last is outside the triangle
    gridded = build_grid(x, y, 100, boundary=boundary, ids=["a", "b", "c"])
    grid = gridded.grid
    kept = set(zip(grid.row.tolist(), grid.col.tolist()))
    # Cells meeting the triangle x + y <= 300 (local metres): those with row + col <= 2 (the
    # diagonal cells touch it at a corner or along the hypotenuse).
    assert kept == {(r, c) for r in range(3) for c in range(3) if r + c <= 2}
    assert gridded.strays.ids == ("c",) and gridded.strays.reasons == ("outside the boundary",)
    assert gridded.counts.sum() == 2


def test_hexagons_put_each_point_in_the_nearest_centre():
    rng = np.random.default_rng(2)
    x, y = rng.uniform(0, 1000, 400) + 400_000, rng.uniform(0, 700, 400) + 300_000
    gridded = build_grid(x, y, 100, kind="hex")
    grid = gridded.grid
    nearest = np.argmin((grid.x[None, :] - x[:, None]) ** 2 + (grid.y[None, :] - y[:, None]) ** 2, axis=1)
    assert (gridded.cell_of_event == nearest).all()
    assert grid.cell_area == pytest.approx(np.sqrt(3) / 2 * 100 ** 2)
    assert shapely.area(grid.polygons([0])[0]) == pytest.approx(grid.cell_area)


def test_queen_neighbours_match_libpysal():
    libpysal = pytest.importorskip("libpysal")
    ours = lattice_neighbours(5, 7)
    theirs = libpysal.weights.lat2W(5, 7, rook=False)
    assert ours.as_lists() == {i: sorted(theirs.neighbors[i]) for i in range(35)}


def test_hexagon_neighbours_are_the_six_cells_one_cell_away():
    rng = np.random.default_rng(3)
    grid = build_grid(rng.uniform(0, 800, 300) + 1e5, rng.uniform(0, 800, 300) + 1e5, 100, kind="hex").grid
    neighbours = grid_neighbours(grid)
    distance = np.hypot(grid.x[:, None] - grid.x[None, :], grid.y[:, None] - grid.y[None, :])
    for i in range(len(grid)):
        assert neighbours.of(i).tolist() == np.flatnonzero(np.abs(distance[i] - 100) < 1e-6).tolist()
    assert neighbours.cardinality.max() == 6


def test_polygon_queen_contiguity_counts_a_shared_corner():
    squares = [shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1), shapely.box(1, 1, 2, 2), shapely.box(5, 5, 6, 6)]
    neighbours = polygon_neighbours(squares)
    assert neighbours.as_lists() == {0: [1, 2], 1: [0, 2], 2: [0, 1], 3: []}
    gap = [shapely.box(0, 0, 1, 1), shapely.box(1.01, 0, 2, 1)]
    assert polygon_neighbours(gap).as_lists() == {0: [], 1: []}
    assert polygon_neighbours(gap, tolerance=0.05).as_lists() == {0: [1], 1: [0]}


def test_boundary_geojson_in_longitude_latitude_is_projected(tmp_path):
    path = tmp_path / "b.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
                    '"geometry": {"type": "Polygon", "coordinates": [[[-0.14, 51.50], [-0.12, 51.50], '
                    '[-0.12, 51.51], [-0.14, 51.51], [-0.14, 51.50]]]}}]}')
    boundary = read_boundary(path)
    xmin, ymin, xmax, ymax = boundary.bounds
    assert 528_000 < xmin < xmax < 532_000 and 178_000 < ymin < ymax < 182_000
    assert 1_300_000 < boundary.area < 1_700_000  # about 1.39 km x 1.11 km


def test_polygon_areas_give_the_same_gi_star_as_the_equivalent_grid():
    from saferplaces.evidence.hotspots import gi_star

    boxes = [shapely.box(c * 100, r * 100, c * 100 + 100, r * 100 + 100) for r in range(3) for c in range(4)]
    polygons = polygon_neighbours(boxes)
    assert polygons.as_lists() == lattice_neighbours(3, 4).as_lists()
    values = [0, 1, 5, 7, 0, 2, 6, 9, 1, 0, 1, 3]
    a = gi_star(values, polygons, permutations=99, seed=4)
    b = gi_star(values, lattice_neighbours(3, 4), permutations=99, seed=4)
    assert np.array_equal(a.z, b.z) and np.array_equal(a.p_sim, b.p_sim)


def test_geometry_to_bng_leaves_metres_alone():
    from saferplaces.evidence.geography import geometry_to_bng

    metres = shapely.box(529_000, 180_000, 530_000, 181_000)
    assert geometry_to_bng(metres).equals(metres)
    degrees = geometry_to_bng(shapely.box(-0.14, 51.50, -0.12, 51.51))
    assert 528_000 < degrees.bounds[0] < 532_000


coordinate = st.floats(400_000, 410_000, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(coordinate, coordinate), min_size=1, max_size=60),
       st.lists(st.sampled_from([(0.0, 0.0), (-9e6, 5.0), (900_000.0, 2e6)]), max_size=3),
       st.sampled_from(["square", "hex"]), st.sampled_from([50.0, 100.0, 333.0]))
def test_every_point_is_counted_once_or_reported(points, strays, kind, cell):
    xy = np.array(points + strays, dtype=float)
    gridded = build_grid(xy[:, 0], xy[:, 1], cell, kind=kind, margin=1e6)
    assert gridded.counts.sum() + len(gridded.strays) == len(xy)
    assert len(gridded.strays) == len(strays)
    placed = gridded.cell_of_event >= 0
    grid = gridded.grid
    centre_x, centre_y = grid.x[gridded.cell_of_event[placed]], grid.y[gridded.cell_of_event[placed]]
    reach = cell / 2 if kind == "square" else cell / np.sqrt(3)  # half a side; centre to corner
    assert (np.abs(centre_x - xy[placed, 0]) <= reach + 1e-6).all()
    assert (np.abs(centre_y - xy[placed, 1]) <= reach + 1e-6).all()
