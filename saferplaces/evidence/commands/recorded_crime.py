"""saferplaces recorded-crime: the force's recorded-crime counts by LSOA as the count source."""

NAME = "recorded-crime"
HELP = ("Recorded crime by LSOA (MPS tables): totals by year or month, the change on the period before, "
        "and concentration by ward or LSOA")
HINTS = {"LSOA-to-ward lookup": "--lookup", "ward boundaries": "--geography", "the recorded crime": "--period",
         "is not a year": "--period"}


def add_arguments(parser):
    parser.add_argument("table", metavar="TABLE.csv",
                        help="recorded crime by LSOA: an LSOA code column, optional category columns and one "
                             "column per year (YYYY) or month (YYYYMM)")
    parser.add_argument("--by", choices=["ward", "lsoa"], default="lsoa")
    parser.add_argument("--lookup", help="ONS LSOA-to-ward lookup CSV (needed for --by ward without --geography)")
    parser.add_argument("--geography", action="append",
                        help="folder of boundary GeoJSON and lookup CSV files (may be repeated)")
    parser.add_argument("--period", help="year (YYYY) or month (YYYY-MM) to count the areas over "
                                         "(default: the latest year, or the last 12 months)")
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(args) -> int:
    # Imported here, not at the top: the API loads scipy, pandas and numba, and `saferplaces --help`
    # would wait for them (0.1 s to over 1 s, measured).
    from saferplaces.evidence import api

    result = api.recorded_crime(args.table, by=args.by, geography=args.geography, lookup=args.lookup,
                                period=args.period)
    if args.json:
        print(api.to_json(result))
        return 0
    print(f"{result.source}: recorded crime by {result.resolution}, {result.periods[0]} to {result.periods[-1]}")
    if result.not_summed:
        print(f"  ({', '.join(result.not_summed)} not summed: parts of other categories)")
    if result.all_zero:
        print(f"  ({', '.join(result.all_zero)}: 0 in every LSOA and period, probably not published; "
              "the totals do not include them)")
    print("  " + ", ".join(f"{p} {'no data' if n is None else f'{n:,}'}"
                           for p, n in zip(result.periods, result.totals, strict=True)))
    change = result.change
    if change is not None:
        p = "p < 0.001" if change.test.p_value < 0.001 else f"p = {change.test.p_value:.3f}"
        print(f"{change.current_period}: {change.current:,} against {change.previous:,} in {change.previous_period} "
              f"({change.percent_change or 0:+.1f}%; E-test {p})")
    a = result.areas
    print(f"{result.period}: {a.total:,} crimes by {a.by}; top 3 hold {a.top3_share:.1%}; "
          f"Gini {a.gini:.3f}, generalized Gini {a.generalized_gini:.3f}")
    for area in a.areas:
        print(f"  {area.code:<10} {area.name:<32} {area.count:>8,} {area.share:>7.1%}")
    if a.unassigned:
        print(f"  ({a.unassigned:,} crimes in LSOAs outside the areas are not counted)")
    return 0
