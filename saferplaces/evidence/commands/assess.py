"""saferplaces assess: the strategic assessment as one self-contained HTML report (and JSON)."""

NAME = "assess"
HELP = "Strategic assessment report (HTML, optionally JSON) from police.uk files"
HINTS = {"report file": "--out", "JSON summary file": "--json",
         "the recorded crime": "--recorded-crime-period", "is not a year": "--recorded-crime-period"}


def add_arguments(parser):
    parser.add_argument("paths", nargs="+", metavar="PATH", help="police.uk files, folders or archive zips")
    parser.add_argument("--geography", metavar="DIR", action="append",
                        help="folder of boundaries (GeoJSON), LSOA-to-ward lookup and deprivation files; "
                             "may be given more than once")
    parser.add_argument("--out", required=True, metavar="report.html")
    parser.add_argument("--json", metavar="summary.json", help="also write the results as JSON")
    parser.add_argument("--title")
    parser.add_argument("--harm", default="css-style", help="css-style, chi-style or a CSV of crime_type,weight")
    parser.add_argument("--events", metavar="EVENTS.csv",
                        help="events with exact dates (id, date, x/y or longitude/latitude) for the near-repeat "
                             "(Knox) table; police.uk dates are months, so it needs a force or partner extract")
    parser.add_argument("--recorded-crime", metavar="TABLE.csv",
                        help="the force's recorded crime by LSOA (MPS tables): the VLI's burglary and criminal "
                             "damage come from it instead of police.uk")
    parser.add_argument("--recorded-crime-period", metavar="YYYY",
                        help="year (or YYYY-MM) of the recorded crime for the VLI (default: the data's last year)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--crime-type", metavar="TYPE",
                        help='also map the hot spots of this police.uk crime type, as in the CSV "Crime type" '
                             'column (e.g. "Burglary")')
    parser.add_argument("--vli-reference", metavar="PATH", action="append",
                        help="deprivation files (or folders of them) for a wider area, e.g. all London LSOAs: the "
                             "VLI is indexed to that area (= 100); the police files must cover it too. Repeatable")
    parser.add_argument("--vli-reference-name", metavar="NAME", help='the reference area\'s name, e.g. "London"')


def run(args) -> int:
    # Imported here, not at the top: the API loads scipy, pandas and numba, and `saferplaces --help`
    # would wait for them (0.1 s to over 1 s, measured).
    from saferplaces.evidence import api

    assessment = api.strategic_assessment(args.paths, args.geography, report=args.out, summary=args.json,
                                          title=args.title, harm=args.harm, events=args.events, seed=args.seed,
                                          recorded_crime=args.recorded_crime,
                                          recorded_period=args.recorded_crime_period,
                                          crime_type=args.crime_type, vli_reference=args.vli_reference,
                                          vli_reference_name=args.vli_reference_name)
    for line in assessment.headlines:
        print(line)
    print(f"Report written to {args.out}" + (f" and {args.json}" if args.json else ""))
    return 0
