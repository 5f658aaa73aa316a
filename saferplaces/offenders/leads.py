"""Suggested lead agency for a person in several cohorts: a documented rule table (docs/cohorts.md).

Rules are tried in order; the first that applies suggests the lead, and every rule that applies
is shown so the offender co-ordinator can see the whole picture. A suggestion, not a decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from saferplaces.offenders.models import Cohort, IOMLead


@dataclass(frozen=True)
class PersonCohorts:
    cohorts: frozenset[str]
    age: int | None  # on the day of the check; None when the date of birth is unknown
    iom_lead: str = ""  # police / probation, for IOM


@dataclass(frozen=True)
class LeadRule:
    code: str
    lead: str | Callable[[PersonCohorts], str]
    reason: str
    applies: Callable[[PersonCohorts], bool]

    @property
    def lead_label(self) -> str:
        return "Police or probation, as the IOM panel assigned" if callable(self.lead) else self.lead

    def lead_for(self, person: PersonCohorts) -> str:
        return self.lead(person) if callable(self.lead) else self.lead


def _iom_lead(person: PersonCohorts) -> str:
    if person.iom_lead == IOMLead.POLICE:
        return "Police"
    if person.iom_lead == IOMLead.PROBATION:
        return "Probation"
    return "Police or probation, as the IOM panel decides"


def _under_18(person: PersonCohorts) -> bool:
    return person.age is not None and person.age < 18


RULES: list[LeadRule] = [
    LeadRule("mappa", "Probation", "MAPPA: probation leads as a responsible authority (Criminal Justice Act 2003, "
             "s.325), with police and prisons", lambda p: Cohort.MAPPA in p.cohorts),
    LeadRule("yos_under_18", "Youth offending service", "Under 18 and known to the YOS: the youth offending service "
             "leads (Crime and Disorder Act 1998, s.39)", lambda p: Cohort.YOS in p.cohorts and _under_18(p)),
    LeadRule("iom", _iom_lead, "IOM: the agency the IOM panel assigned leads", lambda p: Cohort.IOM in p.cohorts),
    LeadRule("gangs", "Integrated Gangs Unit", "Gang-associated: the IGU leads through GMAP",
             lambda p: Cohort.GANGS in p.cohorts),
    LeadRule("channel", "Local authority (Channel panel)", "Channel: the local authority chairs the panel "
             "(Counter-Terrorism and Security Act 2015, s.36)", lambda p: Cohort.CHANNEL in p.cohorts),
    LeadRule("children", "Children's services", "A child who is missing or at risk of exploitation (MACE): "
             "children's services lead on safeguarding",
             lambda p: bool({Cohort.MACE, Cohort.MISSING_CHILDREN} & p.cohorts)),
    LeadRule("yos_adult", "Probation", "18 or over and known to the YOS: transition to probation",
             lambda p: Cohort.YOS in p.cohorts and not _under_18(p)),
    LeadRule("marac", "IDVA service (MARAC)", "MARAC: the IDVA service leads the victim's safety plan",
             lambda p: Cohort.MARAC in p.cohorts),
    LeadRule("asb", "Council ASB team", "ASB: the council's ASB team leads", lambda p: Cohort.ASB in p.cohorts),
    LeadRule("unite", "Offender co-ordinator to assign", "Unite: the strategy names no lead agency yet",
             lambda p: Cohort.UNITE in p.cohorts),
]


@dataclass(frozen=True)
class LeadSuggestion:
    lead: str
    rule: str
    reason: str
    also: tuple[tuple[str, str], ...]  # (lead, reason) of the other rules that apply


def suggest(person: PersonCohorts) -> LeadSuggestion | None:
    matching = [rule for rule in RULES if rule.applies(person)]
    if not matching:
        return None
    first = matching[0]
    return LeadSuggestion(first.lead_for(person), first.code, first.reason,
                          tuple((r.lead_for(person), r.reason) for r in matching[1:]))


def age_on(date_of_birth: dt.date | None, day: dt.date) -> int | None:
    if date_of_birth is None:
        return None
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))
