"""saferplaces quality: the data-quality report of police.uk files, without analysing them."""

NAME = "quality"
HELP = "Data-quality report of police.uk files: rows by force and month, gaps, blanks, duplicates, drops"


def add_arguments(parser):
    parser.add_argument("paths", nargs="+", metavar="PATH", help="police.uk files, folders or archive zips")
    parser.add_argument("--geography", action="append", help="boundaries to place rows without an LSOA")
    parser.add_argument("--force", help="the force of the area API records were fetched for (e.g. metropolitan); "
                        "the API marks records only Force or BTP")
    parser.add_argument("--json", action="store_true")


def run(args) -> int:
    # Imported here, not at the top: the API loads scipy and pandas, and `saferplaces --help`
    # would wait for them (0.1 s to over 1 s, measured).
    from saferplaces.evidence import api

    quality = api.quality_report(args.paths, args.geography, force=args.force)
    if args.json:
        print(api.to_json(quality))
        return 0
    for line in quality.findings():
        print(line)
    return 0
