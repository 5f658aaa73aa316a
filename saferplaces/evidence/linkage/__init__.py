"""Person linkage across partner agencies with Splink (DuckDB or Spark).

:func:`link_records` runs the whole pipeline: validate and standardise the records, train the model
unsupervised or, for a small record set, use its fixed parameters (:mod:`.model`), score every
blocked pair, apply clerical labels, cluster at the purpose's threshold and give each person a
stable id (:mod:`.clusters`). :mod:`.files` links record files (the ``link`` command) and
:mod:`.records` typed records (the web app); both call :func:`link_records`. See
``docs/linkage.md``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from saferplaces.evidence.errors import EvidenceError, InputError
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
from saferplaces.evidence.linkage.dates import QualityNote
from saferplaces.evidence.linkage.model import (
    MIN_TRAINING_RECORDS,
    SparkConfig,
    Training,
    blocking_rules,
    level_labels,
    predict,
)
from saferplaces.evidence.linkage.prepare import read_records, standardise, validate_records

__all__ = [
    "Accuracy", "DEFAULT_PURPOSE", "LinkResult", "MIN_TRAINING_RECORDS", "PURPOSES", "Purpose", "QualityNote",
    "SparkConfig", "Training", "link_records", "labelled_pair_accuracy", "pairwise_accuracy", "read_records",
]

TRAINED = "Splink, trained by EM on the records"
FIXED = "Splink, fixed parameters (too few records to train)"
SAVED = "Splink, the last full run's parameters (incremental)"


@dataclass(frozen=True)
class LinkResult:
    """The people found in a set of records.

    Attributes
    ----------
    clusters : pandas.DataFrame
        ``source, record_id, person_id``, one row per record, in input order.
    pairs : pandas.DataFrame
        Scored pairs at or above the review threshold: ``unique_id_l, unique_id_r`` (row
        positions), ``match_weight, match_probability``, both records' ``source, record_id``,
        ``gamma_<comparison>`` (the level number) and whether the two are ``linked`` (one person).
    review : pandas.DataFrame
        The uncertain pairs (between the review and link thresholds, or above the link threshold with
        wholly different forenames, :func:`decided_by_model`; not labelled, not already one person),
        most probable first, with one column per comparison naming the level it agreed at
        (``name``, ``dob``, ``location``, ``sex``, ``pnc``, ``nhs``, ``crn``; ``None`` if missing).
    purpose : Purpose
        The purpose and its thresholds.
    parameters : dict
        m and u per comparison level and the prior (``probability_two_random_records_match``).
    model : str
        Which parameters scored the pairs: trained on the records, or the fixed ones.
    linked_pairs : int
        Pairs linked: scored at or above the link threshold or confirmed, less those rejected.
    seconds : float
        Time taken.
    timings : dict
        Seconds per step.
    quality : tuple of QualityNote
        Values used other than as given (dates of birth that are not real dates, kept and compared
        as written) and files lacking a date-of-birth column.
    """

    clusters: pd.DataFrame
    pairs: pd.DataFrame
    review: pd.DataFrame
    purpose: Purpose
    parameters: dict
    model: str
    linked_pairs: int
    seconds: float
    timings: dict = field(default_factory=dict)
    quality: tuple[QualityNote, ...] = ()
    #: the model as Splink saves it (its parameters), for an incremental run to score with
    saved_model: dict = field(default_factory=dict)
    #: an incremental run's relinked records (new, changed, and the people they were) as a mask; None in a full run
    relinked: np.ndarray | None = None


def link_records(records: pd.DataFrame, *, purpose_name: str = DEFAULT_PURPOSE, backend: str = "duckdb",
                 previous: pd.DataFrame | None = None, labels: pd.DataFrame | None = None,
                 training: Training | None = None, spark=None, changed: np.ndarray | None = None,
                 dissolve: Iterable[str] = (), model: dict | None = None,
                 spark_config: SparkConfig | None = None) -> LinkResult:
    """Link partner person records into people (Fellegi & Sunter 1969, as run by Splink).

    Parameters
    ----------
    records : pandas.DataFrame
        One row per record (see :mod:`.prepare` for the columns); validated first.
    purpose_name : str
        ``cohort-overlap`` (precision) or ``repeat-counting`` (balance).
    backend : str
        ``duckdb`` or ``spark`` (local Spark; the same model and training).
    previous : pandas.DataFrame, optional
        The previous run's ``source, record_id, person_id``, for stable ids.
    labels : pandas.DataFrame, optional
        Clerical decisions ``source_l, record_id_l, source_r, record_id_r, same_person``.
    training : Training, optional
        Sample sizes and seed for training, and the fewest records trained on (fewer are scored
        with the model's fixed parameters).
    spark : pyspark.sql.SparkSession, optional
        A session for the Spark backend (one is started from ``spark_config`` otherwise).
    spark_config : SparkConfig, optional
        Master URL, memory, work folder and partitions for the Spark backend (else the environment's).
    changed : numpy.ndarray of bool, optional
        An incremental run (DuckDB only): which records are new or changed since ``previous``
        (records without a previous id count as new whatever it says). Only pairs with a new or
        changed record, or a record of a person one of them was (whose cluster is rebuilt), are
        scored, against all the records; every other person keeps their records
        (:func:`incremental_edges`). Needs ``previous`` and ``model``.
    dissolve : iterable of str
        Previous person ids whose clusters are rebuilt too (e.g. one of their records was deleted).
    model : dict, optional
        The saved model (``LinkResult.saved_model`` of an earlier run) to score with, untrained.

    Returns
    -------
    LinkResult
    """
    start = time.perf_counter()
    training = training or Training()
    chosen = purpose(purpose_name)
    valid = validate_records(records)
    records = valid.records.reset_index(drop=True)
    fixed = len(records) < training.min_records
    if changed is not None:
        if previous is None or model is None or backend != "duckdb":
            raise EvidenceError("an incremental run needs the previous run's ids and model, and DuckDB")
        if len(changed) != len(records):
            raise EvidenceError(f"changed: {len(changed)} flags for {len(records)} records")
    elif model is not None:
        raise EvidenceError("a saved model is for an incremental run (give changed)")
    if not fixed and model is None and records["dob"].isna().all():
        raise InputError(_no_dates(records, valid.notes))
    con = duckdb.connect()
    standardise(records, con, table="standardised")
    t_prep = time.perf_counter()
    floor = min(chosen.review, chosen.link)
    if changed is None:
        pairs, parameters = predict("standardised", fixed=fixed, backend=backend, floor=floor, training=training,
                                    spark=spark, con=con, spark_config=spark_config)
        kept = affected = None
    else:
        old_ids = _previous_ids(records, previous)
        affected = affected_records(old_ids, np.asarray(changed, dtype=bool), dissolve)
        con.register("affected_ids", pd.DataFrame({"unique_id": np.flatnonzero(affected).astype(np.int64)}))
        con.execute(f"CREATE OR REPLACE TABLE scored_ids AS {_candidates_sql('standardised', 'affected_ids')}")
        pairs, parameters = predict("standardised", fixed=fixed, floor=floor, con=con, model=model,
                                    subset="scored_ids")
        saved = pairs.attrs.get("model", {})
        mine = affected[pairs["unique_id_l"].to_numpy()] | affected[pairs["unique_id_r"].to_numpy()]
        pairs = pairs[mine].reset_index(drop=True)
        pairs.attrs["model"] = saved
        kept = incremental_edges(old_ids, affected)
    t_model = time.perf_counter()
    labelled = label_pairs(labels, records) if labels is not None else None
    decidable = decided_by_model(pairs, parameters, con)
    edges = linked_edges(pairs[decidable], chosen.link, labelled)
    groups = cluster(len(records), edges if kept is None else pd.concat([edges, kept], ignore_index=True))
    person_id = stable_ids(records, groups, previous)
    out = pd.DataFrame({"source": records["source"].astype(str), "record_id": records["record_id"].astype(str),
                        "person_id": person_id})
    scored = pairs.copy()
    for side in ("l", "r"):
        ids = scored[f"unique_id_{side}"].to_numpy()
        scored[f"source_{side}"] = out["source"].to_numpy()[ids]
        scored[f"record_id_{side}"] = out["record_id"].to_numpy()[ids]
    scored["linked"] = person_id[scored["unique_id_l"].to_numpy()] == person_id[scored["unique_id_r"].to_numpy()]
    uncertain = ((scored["match_probability"] < chosen.link) | ~decidable) & ~scored["linked"]
    if labelled is not None and len(labelled):
        done = scored.merge(labelled[["unique_id_l", "unique_id_r"]].assign(_l=True), how="left",
                            on=["unique_id_l", "unique_id_r"])["_l"].notna().to_numpy()
        uncertain &= ~done
    review = scored[uncertain.to_numpy()].sort_values(["match_probability", "unique_id_l", "unique_id_r"],
                                                      ascending=[False, True, True])
    review = pd.concat([review, level_labels(review, parameters)], axis=1)
    end = time.perf_counter()
    used = FIXED if fixed and model is None else TRAINED if model is None else SAVED
    return LinkResult(out, scored, review, chosen, parameters, used, len(edges),
                      end - start,
                      {"prepare": t_prep - start, "train_and_score": t_model - t_prep, "cluster": end - t_model},
                      valid.notes, pairs.attrs.get("model", {}), affected)


def _previous_ids(records: pd.DataFrame, previous: pd.DataFrame) -> pd.Series:
    """Each record's previous person id (NaN for a record the previous run did not have)."""
    keys = records["source"].astype(str) + "\x1f" + records["record_id"].astype(str)
    old = pd.Series(previous["person_id"].astype(str).to_numpy(),
                    index=previous["source"].astype(str) + "\x1f" + previous["record_id"].astype(str))
    return pd.Series(old[~old.index.duplicated()].reindex(keys).to_numpy(), index=records.index)


def affected_records(old_ids: pd.Series, changed: np.ndarray, dissolve: Iterable[str] = ()) -> np.ndarray:
    """The records an incremental run relinks: the new and changed ones, and every record of a person
    (previous id) that one of them was, or that is named in ``dissolve``: that person's cluster is
    rebuilt from its pairs, as a changed record may no longer hold it together."""
    new = old_ids.isna().to_numpy()
    changed = changed | new
    rebuilt = set(old_ids[changed & ~new].tolist()) | set(dissolve)
    return changed | old_ids.isin(rebuilt).to_numpy()


def incremental_edges(old_ids: pd.Series, affected: np.ndarray) -> pd.DataFrame:
    """Edges that keep every unaffected person's records together: each record to its person's first.

    Every pair of unaffected records scores as before (neither record changed, and the model is the
    saved one), so the linked pairs among them join exactly the records each unaffected person had;
    a star over each person's records connects the same records (connected components do not need
    the pairs themselves). With the scored pairs of the affected records, the components are the
    full run's (tests/people/test_linkage_scale.py)."""
    rows = pd.DataFrame({"pos": np.arange(len(old_ids), dtype=np.int64), "old": old_ids.to_numpy()})[~affected]
    first = rows.groupby("old")["pos"].transform("min").to_numpy()
    star = first != rows["pos"].to_numpy()
    return pd.DataFrame({"unique_id_l": first[star], "unique_id_r": rows["pos"].to_numpy()[star]})


def _candidates_sql(table: str, focus: str) -> str:
    """The records that share a blocking key with a record of ``focus`` (either way round), and those
    records themselves: every pair with a ``focus`` record that the full run would score."""
    # Imported here: Splink's internals load only when an incremental run needs the rules' SQL.
    from splink.internals.blocking_rule_creator_utils import to_blocking_rule_creator

    parts = [f"SELECT unique_id FROM {focus}"]
    for rule in blocking_rules():
        condition = to_blocking_rule_creator(rule).get_blocking_rule("duckdb").blocking_rule_sql
        for mine, other in (("l", "r"), ("r", "l")):
            parts.append(f"SELECT {other}.unique_id FROM {table} AS l JOIN {table} AS r ON {condition} "
                         f"WHERE {mine}.unique_id IN (SELECT unique_id FROM {focus})")
    return " UNION ".join(parts)


#: name levels at which the forenames are not one name written two ways
DIFFERENT_FORENAMES = ("surname only", "forename only", "different")

# Forenames that may be one name written two ways, either way round (forename and surname swapped):
# equal or one nickname, one a short form of the other (Si, Simon), or one slip apart (Zie, Zoe;
# Bogdam, Bogdan), or alike by Jaro-Winkler (Shaun, Sean).
_ALIKE = """
SELECT c.pos, bool_or(
         a.fn_canon = b.fn_canon
      OR (length(a.fn) >= 2 AND length(b.fn) >= 2 AND (starts_with(a.fn, b.fn) OR starts_with(b.fn, a.fn)))
      OR damerau_levenshtein(a.fn, b.fn) <= 1 OR jaro_winkler_similarity(a.fn, b.fn) >= 0.88
      OR (jaro_winkler_similarity(a.fn, b.sn) >= 0.88 AND jaro_winkler_similarity(a.sn, b.fn) >= 0.88)) AS alike
FROM candidates c JOIN standardised a ON a.unique_id = c.unique_id_l
                  JOIN standardised b ON b.unique_id = c.unique_id_r
GROUP BY c.pos
"""


def decided_by_model(pairs: pd.DataFrame, parameters: dict, con: duckdb.DuckDBPyConnection) -> pd.Series:
    """Whether each pair may be linked on its score alone: not when its forenames are wholly different
    (not one name written two ways, :data:`_ALIKE`) and no identifier agrees.

    Fellegi–Sunter adds the evidence of each comparison as if independent, but surname, address and
    (for twins) date of birth agree together within a household, so a mother and son at one address
    can score as one person. Such pairs go to a caseworker, however high their score. Measured on the
    independent generator's files (docs/linkage.md). ``con`` holds the ``standardised`` records.
    """
    names = level_labels(pairs, parameters)["name"]
    identifier = np.zeros(len(pairs), dtype=bool)
    for column in ("pnc", "nhs", "crn"):
        if f"gamma_{column}" in pairs.columns:
            identifier |= pairs[f"gamma_{column}"].to_numpy() == 1  # the "same" level
    doubtful = names.isin(DIFFERENT_FORENAMES).to_numpy() & ~identifier
    decided = pd.Series(~doubtful, index=pairs.index)
    if doubtful.any():
        candidates = pairs.loc[doubtful, ["unique_id_l", "unique_id_r"]].assign(pos=np.flatnonzero(doubtful))
        con.register("candidates", candidates)
        alike = con.execute(_ALIKE).df()
        con.unregister("candidates")
        positions = alike.loc[alike["alike"].fillna(False).astype(bool), "pos"].to_numpy()
        decided.iloc[positions] = True
    return decided


def _no_dates(records: pd.DataFrame, notes: tuple[QualityNote, ...]) -> str:
    """Why a large record set without a single date of birth cannot be linked, file by file."""
    lacking = [note.file for note in notes if note.line is None and note.column == "dob"]
    blank = [str(f) for f in records["_file"].unique() if str(f) not in lacking]
    where = "; ".join(part for part in (
        f"no date-of-birth column in {', '.join(lacking)}" if lacking else "",
        f"blank on every row of {', '.join(blank)}" if blank else "") if part)
    return (f"every date of birth is blank ({len(records):,} records: {where}). The linkage model learns, from "
            "the records themselves, how often records of one person agree, and it needs records that share a "
            "date of birth to do that; give the files' dates of birth (a date column under another name can be "
            "named as the dob column)")
