"""saferplaces link: person linkage across partner record files (Splink)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from saferplaces.evidence.outputs import check_files, replacing
from saferplaces.tabular import safe_cell

if TYPE_CHECKING:
    import pandas as pd

NAME = "link"
HINTS = {"clusters file": "--out", "review file": "--review-out"}
HELP = "Link person records across agencies into people (Splink); write source,record_id,person_id"
#: the review CSV: both records, the scores, then how each comparison agreed
REVIEW_COLUMNS = ["source_l", "record_id_l", "source_r", "record_id_r", "match_probability", "match_weight",
                  "name", "dob", "location", "sex", "pnc", "nhs", "crn"]


def add_arguments(parser):
    parser.add_argument("paths", nargs="+", metavar="RECORDS.csv",
                        help="record CSVs: source, record_id, forename, surname, dob, postcode "
                             "[, address, sex, pnc_id, nhs_number, crn]")
    parser.add_argument("--out", required=True, help="clusters CSV to write (source,record_id,person_id)")
    parser.add_argument("--truth-column", help="column holding the true person, to measure accuracy")
    parser.add_argument("--json", action="store_true", help="print a JSON summary")
    parser.add_argument("--backend", choices=["duckdb", "spark"], default="duckdb")
    parser.add_argument("--previous", help="the previous run's clusters CSV: people keep their ids")
    parser.add_argument("--labels", help="clerical labels CSV: source_l, record_id_l, source_r, "
                                         "record_id_r, same_person (true/false)")
    parser.add_argument("--evaluate", metavar="PAIRS.csv",
                        help="labelled pairs (same columns as --labels) to measure accuracy against, "
                             "without applying them")
    # No argparse choices: the API checks the purpose and names the ones it knows (importing it here would
    # load Splink before --help).
    parser.add_argument("--purpose", default="repeat-counting",
                        help="cohort-overlap favours precision; repeat-counting (the default) balances precision "
                             "and recall")
    parser.add_argument("--review-out", help="write the pairs waiting for clerical review to this CSV")
    parser.add_argument("--seed", type=int, default=1, help="seed for the training samples")


def run(args) -> int:
    # Imported here, not at the top: the API loads Splink, scipy, pandas and numba, and `saferplaces --help`
    # would wait for them.
    from saferplaces.evidence import api

    # Checked before the linkage (minutes on large files), so that a wrong path fails at once.
    outputs = check_files({"clusters file": args.out, "review file": args.review_out})
    linkage = api.link_files(args.paths, purpose=args.purpose, backend=args.backend, previous=args.previous,
                             labels=args.labels, evaluate=args.evaluate, truth_column=args.truth_column,
                             seed=args.seed)
    _write(linkage.result.clusters, outputs["clusters file"])
    if args.review_out:
        _write(linkage.result.review[REVIEW_COLUMNS], outputs["review file"])
    summary = linkage.summary
    if args.json:
        print(api.to_json(summary))
        return 0
    print(f"{summary.records:,} records -> {summary.people:,} people ({summary.purpose}, link at "
          f"{summary.link_threshold}; {summary.model}); {summary.review_pairs:,} pairs for review; "
          f"{summary.seconds} s")
    if summary.labelled_pairs is not None:
        lp = summary.labelled_pairs
        print(f"on {lp.pairs:,} labelled pairs: precision {lp.precision:.4f}, recall {lp.recall:.4f}, "
              f"F1 {lp.f1:.4f}")
    if summary.f1 is not None:
        print(f"pairwise precision {summary.pairwise_precision:.4f}, recall {summary.pairwise_recall:.4f}, "
              f"F1 {summary.f1:.4f}")
    return 0


def _write(frame: pd.DataFrame, path: Path) -> None:
    """CSV safe to open in a spreadsheet (partner-supplied text starting like a formula is guarded),
    written whole or not at all."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = [safe_cell(v) for v in frame[column]]
    with replacing(path) as temporary:
        frame.to_csv(temporary, index=False)
