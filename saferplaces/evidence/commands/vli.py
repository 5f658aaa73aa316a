"""saferplaces vli: the Vulnerable Localities Index from a per-area input table."""

NAME = "vli"
HELP = "Vulnerable Localities Index (Chainey 2008) from a per-LSOA or per-ward input CSV"


def add_arguments(parser):
    parser.add_argument("input", metavar="INPUT.csv", help="per-area inputs (see docs/data-dictionary/vli-inputs.md)")
    parser.add_argument("--reference", help="comma-separated codes forming the reference area (default: all rows)")
    parser.add_argument("--by", choices=["lsoa", "ward"], default="lsoa",
                        help="ward: sum LSOA rows by their ward_code first")
    parser.add_argument("--json", action="store_true")


def run(args) -> int:
    # Imported here, not at the top: the API loads scipy, pandas and numba, and `saferplaces --help`
    # would wait for them (0.1 s to over 1 s, measured).
    from saferplaces.evidence import api

    reference = [c.strip() for c in args.reference.split(",") if c.strip()] if args.reference else None
    result = api.vulnerable_localities(args.input, by=args.by, reference=reference)
    if args.json:
        print(api.to_json(result))
        return 0
    print(f"Vulnerable Localities Index by {args.by} (reference area = 100)")
    for unit in result.units:
        print(f"  {unit.code:<10} {unit.name:<32} {unit.vli:7.1f}")
    for note in result.notes:
        print(f"Note: {note}")
    for unit in result.units:
        for indicator, codes in unit.suppressed.items():
            how = ("no index; the VLI averages the other indicators" if unit.indices[indicator] is None
                   else "rate over the other LSOAs")
            print(f"Suppressed: {unit.name} {indicator.replace('_', ' ')} in {', '.join(codes)} ({how})")
    return 0
