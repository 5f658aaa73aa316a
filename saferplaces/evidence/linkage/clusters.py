"""From scored pairs to people: purposes and thresholds, clerical labels, clustering, stable ids,
and accuracy against known truth.

* **Thresholds per purpose.** Counting the overlap between cohorts (IOM, MAPPA, MARAC, ...) must not
  merge two people: a false link puts someone in a cohort they are not in, so it favours
  precision. Counting repeat victims balances the two errors: a missed link hides a repeat victim
  as surely as a false link invents one.
* **Clerical labels** (pairs a caseworker confirmed or rejected) override the model on every run:
  a confirmed pair is always linked; a rejected pair is never linked directly (the two records can
  still meet through other links, as in the web app's review).
* **Clustering** is connected components of the linked pairs (as Splink's clustering).
* **Stable person ids.** Each new cluster takes the id of the previous run's cluster it overlaps
  most (largest overlaps first, each old id used once); a cluster with no old id gets a new one made
  from its smallest record key, so an unchanged cluster also keeps its id without a previous run.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from splink import DuckDBAPI
from splink.clustering import cluster_pairwise_predictions_at_threshold

from saferplaces.evidence.errors import EvidenceError


@dataclass(frozen=True)
class Purpose:
    """``link``: pairs at or above are linked; ``review``: pairs between ``review`` and ``link``
    are offered to a caseworker."""

    name: str
    link: float
    review: float
    why: str


PURPOSES = {
    "cohort-overlap": Purpose("cohort-overlap", 0.995, 0.5,
                              "precision first: a false link puts a person in a cohort they are not in"),
    "repeat-counting": Purpose("repeat-counting", 0.9, 0.3,
                               "balance: a missed link hides a repeat victim as a false link invents one"),
}
DEFAULT_PURPOSE = "repeat-counting"


def purpose(name: str) -> Purpose:
    if name not in PURPOSES:
        raise EvidenceError(f"purpose {name!r}: use one of {', '.join(PURPOSES)}")
    return PURPOSES[name]


def label_pairs(labels: pd.DataFrame, records: pd.DataFrame) -> pd.DataFrame:
    """Clerical labels (``source_l, record_id_l, source_r, record_id_r, same_person``) as
    ``unique_id_l < unique_id_r, same_person`` (bool); labels naming unknown records are dropped."""
    need = {"source_l", "record_id_l", "source_r", "record_id_r", "same_person"}
    missing = need - set(labels.columns)
    if missing:
        raise EvidenceError(f"labels: missing column(s) {', '.join(sorted(missing))}")
    truth = labels["same_person"].astype(str).str.strip().str.lower()
    bad = ~truth.isin(["true", "false", "1", "0", "yes", "no", "same", "different"])
    if bad.any():
        rows = ", ".join(str(i + 2) for i in np.flatnonzero(bad.to_numpy())[:50])
        raise EvidenceError(f"labels: same_person must be true/false on line(s) {rows}")
    key = pd.Series(records.index, index=pd.MultiIndex.from_arrays(
        [records["source"].astype(str), records["record_id"].astype(str)]))
    left = key.reindex(pd.MultiIndex.from_arrays([labels["source_l"].astype(str), labels["record_id_l"].astype(str)]))
    right = key.reindex(pd.MultiIndex.from_arrays([labels["source_r"].astype(str), labels["record_id_r"].astype(str)]))
    ok = left.notna().to_numpy() & right.notna().to_numpy()
    a, b = left.to_numpy()[ok].astype(np.int64), right.to_numpy()[ok].astype(np.int64)
    return pd.DataFrame({"unique_id_l": np.minimum(a, b), "unique_id_r": np.maximum(a, b),
                         "same_person": np.isin(truth.to_numpy()[ok], ["true", "1", "yes", "same"])})


def linked_edges(pairs: pd.DataFrame, threshold: float, labels: pd.DataFrame | None = None) -> pd.DataFrame:
    """Pairs at or above ``threshold``, minus rejected pairs, plus confirmed pairs."""
    edges = pairs.loc[pairs["match_probability"] >= threshold, ["unique_id_l", "unique_id_r"]]
    lo = np.minimum(edges["unique_id_l"], edges["unique_id_r"])
    hi = np.maximum(edges["unique_id_l"], edges["unique_id_r"])
    edges = pd.DataFrame({"unique_id_l": lo.astype(np.int64), "unique_id_r": hi.astype(np.int64)})
    if labels is not None and len(labels):
        rejected = labels.loc[~labels["same_person"], ["unique_id_l", "unique_id_r"]]
        if len(rejected):
            marked = edges.merge(rejected.assign(_rejected=True), how="left", on=["unique_id_l", "unique_id_r"])
            edges = edges[marked["_rejected"].isna().to_numpy()]
        confirmed = labels.loc[labels["same_person"], ["unique_id_l", "unique_id_r"]]
        edges = pd.concat([edges, confirmed], ignore_index=True).drop_duplicates()
    return edges.reset_index(drop=True)


def cluster(n_records: int, edges: pd.DataFrame) -> np.ndarray:
    """Cluster number per record: connected components of the linked pairs.

    The same clustering as Splink's ``cluster_pairwise_predictions_at_threshold`` (checked in the
    tests), computed with SciPy's graph routines because they take well under a second for a
    million records where the SQL iterations take many.
    """
    left = edges["unique_id_l"].to_numpy(dtype=np.int64)
    right = edges["unique_id_r"].to_numpy(dtype=np.int64)
    graph = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(n_records, n_records))
    _, labels = connected_components(graph, directed=False)
    return pd.factorize(labels)[0]


def splink_cluster(n_records: int, edges: pd.DataFrame) -> np.ndarray:
    """The same clusters by Splink's own connected components (the reference for :func:`cluster`)."""
    logging.getLogger("splink").setLevel(logging.ERROR)
    nodes = pd.DataFrame({"unique_id": np.arange(n_records, dtype=np.int64)})
    result = cluster_pairwise_predictions_at_threshold(
        nodes, edges.astype(np.int64), DuckDBAPI(), node_id_column_name="unique_id").as_pandas_dataframe()
    return pd.factorize(result.sort_values("unique_id")["cluster_id"].to_numpy())[0]


