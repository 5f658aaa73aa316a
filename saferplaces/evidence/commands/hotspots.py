"""saferplaces hotspots: Gi*, local Moran's I, kernel density or emerging hot spots on a grid."""

from pathlib import Path

from saferplaces.evidence.errors import ParameterError

NAME = "hotspots"
HELP = "Hot spots of events on a grid: Getis-Ord Gi*, local Moran's I, quartic kernel density or emerging classes"
HINTS = {"cell size": "--cell", "more than the limit": "--max-cells", "clip to a boundary": "--boundary"}


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
    parser.add_argument("--crime-type", metavar="TYPE",
                        help='only events of this police.uk crime type, as in the CSV "Crime type" column '
                             '(e.g. "Burglary"); the events file needs a crime_type column')
    parser.add_argument("--map", metavar="MAP.svg",
                        help="also write the map as SVG (with --boundary and/or --areas drawn and numbered under it)")
    parser.add_argument("--outline", metavar="GEOJSON",
                        help="areas (e.g. wards) to outline and number on the --map, under a grid")
    parser.add_argument("--json", action="store_true", help="print JSON")


def _check_flags(args) -> None:
    """Combinations of flags the API refuses, said in the flags' own words."""
    if args.areas and args.method not in ("gistar", "moran"):
        raise ParameterError(f"--areas works with --method gistar or moran, not {args.method}")
    if args.areas and (args.score_against or args.boundary):
        raise ParameterError("--score-against and --boundary work on grids only, not with --areas")
    if args.outline and (not args.map or args.areas):
        raise ParameterError("--outline draws areas under a grid on the --map: give --map, and not --areas")
    if args.score_against and args.method == "kde":
        raise ParameterError("--score-against needs a method that classes cells (gistar, moran or emerging)")


def run(args) -> int:
    # Imported here, not at the top, so that `saferplaces --help` waits for no analysis; the API itself
    # imports each analysis only when it is called.
    from saferplaces.evidence import api
    from saferplaces.evidence.serialise import to_json

    _check_flags(args)
    result = api.hotspots(args.events, method=args.method, cell_size=args.cell, grid=args.grid,
                          boundary=args.boundary, areas=args.areas, permutations=args.permutations, seed=args.seed,
                          alternative=args.alternative, fdr=not args.no_fdr, bandwidth=args.bandwidth,
                          new_class=args.new_class, score_against=args.score_against, max_cells=args.max_cells,
                          crime_type=args.crime_type)
    if args.map:
        svg = api.hotspot_map_svg(result, boundary=args.boundary, areas=args.outline or args.areas)
        Path(args.map).write_text(svg, encoding="utf-8")
    if args.json:
        print(to_json(result, indent=None))
    elif args.areas:
        _print_areas(result)
    else:
        _print_grid(result)
    return 0


# The summaries read the result's cells as they are: turning all of them into JSON data first took
# longer than the Gi* test itself on 33,856 cells (0.8 s, measured).
def _print_strays(strays) -> None:
    if strays.count:
        reasons = ", ".join(f"{n} {reason}" for reason, n in strays.by_reason.items())
        shown = ", ".join(strays.ids[:10]) + (" …" if strays.count > 10 else "")
        print(f"  {strays.count} stray point(s) left out ({reasons}): {shown}")


def _print_areas(result) -> None:
    areas = result.areas
    of_type = f" of {result.crime_type}" if result.crime_type else ""
    print(f"{result.method}: {result.events:,} events{of_type} in {len(areas):,} areas from {result.areas_file}")
    _print_strays(result.stray_points)
    for area in sorted(areas, key=lambda a: -a["count"])[:15]:
        print(f"  {area['code']:<10} {area['name']:<32} {area['count']:>8,}  {area['class']}")


def _print_grid(result) -> None:
    cells = result.cells
    of_type = f" of {result.crime_type}" if result.crime_type else ""
    print(f"{result.method}: {result.events:,} events{of_type} on {len(cells):,} {result.grid} cells "
          f"of {result.cell_size:g} m ({result.rows} rows x {result.cols} columns)")
    _print_strays(result.stray_points)
    if result.periods:
        print(f"  {len(result.periods)} monthly periods ({result.periods[0]} to {result.periods[-1]}), "
              f"the last {result.recent_periods} recent")
    if result.without_data:
        print(f"  months without data, not periods: {', '.join(result.without_data)}")
    if "class" in cells[0]:
        tally: dict[str, int] = {}
        for cell in cells:
            tally[cell["class"]] = tally.get(cell["class"], 0) + 1
        for name, n in sorted(tally.items()):
            print(f"  {name:<28} {n:>8,} cells")
    if result.accuracy is not None:
        a = result.accuracy.accuracy
        pai = "n/a" if a.pai is None else f"{a.pai:.2f}"
        pei = "n/a" if a.pei is None else f"{a.pei:.2f}"
        print(f"  against the later period: {a.events_in_hotspots:,.0f} of {result.accuracy.later_events_in_grid:,} "
              f"events in the {a.hotspot_cells} hot cells (hit rate {a.hit_rate:.1%}, {a.area_share:.1%} of "
              f"the area): PAI {pai}, PEI {pei}")
    key = "density_per_km2" if result.method == "kde" else "count"
    print(f"  top cells by {key}:")
    for cell in sorted(cells, key=lambda c: -(c[key] or 0))[:10]:
        label = f"  {cell['class']}" if "class" in cell else ""
        print(f"    x {cell['x']:.0f}, y {cell['y']:.0f}: {cell['count']} events, {key} {cell[key]:.4g}{label}")
