"""saferplaces hotspots: Gi*, local Moran's I, kernel density or emerging hot spots on a grid."""

import json
import math

NAME = "hotspots"
HELP = "Hot spots of events on a grid: Getis-Ord Gi*, local Moran's I, quartic kernel density or emerging classes"


def add_arguments(parser):
    parser.add_argument("events", metavar="EVENTS.csv",
                        help="events CSV: id, date, and x,y (National Grid metres) or longitude,latitude")
    parser.add_argument("--cell", type=float, default=100.0, help="cell size in metres (default 100)")
    parser.add_argument("--method", choices=["gistar", "moran", "kde", "emerging"], default="gistar")
    parser.add_argument("--grid", choices=["square", "hex"], default="square", help="cell shape (default square)")
    parser.add_argument("--boundary", metavar="GEOJSON",
                        help="clip the grid to these polygons; events outside them are reported as strays")
    parser.add_argument("--areas", metavar="GEOJSON",
                        help="use these polygons (LSOAs, wards: features with a code such as LSOA11CD) "
                             "instead of a grid, with queen contiguity (gistar and moran only)")
    parser.add_argument("--permutations", type=int, default=999, help="conditional permutations (default 999)")
    parser.add_argument("--seed", type=int, default=0, help="random seed for the permutations (default 0)")
    parser.add_argument("--alternative", choices=["two-sided", "directed"], default="two-sided",
                        help="pseudo p-value convention (default two-sided; 'directed' is esda's p_sim)")
    parser.add_argument("--no-fdr", action="store_true",
                        help="class cells on raw p-values instead of false-discovery-rate adjusted ones")
    parser.add_argument("--bandwidth", type=float, help="kernel density bandwidth in metres (default 5 cells)")
    parser.add_argument("--new-class", action="store_true",
                        help="emerging: also class cells hot only in the last month as 'new hot spot'")
    parser.add_argument("--score-against", metavar="LATER.csv",
                        help="events of a later period: report the hit rate, PAI and PEI of the hot spots found")
    parser.add_argument("--max-cells", type=int, help="refuse grids larger than this (default 4,000,000)")
    parser.add_argument("--json", action="store_true", help="print JSON")


def _number(value):
    value = float(value)
    return value if math.isfinite(value) else None


def run(args) -> int:
    from saferplaces.evidence.events import load_events
    from saferplaces.evidence.geography import read_boundary
    from saferplaces.evidence.grid import grid_events

    events = load_events(args.events)
    if args.areas:
        return _run_areas(args, events)
    boundary = read_boundary(args.boundary) if args.boundary else None
    options = {"kind": args.grid, "boundary": boundary}
    if args.max_cells:
        options["max_cells"] = args.max_cells
    payload = {"method": args.method, "grid": args.grid, "cell_size": args.cell}
    if args.method == "emerging":
        from saferplaces.evidence.emerging import emerging_hotspots

        result = emerging_hotspots(events, args.cell, new=args.new_class, **options)
        gridded, extra = result.gridded, [{"class": c} for c in result.classes]
        payload.update({"periods": list(result.periods), "recent_periods": result.recent_periods})
    else:
        gridded = grid_events(events, args.cell, **options)
        extra = _analyse(args, gridded, events, payload)
    grid = gridded.grid
    strays = gridded.strays
    payload["events"] = int(gridded.counts.sum())
    payload["stray_points"] = {"count": len(strays), "by_reason": strays.by_reason(), "ids": list(strays.ids)}
    payload["rows"], payload["cols"] = grid.nrows, grid.ncols
    cells = []
    for i in range(len(grid)):
        cell = {"row": int(grid.row[i]), "col": int(grid.col[i]), "x": float(grid.x[i]),
                "y": float(grid.y[i]), "count": int(gridded.counts[i])}
        cell.update(extra[i])
        cells.append(cell)
    payload["cells"] = cells
    if args.score_against:
        payload["accuracy"] = _score(args.score_against, grid, [c.get("class", "") for c in cells])
    if args.json:
        print(json.dumps(payload, allow_nan=False))
        return 0
    _print_summary(payload)
    return 0


def _run_areas(args, events) -> int:
    from saferplaces.evidence.errors import EvidenceError
    from saferplaces.evidence.polygons import count_in_areas, load_areas
    from saferplaces.evidence.weights import polygon_neighbours

    if args.method not in ("gistar", "moran"):
        raise EvidenceError(f"--areas works with --method gistar or moran, not {args.method}")
    if args.score_against or args.boundary:
        raise EvidenceError("--score-against and --boundary work on grids only, not with --areas")
    areas = load_areas(args.areas)
    counted = count_in_areas(areas, events.x, events.y, events.ids)
    payload = {"method": args.method, "areas_file": str(args.areas)}
    stats = _statistics(args, counted.counts, polygon_neighbours(areas.geometries), payload)
    strays = counted.strays
    payload["events"] = int(counted.counts.sum())
    payload["stray_points"] = {"count": len(strays), "by_reason": strays.by_reason(), "ids": list(strays.ids)}
    payload["areas"] = [{"code": code, "name": name, "count": int(count), **extra}
                        for code, name, count, extra in zip(areas.codes, areas.names, counted.counts, stats)]
    if args.json:
        print(json.dumps(payload, allow_nan=False))
        return 0
    print(f"{args.method}: {payload['events']:,} events in {len(areas):,} areas from {args.areas}")
    if len(strays):
        print(f"  {len(strays)} event(s) outside every area: " + ", ".join(strays.ids[:10])
              + (" …" if len(strays) > 10 else ""))
    for area in sorted(payload["areas"], key=lambda a: -a["count"])[:15]:
        print(f"  {area['code']:<10} {area['name']:<32} {area['count']:>8,}  {area['class']}")
    return 0


