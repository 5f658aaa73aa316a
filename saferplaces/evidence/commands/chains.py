"""saferplaces chains: near-repeat chains, events linked within a distance and a number of days."""

import json

NAME = "chains"
HELP = "Near-repeat chains: groups of events linked within D metres and T days, with their sizes"


def add_arguments(parser):
    parser.add_argument("events", metavar="EVENTS.csv",
                        help="events CSV: id, date (YYYY-MM-DD), and x, y (metres) or longitude, latitude")
    parser.add_argument("--distance", type=float, required=True, help="link events at most this many metres apart")
    parser.add_argument("--days", type=int, required=True, help="… and at most this many whole days apart")
    parser.add_argument("--metric", choices=["euclidean", "manhattan"], default="euclidean")
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(args) -> int:
    from saferplaces.evidence.events import load_events
    from saferplaces.evidence.near_repeat import near_repeat_chains

    events = load_events(args.events)
    result = near_repeat_chains(events, distance=args.distance, days=args.days, metric=args.metric)
    chains = [{"size": int(size), "ids": [str(events.ids[i]) for i in result.members(number)]}
              for number, size in enumerate(result.sizes)]
    if args.json:
        print(json.dumps({
            "distance": result.distance, "days": result.days, "metric": result.metric,
            "events": result.events, "events_in_chains": result.events_in_chains, "links": result.links,
            "distribution": [{"size": size, "chains": count} for size, count in result.distribution],
            "chains": chains, "convention": result.convention,
        }, indent=2))
        return 0
    share = result.events_in_chains / result.events if result.events else 0.0
    print(f"{len(chains):,} near-repeat chains holding {result.events_in_chains:,} of {result.events:,} "
          f"events ({share:.1%})")
    print(result.convention)
    print("chain size   chains")
    for size, count in result.distribution:
        print(f"{size:>10}   {count:>6,}")
    for number, chain in enumerate(chains[:10]):
        shown = ", ".join(chain["ids"][:8]) + (" …" if chain["size"] > 8 else "")
        print(f"  chain {number + 1}: {chain['size']} events: {shown}")
    return 0
