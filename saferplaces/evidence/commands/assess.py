"""saferplaces assess: the strategic assessment as one self-contained HTML report (and JSON)."""

NAME = "assess"
HELP = "Strategic assessment report (HTML, optionally JSON) from police.uk files"
HINTS = {"no local authority": "--area", "choosing local authorities": "--geography"}


def add_arguments(parser):
    parser.add_argument("paths", nargs="+", metavar="PATH", help="police.uk files, folders or archive zips")
    parser.add_argument("--geography", metavar="DIR", action="append",
                        help="folder of boundaries (GeoJSON), LSOA-to-ward lookup and deprivation files; "
                             "may be given more than once")
    parser.add_argument("--out", required=True, metavar="report.html")
    parser.add_argument("--json", metavar="summary.json", help="also write the results as JSON")
    parser.add_argument("--title")
    parser.add_argument("--area", action="append", metavar="LAD",
                        help="local authority to assess, by code or name, or a region's name when a region "
                             "lookup is in --geography (repeatable); by default those the data falls in")
    parser.add_argument("--harm", default="css-style", help="css-style, chi-style or a CSV of crime_type,weight")
    parser.add_argument("--events", metavar="EVENTS.csv",
                        help="events with exact dates (id, date, x/y or longitude/latitude) for the near-repeat "
                             "(Knox) table; police.uk dates are months, so it needs a force or partner extract")
    parser.add_argument("--seed", type=int, default=1)


def run(args) -> int:
    # Imported here, not at the top: the API loads scipy, pandas and numba, and `saferplaces --help`
    # would wait for them (0.1 s to over 1 s, measured).
    from saferplaces.evidence import api

    assessment = api.strategic_assessment(args.paths, args.geography, report=args.out, summary=args.json,
                                          title=args.title, harm=args.harm, events=args.events, seed=args.seed,
                                          areas=args.area)
    for line in assessment.headlines:
        print(line)
    print(f"Report written to {args.out}" + (f" and {args.json}" if args.json else ""))
    return 0
