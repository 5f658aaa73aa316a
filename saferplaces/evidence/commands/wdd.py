"""saferplaces wdd: did a place-based intervention work? (weighted displacement difference test)"""

import json

from saferplaces.evidence.errors import EvidenceError

NAME = "wdd"
HELP = "Weighted displacement difference test (Wheeler & Ratcliffe 2018) from counts or from an events CSV"

_AREAS = ("treated", "control", "displacement", "displacement_control")


def add_arguments(parser):
    parser.add_argument("events", nargs="?", metavar="EVENTS.csv",
                        help="events CSV (id, date, x/y or longitude/latitude, crime_type); "
                             "counted in the --*-area boundaries around --start")
    counts = parser.add_argument_group("counts given directly (before,after)")
    for area in _AREAS:
        flag = area.replace("_", "-")
        counts.add_argument(f"--{flag}", metavar="BEFORE,AFTER", help=f"counts in the {area.replace('_', ' ')} area")
    from_events = parser.add_argument_group("counts taken from EVENTS.csv")
    for area in _AREAS:
        flag = area.replace("_", "-")
        from_events.add_argument(f"--{flag}-area", metavar="GEOJSON",
                                 help=f"boundary of the {area.replace('_', ' ')} area")
    from_events.add_argument("--start", help="date the intervention started (YYYY-MM-DD)")
    from_events.add_argument("--before", type=int, help="length of the before period in days (months for month-only data); "
                                                      "default: back to the first event")
    from_events.add_argument("--after", type=int, help="length of the after period; default: to the last event")
    from_events.add_argument("--crime-type", action="append", help="count only this crime type (may be repeated)")
    from_events.add_argument("--harm", metavar="TABLE", help="weight by harm: css-style, chi-style or a CSV of crime_type,weight")
    from_events.add_argument("--per-km2", action="store_true", help="compare densities (per km²) rather than counts")
    parser.add_argument("--periods", metavar="BEFORE,AFTER", help="lengths of the periods when they differ (counts mode)")
    parser.add_argument("--sizes", metavar="T,C,D,DC", help="area sizes, to compare densities (counts mode)")
    parser.add_argument("--level", type=float, default=0.9, help="confidence level (default 0.9)")
    parser.add_argument("--json", action="store_true")


def _numbers(text, flag, count):
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        raise EvidenceError(f"--{flag}: {text!r} is not {count} comma-separated numbers") from None
    if len(values) != count:
        raise EvidenceError(f"--{flag}: give {count} comma-separated numbers, not {text!r}")
    return values


def _from_counts(args):
    if args.events or any(getattr(args, f"{a}_area") for a in _AREAS):
        raise EvidenceError("give either counts (--treated, --control …) or EVENTS.csv with boundaries, not both")
    missing = [f"--{a}" for a in ("treated", "control") if not getattr(args, a)]
    if missing:
        raise EvidenceError(f"missing {' and '.join(missing)} (or give EVENTS.csv and boundaries)")
    counts = {a: _numbers(getattr(args, a), a.replace("_", "-"), 2) if getattr(args, a) else None for a in _AREAS}
    periods = _numbers(args.periods, "periods", 2) if args.periods else (1.0, 1.0)
    sizes = _numbers(args.sizes, "sizes", 4) if args.sizes else (1.0, 1.0, 1.0, 1.0)
    return counts, periods, sizes, None, None


def _from_events(args):
    import datetime as dt

    from saferplaces.evidence import crime_types
    from saferplaces.evidence.before_after import count_before_after
    from saferplaces.evidence.events import load_events
    from saferplaces.evidence.geography import read_boundary

    if any(getattr(args, a) for a in _AREAS) or args.periods or args.sizes:
        raise EvidenceError("with EVENTS.csv the counts, periods and sizes come from the data: "
                            "drop --treated/--control/--periods/--sizes")
    missing = [f"--{a}-area" for a in ("treated", "control") if not getattr(args, f"{a}_area")]
    if not args.start:
        missing.append("--start")
    if missing:
        raise EvidenceError(f"missing {', '.join(missing)}")
    try:
        start = dt.date.fromisoformat(args.start)
    except ValueError:
        raise EvidenceError(f"--start {args.start!r} is not a date (YYYY-MM-DD)") from None
    events = load_events(args.events)
    if args.crime_type:
        wanted = {crime_types.canonical(t) or t for t in args.crime_type}
        import numpy as np

        events = events.subset(np.array([(crime_types.canonical(t) or t) in wanted for t in events.crime_type], dtype=bool))
        if not len(events):
            raise EvidenceError(f"no events of type {', '.join(sorted(wanted))}")
    boundaries = {a: read_boundary(getattr(args, f"{a}_area")) for a in _AREAS if getattr(args, f"{a}_area")}
    table = count_before_after(events, boundaries, start, args.before, args.after)
    harm = None
    if args.harm:
        from saferplaces.evidence.harm import load_weights

        weights = load_weights(args.harm)
        harm = {}
        for area in table.areas:
            for crime_type in area.by_type():
                name = crime_types.canonical(crime_type)
                if name is None:
                    raise EvidenceError(f"harm weights need police.uk crime types; {crime_type!r} is not one")
                harm[crime_type] = weights.weight(name)
    found = {area.name: area for area in table.areas}
    counts = {a: (found[a].by_type() if harm else found[a].pair()) if a in found else None for a in _AREAS}
    sizes = tuple(found[a].size_km2 if a in found else 1.0 for a in _AREAS) if args.per_km2 else (1.0,) * 4
    return counts, (float(table.before_length), float(table.after_length)), sizes, harm, table


def run(args) -> int:
    from saferplaces.evidence.evaluation import wdd

    counts, periods, sizes, harm, table = _from_events(args) if args.events else _from_counts(args)
    result = wdd(counts["treated"], counts["control"], counts["displacement"], counts["displacement_control"],
                 periods=periods, areas=sizes, harm_weights=harm, level=args.level)

    def estimate(e):
        return None if e is None else {"estimate": e.value, "se": e.se}

    payload = {
        "local": estimate(result.local), "displacement": estimate(result.displacement),
        "total": estimate(result.total), "z": result.z, "p": result.p_value, "level": result.level,
        "interval": list(result.interval), "unit": result.unit, "verdict": result.verdict,
        "periods": list(periods), "sizes": list(sizes),
    }
    if table is not None:
        payload["start"] = table.start.isoformat()
        payload["period_unit"] = table.unit
        payload["counts"] = {a.name: {"before": a.pair()[0], "after": a.pair()[1]} for a in table.areas}
        payload["outside_the_areas"] = table.outside
    if args.json:
        print(json.dumps(payload, indent=2))
        return 0
    if table is not None:
        print(f"Intervention start {table.start}; before: {table.before_length} {table.unit}, "
              f"after: {table.after_length} {table.unit}")
        for area in table.areas:
            before, after = area.pair()
            print(f"  {area.name.replace('_', ' '):<24} before {before:>7,}  after {after:>7,}")
    print(f"Local effect        {result.local.value:10.1f}  (SE {result.local.se:.1f})")
    if result.displacement is not None:
        print(f"Displacement        {result.displacement.value:10.1f}  (SE {result.displacement.se:.1f})")
    print(f"Total               {result.total.value:10.1f}  (SE {result.total.se:.1f}), z = {result.z:.2f}, "
          f"p = {result.p_value:.3g}")
    print(result.verdict)
    return 0
