"""saferplaces repeats: repeat victimisation (Farrell & Pease 1993; Pease 1998)."""

NAME = "repeats"
HELP = "Repeat victimisation: prevalence, incidence, concentration, repeat rates, time to repeat"
HINTS = {"look-back": "--lookback-days", "crime groups": "--groups"}


def add_arguments(parser):
    parser.add_argument("path", metavar="VICTIMS.csv",
                        help="victim records: victim_id, date (YYYY-MM-DD), crime_type [, attempt, address, area]")
    parser.add_argument("--groups", help="JSON file: group name -> list of crime types counted as the same type")
    parser.add_argument("--lookback-days", type=int, default=365, help="look-back for a repeat (default 365)")
    parser.add_argument("--population", type=int, help="residents, for rates per 1,000")
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(args) -> int:
    # Imported here, not at the top: the API loads scipy and pandas, and `saferplaces --help`
    # would wait for them (0.1 s to over 1 s, measured).
    from saferplaces.evidence import api

    report = api.repeats(args.path, groups=args.groups, lookback_days=args.lookback_days,
                         population=args.population)
    if args.json:
        print(api.to_json(report))
        return 0
    o = report.overall
    print(report.note)
    print(f"{o.events:,} events, {o.victims:,} victims, {o.concentration or 0:.2f} events per victim")
    if o.victims:
        print(f"repeat victims {o.repeat_victims:,} ({o.repeat_victim_rate:.1%}), suffering "
              f"{o.share_of_events_to_repeat_victims:.1%} of events; {o.repeat_events:,} repeat events")
    for w, within in o.repeats_within.items():
        if within["share_of_repeats"] is not None:
            print(f"  repeats within {w} days: {within['repeats']:,} ({within['share_of_repeats']:.1%})")
    for name, s in report.by_group.items():
        rate = f"{s.repeat_victim_rate:.1%}" if s.repeat_victim_rate is not None else "-"
        print(f"  {name:<20} {s.events:>8,} events {s.victims:>8,} victims  repeat-victim rate {rate}")
    return 0
