"""saferplaces concentration: how concentrated crime is across wards or LSOAs."""

import json

NAME = "concentration"
HELP = "Counts, shares, top-3 share, Gini and generalized Gini of crime by ward or LSOA"


def add_arguments(parser):
    parser.add_argument("paths", nargs="+", metavar="PATH", help="police.uk files, folders or archive zips")
    parser.add_argument("--by", choices=["ward", "lsoa"], required=True)
    parser.add_argument("--lookup", help="ONS LSOA-to-ward lookup CSV (needed for --by ward without --geography)")
    parser.add_argument("--geography", action="append",
                        help="folder of boundary GeoJSON and lookup CSV files (may be repeated)")
    parser.add_argument("--include-asb", action="store_true", help="count anti-social behaviour too")
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(args) -> int:
    from pathlib import Path

    from saferplaces.evidence.areas import count_by_area
    from saferplaces.evidence.concentration import concentration
    from saferplaces.evidence.geography import Geography, load_geography
    from saferplaces.evidence.load import load_police

    geography = load_geography(args.geography) if args.geography else None
    if args.lookup:
        geography = geography or Geography()
        if not geography.add_lookup(Path(args.lookup)):
            from saferplaces.evidence.errors import EvidenceError

            raise EvidenceError(f"{args.lookup}: not an LSOA-to-ward lookup (no LSOA..CD and WD..CD columns)")
    data = load_police(args.paths, geography)
    counts = count_by_area(data.con, args.by, geography, include_asb=args.include_asb)
    result = concentration(counts.codes, counts.names, counts.counts, k=3)
    payload = {
        "by": args.by,
        "total": result.total,
        "areas": [{"code": a.code, "name": a.name, "count": a.count, "share": a.share} for a in result.areas],
        "top3_share": result.top_k_share,
        "gini": result.gini,
        "generalized_gini": result.generalized_gini,
        "unassigned": counts.unassigned,
        "include_asb": args.include_asb,
    }
    if args.json:
        print(json.dumps(payload, indent=2))
        return 0
    print(f"{result.total:,} crimes by {args.by}; top 3 hold {result.top_k_share:.1%}; "
          f"Gini {result.gini:.3f}, generalized Gini {result.generalized_gini:.3f}")
    for area in result.areas:
        print(f"  {area.code:<10} {area.name:<32} {area.count:>8,} {area.share:>7.1%}")
    if counts.unassigned:
        print(f"  ({counts.unassigned:,} rows outside the areas or with no LSOA are not counted)")
    return 0
