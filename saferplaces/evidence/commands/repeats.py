"""saferplaces repeats: repeat victimisation (Farrell & Pease 1993; Pease 1998)."""

import json

NAME = "repeats"
HELP = "Repeat victimisation: prevalence, incidence, concentration, repeat rates, time to repeat"


def add_arguments(parser):
    parser.add_argument("path", metavar="VICTIMS.csv",
                        help="victim records: victim_id, date (YYYY-MM-DD), crime_type [, attempt, address, area]")
    parser.add_argument("--groups", help="JSON file: group name -> list of crime types counted as the same type")
    parser.add_argument("--lookback-days", type=int, default=365, help="look-back for a repeat (default 365)")
    parser.add_argument("--population", type=int, help="residents, for rates per 1,000")
    parser.add_argument("--json", action="store_true", help="print JSON")


def _groups(path):
    from pathlib import Path

    from saferplaces.evidence.errors import EvidenceError

    if path is None:
        return None
    try:
        groups = json.loads(Path(path).read_text())
    except (OSError, ValueError) as error:
        raise EvidenceError(f"--groups {path}: not a readable JSON file ({error})") from error
    if not isinstance(groups, dict) or not all(
            isinstance(v, list) and all(isinstance(t, str) for t in v) for v in groups.values()):
        raise EvidenceError(f"--groups {path}: must be an object of group name -> list of crime types")
    return groups


def run(args) -> int:
    from dataclasses import asdict

    from saferplaces.evidence.errors import EvidenceError
    from saferplaces.evidence.repeats import load_victimisations, repeat_victimisation

    if args.lookback_days < 1:
        raise EvidenceError("--lookback-days must be at least 1")
    data = load_victimisations(args.path)
    report = repeat_victimisation(data, groups=_groups(args.groups), lookback_days=args.lookback_days,
                                  population=args.population)
    payload = asdict(report)
    if args.json:
        print(json.dumps(payload, indent=2))
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
