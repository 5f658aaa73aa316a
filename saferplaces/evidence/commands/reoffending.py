"""saferplaces reoffending: proven re-offending of a cohort before and after its start (MoJ measure)."""

NAME = "reoffending"
HELP = "Proven re-offending of a cohort (Ministry of Justice measure): rates before and after, with intervals"
HINTS = {"follow-up": "--follow-up", "waiting period": "--waiting", "weight table": "--harm",
         "comparison": "--comparison", "resamples": "--resamples"}


def add_arguments(parser):
    parser.add_argument("offences", metavar="OFFENCES.csv",
                        help="offences: person_id, offence_date, offence, outcome_date (blank: not proven) "
                             "[, outcome]")
    parser.add_argument("--cohort", required=True, metavar="COHORT.csv",
                        help="cohort: person_id, start_date [, observed_until]")
    parser.add_argument("--comparison", metavar="COMPARISON.csv", help="a comparison group, like --cohort")
    parser.add_argument("--follow-up", type=int, default=365, help="days of follow-up and of before (default 365)")
    parser.add_argument("--waiting", type=int, default=182,
                        help="days after the follow-up for an offence to be proven (default 182)")
    parser.add_argument("--harm", default="css-style", metavar="TABLE",
                        help="severity weights: css-style (default), chi-style or a CSV of crime_type,weight")
    parser.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the bootstrap (default 1)")
    parser.add_argument("--json", action="store_true", help="print JSON")


def _figure(estimate, percent=False) -> str:
    if estimate.value is None:
        return "-"
    show = (lambda v: f"{v:.1%}") if percent else (lambda v: f"{v:.2f}")
    interval = f" ({show(estimate.low)} to {show(estimate.high)})" if estimate.low is not None else ""
    return show(estimate.value) + interval


def run(args) -> int:
    # Imported here, not at the top: the API loads pandas, and `saferplaces --help` would wait for it.
    from saferplaces.evidence import api

    report = api.reoffending(args.offences, cohort=args.cohort, comparison=args.comparison,
                             follow_up=args.follow_up, waiting=args.waiting, harm=args.harm,
                             resamples=args.resamples, seed=args.seed)
    if args.json:
        print(api.to_json(report))
        return 0
    groups = [("cohort", report.cohort)] + ([("comparison", report.comparison)] if report.comparison else [])
    for name, g in groups:
        print(f"{name}: {g.people:,} people, {g.reoffenders:,} re-offenders, binary rate "
              f"{_figure(g.binary_rate, True)}")
        print(f"  offences per person before {_figure(g.offences_per_person_before)}, "
              f"after {_figure(g.offences_per_person_after)}")
        print(f"  severity per person before {_figure(g.severity_per_person_before)}, "
              f"after {_figure(g.severity_per_person_after)}")
    if report.difference_in_differences:
        for name, e in report.difference_in_differences.items():
            print(f"difference in differences, {name.replace('_', ' ')}: {_figure(e)}")
    for caveat in report.caveats:
        if caveat.applies:
            print(f"caveat, {caveat.name}: {caveat.reason}")
    return 0