def _analyse(args, gridded, events, payload) -> list[dict]:
    from saferplaces.evidence.weights import grid_neighbours

    if args.method == "kde":
        from saferplaces.evidence.density import kernel_density

        bandwidth = args.bandwidth or 5 * args.cell
        placed = gridded.cell_of_event >= 0
        density = kernel_density(gridded.grid, events.x[placed], events.y[placed], bandwidth)
        payload["bandwidth"] = bandwidth
        return [{"density_per_km2": _number(v)} for v in density.per_km2]
    return _statistics(args, gridded.counts, grid_neighbours(gridded.grid), payload)


def _statistics(args, counts, neighbours, payload) -> list[dict]:
    settings = {"permutations": args.permutations, "seed": args.seed, "alternative": args.alternative,
                "fdr": not args.no_fdr}
    payload.update(settings)
    if args.method == "gistar":
        from saferplaces.evidence.hotspots import gi_star

        r = gi_star(counts, neighbours, **settings)
        return [{"z": _number(r.z[i]), "p_sim": _number(r.p_sim[i]), "p_fdr": _number(r.p_fdr[i]),
                 "p_norm": _number(r.p_norm[i]), "class": r.classes[i]} for i in range(len(r.z))]
    from saferplaces.evidence.hotspots import local_moran

    r = local_moran(counts, neighbours, **settings)
    return [{"i": _number(r.i[i]), "quadrant": r.quadrant[i], "p_sim": _number(r.p_sim[i]),
             "p_fdr": _number(r.p_fdr[i]), "class": r.classes[i]} for i in range(len(r.i))]


def _score(path, grid, classes) -> dict:
    """Hit rate, PAI and PEI of the cells classed as hot spots (any confidence, any kind of hot
    spot; HH for local Moran) against a later period's events on the same grid."""
    from saferplaces.evidence.errors import EvidenceError
    from saferplaces.evidence.events import load_events
    from saferplaces.evidence.hotspot_accuracy import hotspot_accuracy

    hot = [("hot spot" in c and "mixed" not in c) or c.startswith("HH") for c in classes]
    if not any(classes):
        raise EvidenceError("--score-against needs a method that classes cells (gistar, moran or emerging)")
    later = load_events(path)
    counts = grid.count(later.x, later.y)
    result = hotspot_accuracy(hot, counts)
    return {"later_events_in_grid": int(result.events), "later_events_outside_grid": int(len(later) - result.events),
            "hotspot_cells": result.hotspot_cells, "cells": result.cells,
            "events_in_hotspots": int(result.events_in_hotspots), "hit_rate": result.hit_rate,
            "area_share": result.area_share, "pai": result.pai, "pei": result.pei,
            "best_possible_events": int(result.best_possible_events)}


def _print_summary(payload) -> None:
    cells = payload["cells"]
    print(f"{payload['method']}: {payload['events']:,} events on {len(cells):,} {payload['grid']} cells "
          f"of {payload['cell_size']:g} m ({payload['rows']} rows x {payload['cols']} columns)")
    strays = payload["stray_points"]
    if strays["count"]:
        reasons = ", ".join(f"{n} {reason}" for reason, n in strays["by_reason"].items())
        shown = ", ".join(strays["ids"][:10]) + (" …" if strays["count"] > 10 else "")
        print(f"  {strays['count']} stray point(s) left out ({reasons}): {shown}")
    if "class" in cells[0]:
        tally = {}
        for cell in cells:
            tally[cell["class"]] = tally.get(cell["class"], 0) + 1
        for name, n in sorted(tally.items()):
            print(f"  {name:<28} {n:>8,} cells")
    if "accuracy" in payload:
        a = payload["accuracy"]
        pai = "n/a" if a["pai"] is None else f"{a['pai']:.2f}"
        pei = "n/a" if a["pei"] is None else f"{a['pei']:.2f}"
        print(f"  against the later period: {a['events_in_hotspots']:,} of {a['later_events_in_grid']:,} events "
              f"in the {a['hotspot_cells']} hot cells (hit rate {a['hit_rate']:.1%}, {a['area_share']:.1%} of "
              f"the area): PAI {pai}, PEI {pei}")
    key = "density_per_km2" if payload["method"] == "kde" else "count"
    print(f"  top cells by {key}:")
    for cell in sorted(cells, key=lambda c: -(c[key] or 0))[:10]:
        label = f"  {cell['class']}" if "class" in cell else ""
        print(f"    x {cell['x']:.0f}, y {cell['y']:.0f}: {cell['count']} events, {key} {cell[key]:.4g}{label}")
