"""Placing tasking actions in priority areas: our AreaIndex against a shapely STRtree query (the
evidence engine's ``Geography.locate``) on the same points and areas.

The areas are Westminster's 2019 wards when a ward boundary file is given (real shapes, many
vertices), else a synthetic grid of 20 squares. The points are uniform over the areas' extent.
Run: .venv/bin/python bench/bench_places.py [POINTS] [WARDS.geojson]
"""

import json
import sys
import time

import numpy as np
from shapely.geometry import box, mapping, shape

from saferplaces.evidence.geography import Area, Geography
from saferplaces.places.boundaries import AreaIndex


def best_of(runs, function):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def areas_from(path):
    if path:
        features = json.loads(open(path, encoding="utf-8").read())["features"]
        key = next(k for k in features[0]["properties"] if k.lower().startswith("wd") and k.lower().endswith("cd"))
        return {f["properties"][key]: f["geometry"] for f in features}
    return {f"sq{i}": mapping(box(-0.2 + 0.01 * (i % 5), 51.5 + 0.01 * (i // 5), -0.19 + 0.01 * (i % 5),
                                  51.51 + 0.01 * (i // 5))) for i in range(20)}


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    areas = areas_from(sys.argv[2] if len(sys.argv) > 2 else None)
    shapes = {k: shape(g) for k, g in areas.items()}
    minx = min(s.bounds[0] for s in shapes.values())
    miny = min(s.bounds[1] for s in shapes.values())
    maxx = max(s.bounds[2] for s in shapes.values())
    maxy = max(s.bounds[3] for s in shapes.values())
    rng = np.random.default_rng(1)
    lon, lat = rng.uniform(minx, maxx, count), rng.uniform(miny, maxy, count)
    geography = Geography()
    reference_areas = {k: Area(k, k, s, "") for k, s in shapes.items()}

    ref_time, ref = best_of(3, lambda: geography.locate(reference_areas, lon, lat))
    our_time, ours = best_of(3, lambda: AreaIndex(areas).locate_many(lon, lat))
    agree = sum(a == b for a, b in zip(ours, ref))
    print(f"areas: {len(areas)}, points: {count:,}, placed in an area: {sum(r is not None for r in ref):,}")
    print(f"agreement with the reference: {agree:,} of {count:,}")
    print(f"shapely STRtree query (Geography.locate): {ref_time:.3f} s")
    print(f"saferplaces AreaIndex.locate_many (STRtree intersects, first area wins): {our_time:.3f} s")
    print(f"ratio ours / reference: {our_time / ref_time:.2f}")


if __name__ == "__main__":
    main()
