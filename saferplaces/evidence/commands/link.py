"""saferplaces link: person linkage across partner record files (Splink)."""

import json

NAME = "link"
HELP = "Link person records across agencies into people (Splink); write source,record_id,person_id"


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
    parser.add_argument("--purpose", choices=["cohort-overlap", "repeat-counting"], default="repeat-counting",
                        help="cohort-overlap favours precision; repeat-counting balances precision and recall")
    parser.add_argument("--review-out", help="write the pairs waiting for clerical review to this CSV")
    parser.add_argument("--seed", type=int, default=1, help="seed for the training samples")


def _read_csv(path, what, need):
    from pathlib import Path

    import pandas as pd

    from saferplaces.evidence.errors import EvidenceError

    if not Path(path).is_file():
        raise EvidenceError(f"{what} {path}: no such file")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in frame.columns:  # undo the formula guard our own exports add (see _write)
        frame[column] = frame[column].str.replace(r"^'(?=[=+\-@\t\r])", "", regex=True)
    missing = [c for c in need if c not in frame.columns]
    if missing:
        raise EvidenceError(f"{what} {path}: missing column(s) {', '.join(missing)}")
    return frame


def run(args) -> int:
    from saferplaces.evidence.errors import EvidenceError
    from saferplaces.evidence.linkage import Training, link_records, pairwise_accuracy, read_records

    records = read_records(args.paths)
    if args.truth_column:
        column = args.truth_column.strip().lower()
        if column not in records.columns:
            raise EvidenceError(f"--truth-column {args.truth_column}: no such column in the record files")
        truth = records[column].fillna("").astype(str)
        blank = truth.str.strip() == ""
        if blank.any():
            first = records.loc[blank, ["_file", "_line"]].head(20).itertuples(index=False)
            raise EvidenceError(f"--truth-column {column} is blank on {int(blank.sum())} row(s): "
                                + ", ".join(f"{f} line {n}" for f, n in first))
    previous = _read_csv(args.previous, "--previous", ["source", "record_id", "person_id"]) if args.previous else None
    labels = (_read_csv(args.labels, "--labels", ["source_l", "record_id_l", "source_r", "record_id_r", "same_person"])
              if args.labels else None)
    check = (_read_csv(args.evaluate, "--evaluate", ["source_l", "record_id_l", "source_r", "record_id_r",
                                                     "same_person"]) if args.evaluate else None)
    result = link_records(records, purpose_name=args.purpose, backend=args.backend, previous=previous,
                          labels=labels, training=Training(seed=args.seed))
    _write(result.clusters, args.out)
    if args.review_out:
        columns = ["source_l", "record_id_l", "source_r", "record_id_r", "match_probability", "match_weight"]
        _write(result.review[columns], args.review_out)
    payload = {"records": len(result.clusters), "people": int(result.clusters["person_id"].nunique()),
               "purpose": result.purpose.name, "link_threshold": result.purpose.link,
               "review_pairs": len(result.review), "backend": args.backend}
    if args.truth_column:
        accuracy = pairwise_accuracy(result.clusters["person_id"], truth)
        payload.update(pairwise_precision=accuracy.pairwise_precision, pairwise_recall=accuracy.pairwise_recall,
                       f1=accuracy.f1)
    if check is not None:
        from saferplaces.evidence.linkage import labelled_pair_accuracy
        from saferplaces.evidence.linkage.clusters import label_pairs

        pairs = label_pairs(check, records)
        if len(pairs) == 0:
            raise EvidenceError(f"--evaluate {args.evaluate}: no pair names two records of these files")
        measured = labelled_pair_accuracy(result.clusters["person_id"].to_numpy(), pairs)
        payload["labelled_pairs"] = {"pairs": len(pairs), "precision": measured.pairwise_precision,
                                     "recall": measured.pairwise_recall, "f1": measured.f1}
    payload["seconds"] = round(result.seconds, 3)
    if args.json:
        print(json.dumps(payload, indent=2))
        return 0
    print(f"{payload['records']:,} records -> {payload['people']:,} people ({args.purpose}, link at "
          f"{result.purpose.link}); {payload['review_pairs']:,} pairs for review; {payload['seconds']} s")
    if check is not None:
        lp = payload["labelled_pairs"]
        print(f"on {lp['pairs']:,} labelled pairs: precision {lp['precision']:.4f}, recall {lp['recall']:.4f}, "
              f"F1 {lp['f1']:.4f}")
    if args.truth_column:
        print(f"pairwise precision {payload['pairwise_precision']:.4f}, recall {payload['pairwise_recall']:.4f}, "
              f"F1 {payload['f1']:.4f}")
    return 0


def _write(frame, path):
    """CSV safe to open in a spreadsheet: partner-supplied text starting like a formula is guarded."""
    from pathlib import Path

    from saferplaces.tabular import safe_cell

    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = [safe_cell(v) for v in frame[column]]
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)
