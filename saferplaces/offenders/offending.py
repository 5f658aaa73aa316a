"""Offending histories: importing a police or court extract, and the figures the cohorts' offending gives.

An extract names each offence's person as the agency that holds them does (its ``person_reference``
for the person record, and the agency's short name when it is not the importer's). Person linkage
(:mod:`saferplaces.people.linkage`) gives each record a linked person id; an offence counts for
every cohort membership of any record with the same id, so a police extract's offences reach the
probation-held IOM membership of the same person.

Figures (:func:`cohort_outcomes`) are the evidence engine's proven re-offending measure
(``api.reoffending_from_rows``: Ministry of Justice definitions, bootstrap intervals, caveats) over
the memberships that started in a period, plus:

* **charge rate**: of the offences the members committed in their follow-up so far, the share
  charged or summonsed (Home Office crime outcomes framework, outcome type 1; a conviction counts,
  as a charge preceded it), the IDIOM-style measure the plan asks for;
* **first-time entrants** (Youth Justice Board / Ministry of Justice *Youth Justice Statistics*):
  young people aged 10 to 17 receiving their first caution or conviction; here counted in the period
  of that first proven outcome, aged 10–17 on the offence's date, over every linked record's offences;
* **custodial sentences** for young people: custodial outcomes in the period for offences
  committed aged 10–17.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from saferplaces.accounts.models import Agency
from saferplaces.core import csvimport
from saferplaces.core.context import acting_as
from saferplaces.evidence import api
from saferplaces.offenders.leads import age_on
from saferplaces.offenders.models import (
    CHARGED,
    Cohort,
    CohortMembership,
    Offence,
    OffenceOutcome,
    strand_label,
)
from saferplaces.people.models import Person, PersonLink
from saferplaces.people.selectors import person_keys
from saferplaces.policy import access
from saferplaces.policy.rules import require_permission

FOLLOW_UP_DAYS = 365
WAITING_DAYS = 182
#: Resamples for the report's intervals: fewer than the engine's 1,000, as a page runs one per
#: group; percentile intervals from 200 resamples move by about a percentage point between seeds.
RESAMPLES = 200
YOUTH_AGES = range(10, 18)

# --- import --------------------------------------------------------------------------------------------------------

IMPORT_COLUMNS = ["reference", "agency", "person_reference", "offence_date", "offence", "outcome", "outcome_date"]
REQUIRED_COLUMNS = {"reference", "person_reference", "offence_date", "offence", "outcome"}
_OUTCOMES = {**{o.value: o.value for o in OffenceOutcome}, **{o.label.lower(): o.value for o in OffenceOutcome}}


class _OffenceRows:
    """The row checker and creator of one offending-history import by ``actor``."""

    def __init__(self, actor):
        self.actor = actor
        self.agencies = {a.short_name.lower(): a for a in Agency.objects.all()}
        visible = access.scope(actor, Person.objects.exclude(source_reference=""))
        self.people = {(p.owner_agency_id, p.source_reference): p for p in visible}
        self.offences = csvimport.Duplicates(set(
            Offence.objects.filter(owner_agency=actor.agency).values_list("reference", flat=True)))

    def check(self, line: int, row: csvimport.Row) -> tuple[dict, list[str]]:
        problems: list[str] = []
        clean: dict = {"reference": row["reference"], "offence": row["offence"]}
        for column in ("reference", "offence"):
            if not row[column]:
                problems.append(f"{column} is empty")
            elif len(row[column]) > (limit := Offence._meta.get_field(column).max_length):
                problems.append(f"{column} is longer than {limit} characters")
        agency = self.agencies.get(row.get("agency", "").lower()) if row.get("agency") else self.actor.agency
        if agency is None:
            problems.append(f"agency '{row['agency']}' is not a partner agency's short name")
        clean["person"] = self.people.get((agency.pk, row["person_reference"])) if agency else None
        if agency and clean["person"] is None:
            problems.append(f"person {row['person_reference'] or '(empty)'} is not a person record of "
                            f"{agency.short_name} that you may see")
        clean["outcome"] = _OUTCOMES.get(row["outcome"].lower())
        if clean["outcome"] is None:
            problems.append(f"outcome '{row['outcome']}' is not one of: {', '.join(OffenceOutcome.values)}")
        clean.update(csvimport.dates(row, {"offence_date": True, "outcome_date": False}, problems))
        if clean["outcome"] not in (None, OffenceOutcome.PENDING) and not clean["outcome_date"] \
                and "outcome_date" not in " ".join(problems):
            problems.append("outcome_date is empty (only a pending outcome has no date)")
        if clean["offence_date"] and clean["outcome_date"] and clean["outcome_date"] < clean["offence_date"]:
            problems.append("outcome_date is before offence_date")
        if row["reference"] and (repeated := self.offences.problem(row["reference"], line, "this offence")):
            problems.append(repeated)
        return clean, problems

    def create(self, clean: dict) -> Offence:
        return Offence.objects.create(
            owner_agency=self.actor.agency, person=clean["person"], reference=clean["reference"],
            offence_on=clean["offence_date"], offence=clean["offence"], outcome=clean["outcome"],
            outcome_on=clean["outcome_date"])


@transaction.atomic
def offences_import(*, actor, text: str) -> csvimport.ImportResult:
    """Import an offending-history extract (offences owned by the actor's agency): all rows or none."""
    require_permission(actor, "personal.change")
    rows = _OffenceRows(actor)
    with acting_as(actor):
        return csvimport.run_import(text, columns=IMPORT_COLUMNS, required=REQUIRED_COLUMNS, check=rows.check,
                                    create=rows.create)


# --- linking offences to people ----------------------------------------------------------------------------------

def _records_of(keys: set[str]) -> dict[int, str]:
    """Every person record (id) of the linked people ``keys``, with its key."""
    linked = dict(PersonLink.objects.filter(person_key__in=keys).values_list("person_id", "person_key"))
    unlinked = {int(k.removeprefix("record-")): k for k in keys if k.startswith("record-")}
    return {**linked, **unlinked}


def _offences_by_key(keys: set[str]) -> dict[str, list[Offence]]:
    records = _records_of(keys)
    found: dict[str, list[Offence]] = defaultdict(list)
    for offence in Offence.objects.filter(person_id__in=records).order_by("offence_on", "pk"):
        found[records[offence.person_id]].append(offence)
    return found


# --- the performance report ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GroupRow:
    """One line of the performance report: a group of members (all, a strand, a lead agency)."""

    label: str
    people: int
    outcomes: api.ReoffendingReport | None  # None: nobody in the group
    charged: int
    offences_after: int

    @property
    def charge_rate(self) -> float | None:
        return self.charged / self.offences_after if self.offences_after else None

    @property
    def caveats(self) -> list[str]:
        return [c.name for c in self.outcomes.caveats if c.applies] if self.outcomes else []


@dataclass(frozen=True)
class Member:
    key: str
    start: dt.date
    strand: str
    lead: str


def _lead(membership: CohortMembership) -> str:
    if membership.lead_agency_id:
        return membership.lead_agency.short_name
    return membership.get_iom_lead_display() if membership.iom_lead else "No lead decided"


def _members(cohort: str, start: dt.date, end: dt.date) -> list[Member]:
    """Members who joined ``cohort`` in the period, once per linked person (their first start in it)."""
    memberships = list(CohortMembership.objects.filter(cohort=cohort, started_on__gte=start, started_on__lte=end)
                       .select_related("lead_agency").order_by("started_on", "pk"))
    keys = person_keys(m.person_id for m in memberships)
    first: dict[str, Member] = {}
    for m in memberships:
        first.setdefault(keys[m.person_id], Member(keys[m.person_id], m.started_on,
                                                   strand_label(m.cohort, m.strand) or "No strand", _lead(m)))
    return list(first.values())


def _group(label: str, members: list[Member], offences: dict[str, list[Offence]], today: dt.date,
           resamples: int) -> GroupRow:
    if not members:
        return GroupRow(label, 0, None, 0, 0)
    cohort_rows, offence_rows, charged, after = [], [], 0, 0
    for member in members:
        complete = member.start + dt.timedelta(days=FOLLOW_UP_DAYS + WAITING_DAYS - 1)
        # Follow-up still running: the engine counts what is seen so far and says so.
        cohort_rows.append({"person_id": member.key, "start_date": member.start,
                            "observed_until": max(today, member.start) if today < complete else None})
        follow_up_end = min(member.start + dt.timedelta(days=FOLLOW_UP_DAYS), today + dt.timedelta(days=1))
        for offence in offences.get(member.key, []):
            offence_rows.append({"person_id": member.key, "offence_date": offence.offence_on,
                                 "offence": offence.offence, "outcome_date": offence.proven_on,
                                 "outcome": offence.get_outcome_display()})
            if member.start <= offence.offence_on < follow_up_end:
                after += 1
                charged += offence.outcome in CHARGED
    outcomes = api.reoffending_from_rows(offence_rows, cohort_rows, follow_up=FOLLOW_UP_DAYS, waiting=WAITING_DAYS,
                                         resamples=resamples)
    return GroupRow(label, len(members), outcomes, charged, after)


@dataclass(frozen=True)
class PerformanceReport:
    cohort: str
    start: dt.date
    end: dt.date
    overall: GroupRow
    by_strand: list[GroupRow]
    by_lead: list[GroupRow]


def cohort_outcomes(*, cohort: str = Cohort.IOM, start: dt.date, end: dt.date, today: dt.date,
                    resamples: int = RESAMPLES) -> PerformanceReport:
    """Before/after offending of the members who joined ``cohort`` between ``start`` and ``end``,
    overall, by strand and by lead agency. A partnership aggregate over every agency's records."""
    members = _members(cohort, start, end)
    offences = _offences_by_key({m.key for m in members})

    def groups(attribute: str) -> list[GroupRow]:
        values = sorted({getattr(m, attribute) for m in members})
        return [_group(v, [m for m in members if getattr(m, attribute) == v], offences, today, resamples)
                for v in values]

    return PerformanceReport(cohort, start, end, _group("All members", members, offences, today, resamples),
                             groups("strand"), groups("lead"))


# --- youth justice ---------------------------------------------------------------------------------------------------

def _offences_by_person() -> dict[str, list[Offence]]:
    """Every offence, by linked person."""
    offences = list(Offence.objects.select_related("person").order_by("offence_on", "pk"))
    keys = person_keys(o.person_id for o in offences)
    by_key: dict[str, list[Offence]] = defaultdict(list)
    for offence in offences:
        by_key[keys[offence.person_id]].append(offence)
    return by_key


def _young(offence: Offence) -> bool:
    return age_on(offence.person.date_of_birth, offence.offence_on) in YOUTH_AGES


def first_time_entrants(start: dt.date, end: dt.date) -> int:
    """Young people whose first proven offence (any linked record's) was proven between ``start`` and
    ``end`` and committed aged 10–17."""
    count = 0
    for offences in _offences_by_person().values():
        proven = [o for o in offences if o.proven_on is not None]
        if not proven:
            continue
        first = min(proven, key=lambda o: (o.proven_on, o.offence_on))
        count += start <= first.proven_on <= end and _young(first)
    return count


def youth_custodial_sentences(start: dt.date, end: dt.date) -> int:
    """Custodial sentences given between ``start`` and ``end`` for offences committed aged 10–17."""
    return sum(_young(o) for o in Offence.objects.filter(outcome=OffenceOutcome.CUSTODY, outcome_on__gte=start,
                                                          outcome_on__lte=end).select_related("person"))


# --- one offence at a time (the partner API) ------------------------------------------------------------------------

class OffenceError(ValueError):
    """An offence that cannot be recorded as given; the message says what to fix."""


def _check_offence(*, reference: str, offence_on: dt.date, offence: str, outcome: str,
                   outcome_on: dt.date | None) -> None:
    # The import's rules (``_OffenceRows.check``), for one offence.
    for name, value in (("reference", reference), ("offence", offence)):
        if not value.strip():
            raise OffenceError(f"Enter the {name}")
        if len(value) > (limit := Offence._meta.get_field(name).max_length):
            raise OffenceError(f"The {name} is longer than {limit} characters")
    if outcome not in OffenceOutcome.values:
        raise OffenceError(f"The outcome must be one of: {', '.join(OffenceOutcome.values)}")
    if outcome != OffenceOutcome.PENDING and outcome_on is None:
        raise OffenceError("Give the outcome's date (only a pending outcome has no date)")
    if outcome_on is not None and outcome_on < offence_on:
        raise OffenceError("The outcome date is before the offence date")


@transaction.atomic
def offence_record(*, actor, person: Person, reference: str, offence_on: dt.date, offence: str, outcome: str,
                   outcome_on: dt.date | None = None) -> Offence:
    """Record one offence (owned by the actor's agency) of a person record the caller authorised the
    actor to see."""
    require_permission(actor, "personal.change")
    _check_offence(reference=reference, offence_on=offence_on, offence=offence, outcome=outcome,
                   outcome_on=outcome_on)
    if Offence.objects.filter(owner_agency=actor.agency_id, reference=reference).exists():
        raise OffenceError(f"Offence {reference} is already recorded")
    with acting_as(actor):
        return Offence.objects.create(owner_agency=actor.agency, person=person, reference=reference,
                                      offence_on=offence_on, offence=offence, outcome=outcome, outcome_on=outcome_on)


@transaction.atomic
def offence_update(*, actor, offence: Offence, offence_on: dt.date, description: str, outcome: str,
                   outcome_on: dt.date | None = None) -> Offence:
    """Correct an offence of the actor's agency (its outcome, typically), the caller fetched for change."""
    require_permission(actor, "personal.change")
    if offence.owner_agency_id != actor.agency_id:
        raise OffenceError("Correct only your own agency's offences")
    _check_offence(reference=offence.reference, offence_on=offence_on, offence=description, outcome=outcome,
                   outcome_on=outcome_on)
    with acting_as(actor):
        offence.offence_on, offence.offence, offence.outcome, offence.outcome_on = (offence_on, description, outcome,
                                                                                    outcome_on)
        offence.save()
    return offence
