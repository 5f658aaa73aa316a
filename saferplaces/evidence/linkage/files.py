"""Linking record files (what the ``link`` command does): read the record files and the files that
go with them (previous clusters, clerical labels, pairs to evaluate against), link, and measure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from saferplaces.evidence.errors import InputError
from saferplaces.evidence.linkage import (
    DEFAULT_PURPOSE,
    Accuracy,
    LinkResult,
    QualityNote,
    Training,
    labelled_pair_accuracy,
    link_records,
    pairwise_accuracy,
)
from saferplaces.evidence.linkage.clusters import label_pairs
from saferplaces.evidence.linkage.columns import ColumnMap, read_column_map
from saferplaces.evidence.linkage.model import SparkConfig
from saferplaces.evidence.linkage.prepare import read_records, read_table
from saferplaces.evidence.serialise import json_meta

PAIR_COLUMNS = ["source_l", "record_id_l", "source_r", "record_id_r", "same_person"]


@dataclass(frozen=True)
class FileLinkage:
    """The people found in record files, and how accurate they are where that can be measured.

    Attributes
    ----------
    result : LinkResult
        Clusters, scored pairs and the review queue.
    backend : str
        ``duckdb`` or ``spark``.
    accuracy : Accuracy, optional
        Pairwise accuracy against the truth column, when one was named.
    labelled : Accuracy, optional
        Accuracy on the labelled pairs to evaluate against, when given.
    labelled_pairs : int
        How many of those pairs name two records of the files (the others are left out).
    """

    result: LinkResult
    backend: str
    accuracy: Accuracy | None = None
    labelled: Accuracy | None = None
    labelled_pairs: int = 0

    @property
    def summary(self) -> LinkSummary:
        """The counts and accuracies, without the record-level tables."""
        result = self.result
        labelled = None
        if self.labelled is not None:
            labelled = LabelledAccuracy(self.labelled_pairs, self.labelled.pairwise_precision,
                                        self.labelled.pairwise_recall, self.labelled.f1)
        return LinkSummary(
            records=len(result.clusters), people=int(result.clusters["person_id"].nunique()),
            purpose=result.purpose.name, link_threshold=result.purpose.link, review_pairs=len(result.review),
            backend=self.backend, model=result.model,
            pairwise_precision=None if self.accuracy is None else self.accuracy.pairwise_precision,
            pairwise_recall=None if self.accuracy is None else self.accuracy.pairwise_recall,
            f1=None if self.accuracy is None else self.accuracy.f1,
            labelled_pairs=labelled, seconds=round(result.seconds, 3), quality=result.quality)


@dataclass(frozen=True)
class LabelledAccuracy:
    """Accuracy measured on caseworkers' labelled pairs.

    Attributes
    ----------
    pairs : int
        Labelled pairs naming two records of the files.
    precision, recall, f1 : float
        Pairwise precision, recall and F1 on those pairs.
    """

    pairs: int
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class LinkSummary:
    """What a linkage of record files found, in numbers (the ``link`` command's JSON).

    Attributes
    ----------
    records, people : int
        Records linked and the people they make.
    purpose : str
        The linkage purpose, and ``link_threshold`` its match probability for linking.
    review_pairs : int
        Pairs waiting for a caseworker's decision.
    backend, model : str
        Where the model ran, and which parameters it used (trained or fixed).
    pairwise_precision, pairwise_recall, f1 : float, optional
        Against the truth column, when one was named.
    labelled_pairs : LabelledAccuracy, optional
        Against labelled pairs, when given.
    seconds : float
        Time taken.
    quality : tuple of QualityNote
        Each date of birth kept although it is not a real date (file, line, value, what was done),
        and each file without a date-of-birth column.
    """

    records: int
    people: int
    purpose: str
    link_threshold: float
    review_pairs: int
    backend: str
    model: str
    pairwise_precision: float | None = field(default=None, metadata=json_meta(optional=True))
    pairwise_recall: float | None = field(default=None, metadata=json_meta(optional=True))
    f1: float | None = field(default=None, metadata=json_meta(optional=True))
    labelled_pairs: LabelledAccuracy | None = field(default=None, metadata=json_meta(optional=True))
    seconds: float = 0.0
    quality: tuple[QualityNote, ...] = ()


def link_record_files(paths: Sequence[str | Path], *, purpose: str = DEFAULT_PURPOSE, backend: str = "duckdb",
                      previous: str | Path | None = None, labels: str | Path | None = None,
                      evaluate: str | Path | None = None, truth_column: str | None = None,
                      seed: int = 1, columns: ColumnMap | None = None,
                      column_map: str | Path | None = None,
                      spark: Mapping[str, str | int | None] | None = None) -> FileLinkage:
    """Link record files; see :func:`saferplaces.evidence.api.link_files`."""
    mapping = dict(read_column_map(column_map)) if column_map else {}
    for name, headers in (columns or {}).items():
        mapping[name] = (*mapping.get(name, ()), *((headers,) if isinstance(headers, str) else headers))
    records = read_records(list(paths), mapping)
    truth = None
    if truth_column:
        column = truth_column.strip().lower()
        if column not in records.columns:
            raise InputError(f"truth column {truth_column}: no such column in the record files")
        truth = records[column].fillna("").astype(str)
        blank = truth.str.strip() == ""
        if blank.any():
            first = records.loc[blank, ["_file", "_line"]].head(20).itertuples(index=False)
            raise InputError(f"truth column {column} is blank on {int(blank.sum())} row(s): "
                                + ", ".join(f"{f} line {n}" for f, n in first))
    old = read_table(previous, "previous clusters", ["source", "record_id", "person_id"]) if previous else None
    decided = read_table(labels, "labels", PAIR_COLUMNS) if labels else None
    check = read_table(evaluate, "pairs to evaluate", PAIR_COLUMNS) if evaluate else None
    spark_config = SparkConfig.from_env(**(spark or {})) if backend == "spark" else None
    result = link_records(records, purpose_name=purpose, backend=backend, previous=old, labels=decided,
                          training=Training(seed=seed), spark_config=spark_config)
    accuracy = pairwise_accuracy(result.clusters["person_id"], truth) if truth is not None else None
    measured, n_pairs = None, 0
    if check is not None:
        pairs = label_pairs(check, records)
        if len(pairs) == 0:
            raise InputError(f"pairs to evaluate {evaluate}: no pair names two records of these files")
        measured, n_pairs = labelled_pair_accuracy(result.clusters["person_id"].to_numpy(), pairs), len(pairs)
    return FileLinkage(result, backend, accuracy, measured, n_pairs)
