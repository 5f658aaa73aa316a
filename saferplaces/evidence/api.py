"""The evidence engine's public API: what the command line and the web apps call.

Everything here is typed and documented; results are frozen dataclasses and errors are
:class:`saferplaces.evidence.errors.EvidenceError`. Nothing outside the engine imports any other
engine module.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

# --- person linkage -------------------------------------------------------------------------------
from saferplaces.evidence.linkage import DEFAULT_PURPOSE, PURPOSES, Accuracy, LinkResult, Purpose
from saferplaces.evidence.linkage.files import FileLinkage, link_record_files
from saferplaces.evidence.linkage.records import (
    ClericalDecision,
    LinkageRecord,
    RecordKey,
    RecordLinkage,
    ReviewPair,
    link_typed_records,
)

__all__ = [
    # person linkage
    "Accuracy", "ClericalDecision", "FileLinkage", "LINKAGE_PURPOSES", "LinkResult", "LinkageRecord", "Purpose",
    "RecordKey", "RecordLinkage", "ReviewPair", "link_files", "link_person_records",
]

#: Linkage purposes by name, each with its link and review thresholds (``cohort-overlap``:
#: precision first; ``repeat-counting``: balance).
LINKAGE_PURPOSES: Mapping[str, Purpose] = PURPOSES


def link_files(paths: Sequence[str | Path], *, purpose: str = DEFAULT_PURPOSE, backend: str = "duckdb",
               previous: str | Path | None = None, labels: str | Path | None = None,
               evaluate: str | Path | None = None, truth_column: str | None = None, seed: int = 1) -> FileLinkage:
    """Link partner person record files into people with stable ids (Fellegi & Sunter 1969, by Splink).

    The model is trained on the records (unsupervised) when there are at least 2,000 of them, and
    uses its fixed parameters below that; see ``docs/linkage.md``.

    Parameters
    ----------
    paths : sequence of path
        Record CSVs: ``source, record_id, forename, surname, dob, postcode`` and optionally
        ``address, sex, pnc_id, nhs_number, crn``. Every bad row is reported; nothing is linked
        until all are valid.
    purpose : str
        ``cohort-overlap`` (precision first) or ``repeat-counting`` (balance; the default).
    backend : str
        ``duckdb`` or ``spark`` (local Spark; the same model).
    previous : path, optional
        The previous run's clusters (``source, record_id, person_id``): people keep their ids.
    labels : path, optional
        Clerical decisions (``source_l, record_id_l, source_r, record_id_r, same_person``): a
        confirmed pair is always linked, a rejected one never directly.
    evaluate : path, optional
        Labelled pairs (same columns) to measure precision and recall on, not applied.
    truth_column : str, optional
        A record-file column holding the true person, to measure pairwise accuracy.
    seed : int
        Seed of the training samples.

    Returns
    -------
    FileLinkage
        The linkage result, and the accuracies asked for.

    Raises
    ------
    EvidenceError
        A file missing or unreadable, bad rows, an unknown purpose or backend, or a record set the
        model cannot be trained on.
    """
    return link_record_files(paths, purpose=purpose, backend=backend, previous=previous, labels=labels,
                             evaluate=evaluate, truth_column=truth_column, seed=seed)


def link_person_records(records: Sequence[LinkageRecord], *, purpose: str = DEFAULT_PURPOSE,
                        previous: Mapping[RecordKey, str] | None = None,
                        decisions: Iterable[ClericalDecision] = ()) -> RecordLinkage:
    """Link person records held in memory (the web app's) into people with stable ids.

    The same model, clustering and ids as :func:`link_files`: the same records give the same people
    whichever way they come in.

    Parameters
    ----------
    records : sequence of LinkageRecord
        The records; ``(source, record_id)`` unique. Their order is the order a file would have.
    purpose : str
        ``cohort-overlap`` or ``repeat-counting`` (see :data:`LINKAGE_PURPOSES`).
    previous : mapping, optional
        ``(source, record_id)`` → the person id a previous run gave the record: each person keeps
        the id they overlap most; a new person gets a new id made from their records.
    decisions : iterable of ClericalDecision
        Caseworkers' decisions, respected: confirmed pairs linked, rejected pairs never linked
        directly and not offered for review again.

    Returns
    -------
    RecordLinkage
        Person id of every record, the pairs for review, counts.

    Raises
    ------
    EvidenceError
        Bad records (e.g. no name at all, a duplicated key), listed together, or an unknown purpose.
    """
    return link_typed_records(records, purpose=purpose, previous=previous, decisions=decisions)
