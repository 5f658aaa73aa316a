"""saferplaces vli: the Vulnerable Localities Index from a per-area input table."""

import json

NAME = "vli"
HELP = "Vulnerable Localities Index (Chainey 2008) from a per-LSOA or per-ward input CSV"


def add_arguments(parser):
    parser.add_argument("input", metavar="INPUT.csv", help="per-area inputs (see docs/data-dictionary/vli-inputs.md)")
    parser.add_argument("--reference", help="comma-separated codes forming the reference area (default: all rows)")
    parser.add_argument("--by", choices=["lsoa", "ward"], default="lsoa",
                        help="ward: sum LSOA rows by their ward_code first")
    parser.add_argument("--json", action="store_true")


def run(args) -> int:
    from saferplaces.evidence.vli import aggregate, compute, read_inputs

    inputs = read_inputs(args.input)
    if args.by == "ward":
        inputs = aggregate(inputs, "ward")
    reference = [c.strip() for c in args.reference.split(",") if c.strip()] if args.reference else None
    result = compute(inputs, reference)
    if args.json:
        print(json.dumps({
            "by": args.by,
            "reference": list(result.reference_codes),
            "denominators": dict(result.denominators),
            "notes": list(result.proxy_notes),
            "units": [{"code": u.code, "name": u.name, "vli": round(u.vli, 2),
                       "indices": {k: round(v, 2) for k, v in u.indices.items()}} for u in result.units],
        }, indent=2))
        return 0
    print(f"Vulnerable Localities Index by {args.by} (reference area = 100)")
    for unit in result.units:
        print(f"  {unit.code:<10} {unit.name:<32} {unit.vli:7.1f}")
    for note in result.proxy_notes:
        print(f"Note: {note}")
    return 0
