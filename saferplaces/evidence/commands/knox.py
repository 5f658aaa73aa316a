"""saferplaces knox: the Knox test for near repeats over distance and time bands."""

import argparse
import math

from saferplaces.evidence.pvalues import format_p

NAME = "knox"
HELP = "Knox test for near repeats: observed and expected pairs of events by distance and time band"
HINTS = {"month bands": "--month-bands", "distance bands": "--distance-bands", "time bands": "--time-bands"}


def _edges(text):
    try:
        return [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list of numbers") from None


def add_arguments(parser):
    parser.add_argument("events", metavar="EVENTS.csv",
                        help="events CSV: id, date (YYYY-MM-DD), and x, y (metres) or longitude, latitude")
    parser.add_argument("--distance-bands", type=_edges, default="0,1,100,200,300,400",
                        help="distance edges in metres; band i is edge[i] <= distance < edge[i+1] "
                             "(default 0,1,100,200,300,400; [0,1) is the same-location band)")
    parser.add_argument("--time-bands", type=_edges, default="0,7,14,21,28,35",
                        help="time edges in whole days; band i is edge[i] <= days apart < edge[i+1] "
                             "(default 0,7,14,21,28,35)")
    parser.add_argument("--permutations", type=int, default=999, help="Monte Carlo permutations (default 999)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--metric", choices=["euclidean", "manhattan"], default="euclidean")
    parser.add_argument("--month-bands", action="store_true",
                        help="count time in whole calendar months (time edges in months); the only way to "
                             "use month-only dates such as police.uk's")
    parser.add_argument("--json", action="store_true", help="print JSON")


def _table(title, result, cell):
    width = max(len(label) for label in result.distance_labels)
    lines = [title, " " * width + "".join(f"{label:>16}" for label in result.time_labels)]
    for i, label in enumerate(result.distance_labels):
        lines.append(f"{label:<{width}}" + "".join(f"{cell(i, k):>16}" for k in range(len(result.time_labels))))
    return "\n".join(lines)


def run(args) -> int:
    # Imported here, not at the top, so that `saferplaces --help` waits for no analysis; the API itself
    # imports each analysis only when it is called.
    from saferplaces.evidence import api
    from saferplaces.evidence.serialise import to_json

    result = api.knox(args.events, distance_bands=args.distance_bands, time_bands=args.time_bands,
                      permutations=args.permutations, seed=args.seed, metric=args.metric,
                      month_bands=args.month_bands)
    if args.json:
        print(to_json(result))
        return 0

    def ratio(i, k):
        value, p = result.ratio[i, k], result.p[i, k]
        if not math.isfinite(value):
            return "-"
        return f"{value:.2f}{'*' if p <= 0.05 else ' '}"

    print(f"Knox test: {result.events:,} events, {result.close_pairs:,} pairs within "
          f"{result.distance_edges[-1]:g} m, {result.permutations} permutations (seed {result.seed}), "
          f"{result.metric} distance")
    print(result.convention)
    print()
    print(_table("Knox ratio, observed / expected (* p <= 0.05)", result, ratio))
    print()
    print(_table("Observed pairs", result, lambda i, k: f"{result.observed[i, k]:,}"))
    print()
    print(_table("Expected pairs (mean over permutations)", result,
                 lambda i, k: f"{result.expected_mean[i, k]:,.1f}"))
    print()
    print(_table("p-value", result, lambda i, k: format_p(float(result.p[i, k]), prefix=False)))
    return 0
