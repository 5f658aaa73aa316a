"""saferplaces chains: near-repeat chains, events linked within a distance and a number of days."""

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
    # Imported here, not at the top: the API loads scipy and pandas, and `saferplaces --help`
    # would wait for them (0.1 s to over 1 s, measured).
    from saferplaces.evidence import api

    result = api.near_repeat_chains(args.events, distance=args.distance, days=args.days, metric=args.metric)
    if args.json:
        print(api.to_json(result))
        return 0
    share = result.events_in_chains / result.events if result.events else 0.0
    print(f"{len(result.chains):,} near-repeat chains holding {result.events_in_chains:,} of {result.events:,} "
          f"events ({share:.1%})")
    print(result.convention)
    print("chain size   chains")
    for count in result.distribution:
        print(f"{count.size:>10}   {count.chains:>6,}")
    for number, chain in enumerate(result.chains[:10]):
        shown = ", ".join(chain.ids[:8]) + (" …" if chain.size > 8 else "")
        print(f"  chain {number + 1}: {chain.size} events: {shown}")
    return 0
