"""Person linkage across partner agencies with Splink (DuckDB or Spark).

:func:`link_records` runs the whole pipeline: validate and standardise the records, train the model
unsupervised (:mod:`.model`), score every blocked pair, apply clerical labels, cluster at the
purpose's threshold and give each person a stable id (:mod:`.clusters`). See ``docs/linkage.md``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from saferplaces.evidence.linkage.clusters import (
    DEFAULT_PURPOSE,
    PURPOSES,
    Accuracy,
    Purpose,
    cluster,
    label_pairs,
    labelled_pair_accuracy,
    linked_edges,
    pairwise_accuracy,
    purpose,
    stable_ids,
)
from saferplaces.evidence.linkage.model import Training, train_and_predict
from saferplaces.evidence.linkage.prepare import read_records, standardise, validate_records

__all__ = [
    "Accuracy", "DEFAULT_PURPOSE", "LinkResult", "PURPOSES", "Purpose", "Training", "link_records",
    "labelled_pair_accuracy", "pairwise_accuracy", "read_records",
]


@dataclass(frozen=True)
class LinkResult:
    """``clusters``: ``source, record_id, person_id`` in input order. ``pairs``: scored pairs at or
    above the review threshold with both records' ``source, record_id`` and whether linked;
    ``review``: the uncertain ones (between the review and link thresholds, not labelled, not
    already in one person). ``parameters``: the trained m and u per level."""

    clusters: pd.DataFrame
    pairs: pd.DataFrame
    review: pd.DataFrame
    purpose: Purpose
    parameters: dict
    seconds: float
    timings: dict = field(default_factory=dict)


def link_records(records: pd.DataFrame, *, purpose_name: str = DEFAULT_PURPOSE, backend: str = "duckdb",
                 previous: pd.DataFrame | None = None, labels: pd.DataFrame | None = None,
                 training: Training = Training(), spark=None) -> LinkResult:
    """Link partner person records into people.

    Parameters
    ----------
    records : one row per record (see :mod:`.prepare` for the columns); validated first.
    purpose_name : ``cohort-overlap`` (precision) or ``repeat-counting`` (balance).
    backend : ``duckdb`` or ``spark`` (local Spark; the same model and training).
    previous : the previous run's ``source, record_id, person_id``, for stable ids.
    labels : clerical decisions ``source_l, record_id_l, source_r, record_id_r, same_person``.
    training : sample sizes and seed for training.
    """
    start = time.perf_counter()
    chosen = purpose(purpose_name)
    records = validate_records(records).reset_index(drop=True)
    con = duckdb.connect()
    standardise(records, con, table="standardised")
    t_prep = time.perf_counter()
    pairs, parameters = train_and_predict("standardised", backend=backend, floor=min(chosen.review, chosen.link),
                                          training=training, spark=spark, con=con)
    t_model = time.perf_counter()
    labelled = label_pairs(labels, records) if labels is not None else None
    edges = linked_edges(pairs, chosen.link, labelled)
    groups = cluster(len(records), edges)
    person_id = stable_ids(records, groups, previous)
    out = pd.DataFrame({"source": records["source"].astype(str), "record_id": records["record_id"].astype(str),
                        "person_id": person_id})
    scored = pairs.copy()
    for side in ("l", "r"):
        ids = scored[f"unique_id_{side}"].to_numpy()
        scored[f"source_{side}"] = out["source"].to_numpy()[ids]
        scored[f"record_id_{side}"] = out["record_id"].to_numpy()[ids]
    scored["linked"] = person_id[scored["unique_id_l"].to_numpy()] == person_id[scored["unique_id_r"].to_numpy()]
    uncertain = (scored["match_probability"] < chosen.link) & ~scored["linked"]
    if labelled is not None and len(labelled):
        done = scored.merge(labelled[["unique_id_l", "unique_id_r"]].assign(_l=True), how="left",
                            on=["unique_id_l", "unique_id_r"])["_l"].notna().to_numpy()
        uncertain &= ~done
    end = time.perf_counter()
    return LinkResult(out, scored, scored[uncertain].sort_values("match_probability", ascending=False),
                      chosen, parameters, end - start,
                      {"prepare": t_prep - start, "train_and_score": t_model - t_prep, "cluster": end - t_model})
