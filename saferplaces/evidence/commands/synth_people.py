"""saferplaces synth-people: write synthetic partner person records with known truth."""

NAME = "synth-people"
HINTS = {"number of records": "--records"}
HELP = "Write synthetic partner person records (one CSV per agency) with the true person in column 'person'"


def add_arguments(parser):
    parser.add_argument("outdir", metavar="OUTDIR")
    parser.add_argument("--records", type=int, default=10000, help="records across all agencies")
    parser.add_argument("--seed", type=int, default=1)


def run(args) -> int:
    # Imported here, not at the top: the API loads scipy and pandas, and `saferplaces --help`
    # would wait for them (0.1 s to over 1 s, measured).
    from saferplaces.evidence import api

    written = api.synthetic_people(args.outdir, records=args.records, seed=args.seed)
    folder = written.folder
    print(f"Wrote {written.records:,} records of {written.people:,} people to {folder}/ "
          f"({', '.join(written.sources)}); link them with: saferplaces link {folder}/*.csv "
          f"--out clusters.csv --truth-column person --json")
    return 0
