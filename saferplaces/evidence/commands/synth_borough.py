"""saferplaces synth-borough: write the fictional borough used by the demo, tests and benchmarks."""

NAME = "synth-borough"
HELP = "Write a synthetic borough: police.uk-format crime files and its geography and deprivation files"


def add_arguments(parser):
    parser.add_argument("outdir", metavar="OUTDIR")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--per-month", type=int, default=5000, help="crimes and ASB per month, on average")


def run(args) -> int:
    # Imported here, not at the top: the API loads scipy and pandas, and `saferplaces --help`
    # would wait for them (0.1 s to over 1 s, measured).
    from saferplaces.evidence import api

    borough = api.synthetic_borough(args.outdir, seed=args.seed, months=args.months, per_month=args.per_month)
    print(f"Wrote {borough.rows_written:,} rows over {len(borough.months)} months to {borough.folder}/police "
          f"the geography to {borough.folder}/geography and exact-date burglaries to {borough.burglary_extract}")
    return 0