def _new_id(key: str) -> str:
    return "P-" + hashlib.sha1(key.encode()).hexdigest()[:10].upper()


def stable_ids(records: pd.DataFrame, clusters: np.ndarray, previous: pd.DataFrame | None = None) -> np.ndarray:
    """A person id per record: each cluster keeps the previous id it overlaps most.

    ``previous``: the previous run's ``source, record_id, person_id``. Candidates (cluster, old id,
    overlap) are taken largest overlap first, then larger cluster, then id, and each cluster and
    each old id is used once, so an unchanged cluster always keeps its id and a split gives the id
    to the larger part.
    """
    keys = records["source"].astype(str) + "\x1f" + records["record_id"].astype(str)
    frame = pd.DataFrame({"cluster": clusters, "key": keys.to_numpy()})
    assigned: dict[int, str] = {}
    taken: set[str] = set()
    if previous is not None and len(previous):
        old = pd.Series(previous["person_id"].astype(str).to_numpy(),
                        index=previous["source"].astype(str) + "\x1f" + previous["record_id"].astype(str))
        old = old[~old.index.duplicated()]
        frame["old"] = old.reindex(frame["key"]).to_numpy()
        sizes = frame.groupby("cluster").size()
        overlap = frame.dropna(subset=["old"]).groupby(["cluster", "old"]).size().rename("n").reset_index()
        overlap["size"] = sizes.reindex(overlap["cluster"]).to_numpy()
        overlap = overlap.sort_values(["n", "size", "old"], ascending=[False, False, True])
        for c, o in zip(overlap["cluster"].to_numpy(), overlap["old"].to_numpy(), strict=True):
            if c not in assigned and o not in taken:
                assigned[c] = o
                taken.add(o)
        taken |= set(old.to_numpy())  # a retired id is never reused for someone else
    first = frame.groupby("cluster")["key"].min()
    for c, key in first.items():
        if c in assigned:
            continue
        candidate, n = _new_id(key), 0
        while candidate in taken:
            n += 1
            candidate = _new_id(f"{key}#{n}")
        assigned[c] = candidate
        taken.add(candidate)
    return frame["cluster"].map(assigned).to_numpy()


@dataclass(frozen=True)
class Accuracy:
    """Pairwise accuracy: a pair of records is linked when both have one person id."""

    pairwise_precision: float
    pairwise_recall: float
    f1: float
    true_positive_pairs: int
    predicted_pairs: int
    true_pairs: int


def _pairs(counts: np.ndarray) -> int:
    counts = counts.astype(np.int64)
    return int((counts * (counts - 1) // 2).sum())


def pairwise_accuracy(predicted, truth) -> Accuracy:
    """Pairwise precision, recall and F1 of a clustering against the true clustering
    (Christen 2012, "Data Matching", ch. 7): pairs within both / within predicted / within true."""
    p = pd.factorize(pd.Series(predicted).astype(str))[0]
    t = pd.factorize(pd.Series(truth).astype(str))[0]
    both = pd.DataFrame({"p": p, "t": t})
    tp = _pairs(both.groupby(["p", "t"]).size().to_numpy())
    pred = _pairs(np.bincount(p))
    true = _pairs(np.bincount(t))
    precision = tp / pred if pred else 1.0
    recall = tp / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Accuracy(precision, recall, f1, tp, pred, true)


def labelled_pair_accuracy(person_ids, labels: pd.DataFrame) -> Accuracy:
    """Precision and recall on clerically labelled pairs (``unique_id_l, unique_id_r,
    same_person``): a pair counts as linked when both records got one person id."""
    ids = np.asarray(person_ids)
    linked = ids[labels["unique_id_l"].to_numpy()] == ids[labels["unique_id_r"].to_numpy()]
    same = labels["same_person"].to_numpy().astype(bool)
    tp, pred, true = int((linked & same).sum()), int(linked.sum()), int(same.sum())
    precision = tp / pred if pred else 1.0
    recall = tp / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Accuracy(precision, recall, f1, tp, pred, true)
