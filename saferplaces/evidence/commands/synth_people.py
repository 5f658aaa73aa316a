"""saferplaces synth-people: write synthetic partner person records with known truth."""

NAME = "synth-people"
HELP = "Write synthetic partner person records (one CSV per agency) with the true person in column 'person'"


def add_arguments(parser):
    parser.add_argument("outdir", metavar="OUTDIR")
    parser.add_argument("--records", type=int, default=10000, help="records across all agencies")
    parser.add_argument("--seed", type=int, default=1)


def run(args) -> int:
    from pathlib import Path

    from saferplaces.evidence.errors import EvidenceError
    from saferplaces.evidence.synthetic.people import generate_people

    if args.records < 1:
        raise EvidenceError("--records must be at least 1")
    folder = Path(args.outdir)
    folder.mkdir(parents=True, exist_ok=True)
    data = generate_people(args.records, seed=args.seed)
    for source, part in data.groupby("source"):
        part.to_csv(folder / f"{source}.csv", index=False)
    print(f"Wrote {len(data):,} records of {data['person'].nunique():,} people to {folder}/ "
          f"({', '.join(sorted(data['source'].unique()))}); link them with: saferplaces link {folder}/*.csv "
          f"--out clusters.csv --truth-column person --json")
    return 0
