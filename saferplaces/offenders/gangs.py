"""The rules of the gangs cohort, written so that the failings the Information Commissioner found in
the Metropolitan Police Service's Gangs Matrix cannot happen here.

The ICO's enforcement notice to the MPS (16 November 2018, under the Data Protection Act 1998, Schedule 1
principles 1, 5 and 7) found: no data protection impact assessment and no equality assessment of a list
that disproportionately named young black men; no distinction between the victims of gang violence and
its perpetrators; no retention period and no review, so that people stayed listed with a harm score of
zero; blanket sharing with third parties (councils, housing, schools, job centres) without an agreement
saying why; and informal lists kept by boroughs after people had been removed. The answers here:

* **Activation**: an agency cannot add anyone to its gangs cohort before its data protection officer has
  activated it on a DPIA and an equality impact assessment (UK GDPR Article 35 and DPA 2018 s.64 for
  high-risk processing; the public sector equality duty, Equality Act 2010 s.149).
* **Marking**: each member is marked *at risk / victim* or *perpetrator*, on criteria met
  (:data:`CRITERIA`) that give a score (:func:`score`); association alone never makes a perpetrator.
* **Review and retention**: every mark is reviewed within :data:`REVIEW_MONTHS` months; a review not
  done is flagged, and after ``settings.GANGS["REVIEW_GRACE_DAYS"]`` days the nightly check removes the
  person (``manage.py gangs_reviews``). A retention period the product enforces, not a policy on paper
  (UK GDPR Article 5(1)(e); DPA 2018 s.39 for law-enforcement processing).
* **Removal erases**: the membership, its notes, its mark and its casework are deleted and the change history keeps
  identifiers only (``Tracked.history_fields``); the exports that contained the membership are listed,
  so that their copies can be recalled (the ICO's "shadow lists").
* **Sharing**: gangs-cohort records are their own data category (``gangs``): only an information-sharing
  agreement naming it shares them.

The criteria are ours, each one a fact a record can show. The definition of a gang they refer to is the
statutory one for gang injunctions (Policing and Crime Act 2009 s.34(5), as amended by the Serious Crime
Act 2015 s.51: a group of at least three people with characteristics that let others identify them as a
group, which engages in violence or drug dealing). The exploitation criteria follow the Home Office's
statutory guidance on criminal exploitation and county lines (2018, updated 2023) and the National
Referral Mechanism of the Modern Slavery Act 2015.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from saferplaces.core.dates import add_months

#: a mark is reviewed at least this often (the ICO found the Gangs Matrix had no review at all)
REVIEW_MONTHS = 3

AT_RISK, PERPETRATOR = "at_risk", "perpetrator"


@dataclass(frozen=True)
class Criterion:
    code: str
    mark: str
    text: str
    weight: int
    #: evidenced by a conviction, charge or court order (not by intelligence or association)
    evidenced: bool = False


CRITERIA = [
    Criterion("P1", PERPETRATOR, "Charged with or convicted of a violence or weapons offence linked to the group in "
                                 "the last two years", 3, evidenced=True),
    Criterion("P2", PERPETRATOR, "Subject to a gang injunction (Policing and Crime Act 2009 Part 4) or a Knife Crime "
                                 "Prevention Order (Offensive Weapons Act 2019)", 3, evidenced=True),
    Criterion("P3", PERPETRATOR, "Graded intelligence from two or more sources that the person takes part in the "
                                 "violence or drug dealing of a group meeting the statutory definition of a gang", 2),
    Criterion("P4", PERPETRATOR, "Exploits others for the group (for example in county lines drug supply)", 2),
    Criterion("V1", AT_RISK, "Victim of violence linked to a group in the last two years", 3),
    Criterion("V2", AT_RISK, "Referred to the National Referral Mechanism, or a safeguarding referral made, for "
                             "criminal exploitation", 3),
    Criterion("V3", AT_RISK, "Signs of criminal exploitation in the Home Office guidance (going missing, travel "
                             "to other areas, unexplained money, phones or injuries)", 2),
    Criterion("V4", AT_RISK, "Close association with members of such a group, assessed by a practitioner as "
                             "putting the person at risk of harm", 1),
]
BY_CODE = {c.code: c for c in CRITERIA}


class MarkingError(ValueError):
    """A mark the criteria do not support; the message says what is missing."""


def check_mark(mark: str, codes: list[str]) -> None:
    """Refuse a mark the criteria met do not support.

    *At risk / victim* needs at least one at-risk criterion. *Perpetrator* needs at least two
    perpetrator criteria, one of them evidenced by a charge, conviction or court order: intelligence
    or association alone never marks a person as a perpetrator.
    """
    if mark not in (AT_RISK, PERPETRATOR):
        raise MarkingError("Choose at risk / victim or perpetrator")
    unknown = [code for code in codes if code not in BY_CODE]
    if unknown:
        raise MarkingError(f"Unknown criteria: {', '.join(unknown)}")
    other = [code for code in codes if BY_CODE[code].mark != mark]
    if other:
        raise MarkingError(f"Criteria {', '.join(other)} are for the other mark")
    if mark == AT_RISK and not codes:
        raise MarkingError("Tick at least one at-risk criterion the records show")
    if mark == PERPETRATOR and (len(codes) < 2 or not any(BY_CODE[code].evidenced for code in codes)):
        raise MarkingError("A perpetrator mark needs at least two perpetrator criteria, one of them a charge, "
                           "conviction or court order (P1 or P2)")


def score(codes: list[str]) -> int:
    """The sum of the weights of the criteria met."""
    return sum(BY_CODE[code].weight for code in codes)


def next_review(reviewed_on: dt.date) -> dt.date:
    return add_months(reviewed_on, REVIEW_MONTHS)


def grace_days() -> int:
    return settings.GANGS["REVIEW_GRACE_DAYS"]


def is_overdue(next_review_on: dt.date, today: dt.date) -> bool:
    return next_review_on < today


def removal_due(next_review_on: dt.date, today: dt.date) -> bool:
    """Is a review so overdue that the person is removed? After the grace period, counted from the due day."""
    return (today - next_review_on).days > grace_days()
