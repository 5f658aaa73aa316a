"""saferplaces link: person linkage across partner record files (Splink)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from saferplaces.evidence.outputs import check_files, replacing
from saferplaces.tabular import safe_cell

if TYPE_CHECKING:
    import pandas as pd

NAME = "link"
HINTS = {"clusters file": "--out", "review file": "--review-out", "quality file": "--quality-out",
         "column map (field=column)": "--columns or --column-map"}
HELP = "Link person records across agencies into people (Splink); write source,record_id,person_id"
#: the review CSV: both records, the scores, then how each comparison agreed
REVIEW_COLUMNS = ["source_l", "record_id_l", "source_r", "record_id_r", "match_probability", "match_weight",
                  "name", "dob", "location", "sex", "pnc", "nhs", "crn"]


#: quality notes printed in the text summary (all are in --json and --quality-out)
SHOWN_NOTES = 20


def column_pairs(text: str) -> dict[str, list[str]]:
    """``forename=First Name,dob=Date of Birth`` as field → headers (a field may come twice)."""
    pairs: dict[str, list[str]] = {}
    for part in text.split(","):
        field, sep, header = part.partition("=")
        if not sep or not field.strip() or not header.strip():
            raise argparse.ArgumentTypeError(f"{part.strip()!r} is not field=column")
        pairs.setdefault(field.strip(), []).append(header.strip())
    return pairs


def add_arguments(parser):
    parser.add_argument("paths", nargs="+", metavar="RECORDS.csv",
                        help="record CSVs (UTF-8, Windows-1252 or gzip): record_id, forename, surname "
                             "[, source (else the file name), dob (dd/mm/yyyy, d/m/yyyy or yyyy-mm-dd), postcode, "
                             "address, sex, pnc_id, nhs_number, crn]")
    parser.add_argument("--columns", type=column_pairs, action="append", default=[],
                        metavar="FIELD=COLUMN,...",
                        help="the files' own column names, e.g. 'forename=First Name,dob=Date of Birth' "
                             "(repeatable; a field may be given one column per partner)")
    parser.add_argument("--column-map", metavar="MAP.csv",
                        help="the same as a CSV with columns field,column (one row per column)")
    parser.add_argument("--quality-out", metavar="QUALITY.csv",
                        help="write the quality notes (dates of birth that are not real dates, kept and compared "
                             "as written; files without dates of birth) to this CSV")
    parser.add_argument("--out", required=True, help="clusters CSV to write (source,record_id,person_id)")
    parser.add_argument("--truth-column", help="column holding the true person, to measure accuracy")
    parser.add_argument("--json", action="store_true", help="print a JSON summary")
    parser.add_argument("--backend", choices=["duckdb", "spark"], default="duckdb")
    spark = parser.add_argument_group(
        "Spark backend", "each defaults to its environment variable (SAFERPLACES_SPARK_MASTER, ...), then to the "
                         "value shown; see docs/linkage.md")
    spark.add_argument("--spark-master", metavar="URL",
                       help="local[*] (this machine; the default) or a cluster: spark://host:7077, yarn, k8s://...")
    spark.add_argument("--spark-driver-memory", metavar="SIZE", help="the driver's heap, e.g. 8g (default 6g)")
    spark.add_argument("--spark-executor-memory", metavar="SIZE", help="each executor's heap (default 4g)")
    spark.add_argument("--spark-work-dir", metavar="FOLDER",
                       help="Spark's scratch folder (shuffle spills, intermediate tables); default a temporary one")
    spark.add_argument("--spark-checkpoint-dir", metavar="URL",
                       help="on a cluster, a folder every executor reaches (hdfs://..., s3a://...) for "
                            "intermediate tables")
    spark.add_argument("--spark-partitions", type=int, metavar="N",
                       help="shuffle partitions (default 16: a few per core; more on a cluster)")
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
    # Imported here, not at the top: the API loads Splink, scipy and pandas, and `saferplaces --help`
    # would wait for them.
    from saferplaces.evidence import api

    # Checked before the linkage (minutes on large files), so that a wrong path fails at once.
    outputs = check_files({"clusters file": args.out, "review file": args.review_out,
                           "quality file": args.quality_out})
    columns: dict[str, list[str]] = {}
    for given in args.columns:
        for field, headers in given.items():
            columns.setdefault(field, []).extend(headers)
    linkage = api.link_files(args.paths, purpose=args.purpose, backend=args.backend, previous=args.previous,
                             labels=args.labels, evaluate=args.evaluate, truth_column=args.truth_column,
                             seed=args.seed, columns=columns, column_map=args.column_map,
                             spark={"master": args.spark_master, "driver_memory": args.spark_driver_memory,
                                    "executor_memory": args.spark_executor_memory, "work_dir": args.spark_work_dir,
                                    "checkpoint_dir": args.spark_checkpoint_dir, "partitions": args.spark_partitions})
    _write(linkage.result.clusters, outputs["clusters file"])
    if args.review_out:
        _write(linkage.result.review[REVIEW_COLUMNS], outputs["review file"])
    summary = linkage.summary
    if args.quality_out:
        # Imported here: pandas is loaded by the API by now; at the top it would slow `--help`.
        import pandas as pd

        notes = pd.DataFrame([vars(n) for n in summary.quality],
                             columns=["file", "line", "column", "value", "problem", "action"])
        _write(notes.astype({"line": "Int64"}), outputs["quality file"])  # a whole-file note has no line
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
    if summary.quality:
        print(f"quality: {len(summary.quality):,} note(s)")
        for note in summary.quality[:SHOWN_NOTES]:
            where = f"{note.file} line {note.line}" if note.line is not None else note.file
            value = f" {note.value!r}" if note.value else ""
            print(f"  {where}: {note.column}{value}: {note.problem}; {note.action}")
        if len(summary.quality) > SHOWN_NOTES:
            print(f"  ... and {len(summary.quality) - SHOWN_NOTES:,} more (--quality-out or --json lists them all)")
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
