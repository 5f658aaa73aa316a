"""saferplaces quality: the data-quality report of police.uk files, without analysing them."""

import json

NAME = "quality"
HELP = "Data-quality report of police.uk files: rows by force and month, gaps, blanks, duplicates, drops"


def add_arguments(parser):
    parser.add_argument("paths", nargs="+", metavar="PATH", help="police.uk files, folders or archive zips")
    parser.add_argument("--geography", action="append", help="boundaries to place rows without an LSOA")
    parser.add_argument("--json", action="store_true")


def run(args) -> int:
    from saferplaces.evidence.geography import load_geography
    from saferplaces.evidence.load import load_police

    geography = load_geography(args.geography) if args.geography else None
    quality = load_police(args.paths, geography).quality
    if args.json:
        print(json.dumps(quality.to_dict(), indent=2, default=str))
        return 0
    for line in quality.findings():
        print(line)
    return 0
