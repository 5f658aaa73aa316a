"""saferplaces synth-people: write synthetic partner person records with known truth."""

from saferplaces.evidence import api

NAME = "synth-people"
HELP = "Write synthetic partner person records (one CSV per agency) with the true person in column 'person'"


def add_arguments(parser):
    parser.add_argument("outdir", metavar="OUTDIR")
    parser.add_argument("--records", type=int, default=10000, help="records across all agencies")
    parser.add_argument("--seed", type=int, default=1)


def run(args) -> int:
    written = api.synthetic_people(args.outdir, records=args.records, seed=args.seed)
    folder = written.folder
    print(f"Wrote {written.records:,} records of {written.people:,} people to {folder}/ "
          f"({', '.join(written.sources)}); link them with: saferplaces link {folder}/*.csv "
          f"--out clusters.csv --truth-column person --json")
    return 0
