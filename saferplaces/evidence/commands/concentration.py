"""saferplaces concentration: how concentrated crime is across wards or LSOAs."""

NAME = "concentration"
HELP = "Counts, shares, top-3 share, Gini and generalized Gini of crime by ward or LSOA"
HINTS = {"LSOA-to-ward lookup": "--lookup", "ward boundaries": "--geography"}


def add_arguments(parser):
    parser.add_argument("paths", nargs="+", metavar="PATH", help="police.uk files, folders or archive zips")
    parser.add_argument("--by", choices=["ward", "lsoa"], required=True)
    parser.add_argument("--lookup", help="ONS LSOA-to-ward lookup CSV (needed for --by ward without --geography)")
    parser.add_argument("--geography", action="append",
                        help="folder of boundary GeoJSON and lookup CSV files (may be repeated)")
    parser.add_argument("--include-asb", action="store_true", help="count anti-social behaviour too")
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(args) -> int:
    # Imported here, not at the top: the API loads scipy, pandas and numba, and `saferplaces --help`
    # would wait for them (0.1 s to over 1 s, measured).
    from saferplaces.evidence import api

    result = api.area_concentration(args.paths, by=args.by, geography=args.geography, lookup=args.lookup,
                                    include_asb=args.include_asb)
    if args.json:
        print(api.to_json(result))
        return 0
    print(f"{result.total:,} crimes by {args.by}; top 3 hold {result.top3_share:.1%}; "
          f"Gini {result.gini:.3f}, generalized Gini {result.generalized_gini:.3f}")
    for area in result.areas:
        print(f"  {area.code:<10} {area.name:<32} {area.count:>8,} {area.share:>7.1%}")
    if result.unassigned:
        print(f"  ({result.unassigned:,} rows outside the areas or with no LSOA are not counted)")
    if result.rates is not None:
        _print_rates(result.rates)
    return 0


def _print_rates(rates) -> None:
    print(f"Crimes a year per 1,000 residents ({rates.residents_source}, {rates.months} months), highest first"
          + (f"; per 1,000 workday population ({rates.workday_source})" if rates.workday_source else ""))
    for area in rates.areas:
        rate = "-" if area.per_1000_residents is None else f"{area.per_1000_residents:,.1f}"
        workday = "" if area.per_1000_workday is None else f" {area.per_1000_workday:>10,.1f}"
        caution = f"  [{area.caution}: a rate per resident misleads here]" if area.caution else ""
        print(f"  {area.code:<10} {area.name:<32} {rate:>10}{workday}{caution}")
