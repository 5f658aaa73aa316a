"""saferplaces wdd: did a place-based intervention work? (weighted displacement difference test)"""

import datetime as dt

from saferplaces.evidence.errors import ParameterError
from saferplaces.evidence.pvalues import format_p

NAME = "wdd"
HELP = "Weighted displacement difference test (Wheeler & Ratcliffe 2018) from counts or from an events CSV"

HINTS = {"confidence level": "--level", "period lengths": "--periods", "area sizes": "--sizes",
         "harm weight": "--harm", "month without data": "--no-data-month"}

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
    from_events.add_argument("--before", type=int,
                             help="length of the before period in days (months for month-only data); "
                                  "default: back to the first event")
    from_events.add_argument("--after", type=int, help="length of the after period; default: to the last event")
    from_events.add_argument("--crime-type", action="append", help="count only this crime type (may be repeated)")
    from_events.add_argument("--harm", metavar="TABLE",
                             help="weight by harm: css-style, chi-style or a CSV of crime_type,weight")
    from_events.add_argument("--no-data-month", action="append", metavar="YYYY-MM", default=[],
                             help="a month with no data (month-only events; may be repeated): not counted in the "
                                  "periods. Months a force lacks (force column) or with no event are found anyway")
    from_events.add_argument("--per-km2", action="store_true", help="compare densities (per km²) rather than counts")
    parser.add_argument("--periods", metavar="BEFORE,AFTER",
                        help="lengths of the periods when they differ (counts mode)")
    parser.add_argument("--sizes", metavar="T,C,D,DC", help="area sizes, to compare densities (counts mode)")
    parser.add_argument("--level", type=float, default=0.9, help="confidence level (default 0.9)")
    parser.add_argument("--json", action="store_true")


def _numbers(text, flag, count):
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        raise ParameterError(f"--{flag}: {text!r} is not {count} comma-separated numbers") from None
    if len(values) != count:
        raise ParameterError(f"--{flag}: give {count} comma-separated numbers, not {text!r}")
    return values


def _counts(args) -> dict:
    """Arguments of ``api.wdd_from_counts`` from the counts mode's flags."""
    if any(getattr(args, f"{a}_area") for a in _AREAS):
        raise ParameterError("give either counts (--treated, --control …) or EVENTS.csv with boundaries, not both")
    missing = [f"--{a}" for a in ("treated", "control") if not getattr(args, a)]
    if missing:
        raise ParameterError(f"missing {' and '.join(missing)} (or give EVENTS.csv and boundaries)")
    counts = {a: _numbers(getattr(args, a), a.replace("_", "-"), 2) if getattr(args, a) else None for a in _AREAS}
    return {**counts, "level": args.level,
            "periods": _numbers(args.periods, "periods", 2) if args.periods else (1.0, 1.0),
            "sizes": _numbers(args.sizes, "sizes", 4) if args.sizes else (1.0, 1.0, 1.0, 1.0)}


def _events(args) -> dict:
    """Arguments of ``api.wdd_from_events`` from the events mode's flags."""
    if any(getattr(args, a) for a in _AREAS) or args.periods or args.sizes:
        raise ParameterError("with EVENTS.csv the counts, periods and sizes come from the data: "
                             "drop --treated/--control/--periods/--sizes")
    missing = [f"--{a.replace('_', '-')}-area" for a in ("treated", "control") if not getattr(args, f"{a}_area")]
    if not args.start:
        missing.append("--start")
    if missing:
        raise ParameterError(f"missing {', '.join(missing)}")
    try:
        start = dt.date.fromisoformat(args.start)
    except ValueError:
        raise ParameterError(f"--start {args.start!r} is not a date (YYYY-MM-DD)") from None
    return {"events": args.events, "start": start, "before": args.before, "after": args.after,
            "areas": {a: getattr(args, f"{a}_area") for a in _AREAS if getattr(args, f"{a}_area")},
            "crime_types": args.crime_type, "harm": args.harm, "per_km2": args.per_km2, "level": args.level,
            "without_data": args.no_data_month}


def run(args) -> int:
    # Imported here, not at the top: the API loads scipy, pandas and numba, and `saferplaces --help`
    # would wait for them (0.1 s to over 1 s, measured).
    from saferplaces.evidence import api

    report = api.wdd_from_events(**_events(args)) if args.events else api.wdd_from_counts(**_counts(args))
    if args.json:
        print(api.to_json(report))
        return 0
    if report.counts is not None:
        print(f"Intervention start {report.start}; before: {report.periods[0]:g} {report.period_unit}, "
              f"after: {report.periods[1]:g} {report.period_unit}")
        if report.without_data:
            print(f"  months without data, not counted in the periods: {', '.join(report.without_data)}")
        for name, counted in report.counts.items():
            print(f"  {name.replace('_', ' '):<24} before {counted.before:>7,}  after {counted.after:>7,}")
    result = report.result
    print(f"Local effect        {result.local.value:10.1f}  (SE {result.local.se:.1f})")
    if result.displacement is not None:
        print(f"Displacement        {result.displacement.value:10.1f}  (SE {result.displacement.se:.1f})")
    print(f"Total               {result.total.value:10.1f}  (SE {result.total.se:.1f}), z = {result.z:.2f}, "
          f"{format_p(result.p_value)}")
    print(result.verdict)
    return 0
