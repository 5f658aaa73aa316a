"""Linking records given as typed objects rather than files: how the web app links its person
records (and anything else that holds records in memory). The same pipeline as the ``link``
command (:func:`saferplaces.evidence.linkage.link_records`); only the shapes differ.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from saferplaces.evidence.linkage import DEFAULT_PURPOSE, Purpose, Training, link_records

#: a record's key: its source (agency or system) and its id there
RecordKey = tuple[str, str]

#: comparisons shown for a review pair even when a value is missing (a reviewer checks them first);
#: the others (sex, identifiers) only when both records hold them
_ALWAYS_SHOWN = ("name", "dob", "location")


@dataclass(frozen=True)
class LinkageRecord:
    """One agency's record of a person.

    Attributes
    ----------
    source : str
        The agency or system holding the record.
    record_id : str
        The record's id in its source (unique there).
    forename, surname : str
        At least one of the two.
    date_of_birth : datetime.date, optional
    postcode, address : str
        Blank when not known.
    sex : str
        ``M``, ``F``, ``U``, ``X`` or blank.
    pnc_id, nhs_number, crn : str
        Identifiers, where the agency holds them.
    """

    source: str
    record_id: str
    forename: str
    surname: str
    date_of_birth: dt.date | None = None
    postcode: str = ""
    address: str = ""
    sex: str = ""
    pnc_id: str = ""
    nhs_number: str = ""
    crn: str = ""


@dataclass(frozen=True)
class ClericalDecision:
    """A caseworker's decision on a pair of records (respected by every run).

    Attributes
    ----------
    left, right : tuple of str
        The two records' ``(source, record_id)``.
    same_person : bool
        Confirmed (always linked) or rejected (never linked directly).
    """

    left: RecordKey
    right: RecordKey
    same_person: bool


@dataclass(frozen=True)
class ReviewPair:
    """A pair the model could not decide, for clerical review.

    Attributes
    ----------
    left, right : tuple of str
        The two records' ``(source, record_id)``, in input order.
    probability : float
        The match probability.
    agreement : dict
        Comparison (``name``, ``dob``, ``location``; ``sex`` and the identifiers when both
        records hold them) → the level it agreed at (``exact``, ``nickname``, ``day/month
        transposed``, ``postcode``, ``different`` ...), ``None`` when missing on a record.
    """

    left: RecordKey
    right: RecordKey
    probability: float
    agreement: dict[str, str | None]


@dataclass(frozen=True)
class RecordLinkage:
    """The people found among typed records.

    Attributes
    ----------
    person_ids : dict
        ``(source, record_id)`` → stable person id, for every record.
    review : tuple of ReviewPair
        The uncertain pairs, most probable first.
    people : int
        Distinct people.
    linked_pairs : int
        Pairs linked (by the model or a confirmation; rejections removed).
    purpose : Purpose
        The purpose and its thresholds.
    model : str
        Whether the parameters were trained on the records or fixed (small record sets).
    seconds : float
        Time taken.
    """

    person_ids: dict[RecordKey, str]
    review: tuple[ReviewPair, ...]
    people: int
    linked_pairs: int
    purpose: Purpose
    model: str
    seconds: float
    #: the model as Splink saves it: an incremental run scores with it (``model=``)
    saved_model: dict = field(default_factory=dict)
    #: the records an incremental run relinked (new, changed, and the people they were); all in a full run
    relinked: frozenset[RecordKey] = frozenset()


def records_frame(records: Iterable[LinkageRecord]) -> pd.DataFrame:
    """The records as the engine's record table (the columns of a record file)."""
    return pd.DataFrame([{
        "source": r.source, "record_id": r.record_id, "forename": r.forename or "", "surname": r.surname or "",
        "dob": r.date_of_birth.isoformat() if r.date_of_birth else "", "postcode": r.postcode or "",
        "address": r.address or "", "sex": r.sex or "", "pnc_id": r.pnc_id or "", "nhs_number": r.nhs_number or "",
        "crn": r.crn or ""} for r in records],
        columns=["source", "record_id", "forename", "surname", "dob", "postcode", "address", "sex", "pnc_id",
                 "nhs_number", "crn"])


def link_typed_records(records: Sequence[LinkageRecord], *, purpose: str = DEFAULT_PURPOSE,
                       previous: Mapping[RecordKey, str] | None = None,
                       decisions: Iterable[ClericalDecision] = (), training: Training | None = None,
                       changed: Iterable[RecordKey] | None = None, dissolve: Iterable[str] = (),
                       model: dict | None = None) -> RecordLinkage:
    """Link typed records into people; see :func:`saferplaces.evidence.api.link_person_records`."""
    return link_record_frame(records_frame(records), purpose=purpose, previous=previous, decisions=decisions,
                             training=training, changed=changed, dissolve=dissolve, model=model)


def link_record_frame(frame: pd.DataFrame, *, purpose: str = DEFAULT_PURPOSE,
                      previous: Mapping[RecordKey, str] | None = None, decisions: Iterable[ClericalDecision] = (),
                      training: Training | None = None, changed: Iterable[RecordKey] | None = None,
                      dissolve: Iterable[str] = (), model: dict | None = None) -> RecordLinkage:
    """:func:`link_typed_records` on the records as a table (the columns of :func:`records_frame`), for
    a million records read from a database without a million objects."""
    old = pd.DataFrame([(s, r, p) for (s, r), p in (previous or {}).items()],
                       columns=["source", "record_id", "person_id"])
    labels = pd.DataFrame([(d.left[0], d.left[1], d.right[0], d.right[1], "true" if d.same_person else "false")
                           for d in decisions],
                          columns=["source_l", "record_id_l", "source_r", "record_id_r", "same_person"])
    flags = None
    if changed is not None:
        wanted = {f"{s}\x1f{r}" for s, r in changed}
        flags = (frame["source"].astype(str) + "\x1f" + frame["record_id"].astype(str)).isin(wanted).to_numpy()
    result = link_records(frame, purpose_name=purpose, previous=old, labels=labels,
                          training=training or Training(), changed=flags, dissolve=dissolve, model=model)
    clusters = result.clusters
    person_ids = dict(zip(zip(clusters["source"], clusters["record_id"], strict=True), clusters["person_id"],
                          strict=True))
    comparisons = [c for c in result.parameters if c != "probability_two_random_records_match"]
    review = tuple(
        ReviewPair((row["source_l"], row["record_id_l"]), (row["source_r"], row["record_id_r"]),
                   float(row["match_probability"]),
                   {c: row[c] for c in comparisons if c in _ALWAYS_SHOWN or row[c] is not None})
        for row in result.review.to_dict("records"))
    relinked = (zip(clusters["source"].to_numpy()[result.relinked], clusters["record_id"].to_numpy()[result.relinked],
                    strict=True) if result.relinked is not None else zip(clusters["source"], clusters["record_id"],
                                                                           strict=True))
    return RecordLinkage(person_ids, review, int(clusters["person_id"].nunique()), result.linked_pairs,
                         result.purpose, result.model, result.seconds, result.saved_model, frozenset(relinked))
