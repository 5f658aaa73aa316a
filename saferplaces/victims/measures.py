"""Measures the repeat-victim register offers to the partnership plan's KPIs (``plans.measures``).

Partnership aggregates over every agency's records (counts only, never a record), as the MARAC
figures are: the Victim group's objectives are "to identify all repeat victims", referrals "between
commissioned services and victim support", "bespoke support to vulnerable young victims" (its KPI:
"80% of young people accessing the service achieve a positive outcome") and to "assess how each
agency is performing" through the complaints received under the Victims' Code.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone

from saferplaces.accounts.models import AgencyKind
from saferplaces.asb.models import Party
from saferplaces.core.dates import add_months
from saferplaces.people.selectors import person_keys
from saferplaces.plans.measures import register
from saferplaces.victims.models import (
    ComplaintOutcome,
    Referral,
    ReferralStatus,
    Service,
    Victimisation,
    VictimsCodeComplaint,
)
from saferplaces.victims.selectors import VICTIM_ROLES, asb_complaints

#: The window of the repeat-victimisation rate: a victim victimised more than once in the 12 months to
#: the end of the period is a repeat victim (the Crime Survey for England and Wales's definition of
#: repeat victimisation, "victimised more than once in the previous 12 months", ONS).
WINDOW_MONTHS = 12
#: "Young people": under 25 on the day of the referral (issue 13; the strategy's body says "aged
#: under 24", its KPI "young people"; the wider bound keeps every young victim it means).
YOUNG_UNDER = 25
#: The services a victim is supported by (a MARAC is a meeting, not a service the victim uses).
SUPPORT_SERVICES = (Service.VICTIM_SUPPORT, Service.IDVA, Service.COMMISSIONED)
SUPPORTED = (ReferralStatus.ACCEPTED, ReferralStatus.CLOSED)


def victims_in_window(end: dt.date) -> Counter:
    """Victimisations per person (linked records counted as one) in the 12 months to ``end``: the
    register's sources, its recorded victimisations and the ASB complaints of a case's victim or
    complainant."""
    since = add_months(end, -WINDOW_MONTHS)
    per_record: list[int] = list(Victimisation.objects.filter(occurred_on__gt=since, occurred_on__lte=end)
                                 .values_list("person_id", flat=True))
    parties = Party.objects.filter(role__in=VICTIM_ROLES, person__isnull=False)
    for person_id, complaint in asb_complaints(parties, since=since + dt.timedelta(days=1)):
        if timezone.localdate(complaint.occurred_at) <= end:
            per_record.append(person_id)
    keys = person_keys(per_record)
    return Counter(keys[pid] for pid in per_record)


def repeat_victimisation_rate(start, end) -> float:
    """Percentage of the victims of the 12 months to ``end`` victimised more than once in them (0 with
    no victims)."""
    counts = victims_in_window(end)
    if not counts:
        return 0.0
    return round(100.0 * sum(1 for n in counts.values() if n > 1) / len(counts), 1)


def repeat_victims(start, end) -> float:
    """Victims victimised more than once in the 12 months to ``end``."""
    return float(sum(1 for n in victims_in_window(end).values() if n > 1))


def _vs_referrals(start, end):
    return Referral.objects.filter(service=Service.VICTIM_SUPPORT, referred_on__range=(start, end))


def vs_referrals(start, end) -> float:
    """Referrals to Victim Support made in the period, by every agency."""
    return float(_vs_referrals(start, end).count())


def _vs_referrals_from(kinds):
    def compute(start, end) -> float:
        return float(_vs_referrals(start, end).filter(owner_agency__kind__in=kinds).count())

    compute.__doc__ = f"Referrals to Victim Support made in the period by agencies of the kinds {sorted(kinds)}."
    return compute


#: Victim Support's referral sources, as the plan's KPI asks ("referral levels between commissioned
#: services and victim support"): the police (most referrals, under the Victims' Code right 4), the
#: council, and the commissioned and voluntary services.
VS_SOURCES = {
    "police": ("police", {AgencyKind.POLICE}),
    "council": ("the council", {AgencyKind.LOCAL_AUTHORITY}),
    "services": ("commissioned and voluntary services",
                 {AgencyKind.VICTIM_SERVICE, AgencyKind.VOLUNTARY, AgencyKind.HOUSING, AgencyKind.HEALTH}),
}


def young_on(born: dt.date | None, on: dt.date) -> bool:
    if born is None:
        return False
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return age < YOUNG_UNDER


def _young_referrals(**filters) -> list[tuple[str, bool | None]]:
    """(linked person, positive outcome) of each support referral of someone under 25 when referred."""
    rows = list(Referral.objects.filter(service__in=SUPPORT_SERVICES, **filters)
                .values_list("person_id", "referred_on", "person__date_of_birth", "outcome_positive"))
    keys = person_keys(row[0] for row in rows)
    return [(keys[pid], positive) for pid, on, born, positive in rows if young_on(born, on)]


def young_people_supported(start, end) -> float:
    """People under 25 whose referral to a support service, made in the period, was accepted (or has
    closed): the plan's "number of young people accessing support services"."""
    return float(len({key for key, _ in _young_referrals(referred_on__range=(start, end), status__in=SUPPORTED)}))


def young_positive_outcome_share(start, end) -> float:
    """Percentage of the support referrals of people under 25 closed in the period whose outcome was
    positive, of those where the service said (0 with none): the strategy's "80% of young people
    accessing the service achieve a positive outcome"."""
    closed = [positive for _, positive in _young_referrals(status=ReferralStatus.CLOSED, status_on__range=(start, end))
              if positive is not None]
    return round(100.0 * sum(closed) / len(closed), 1) if closed else 0.0


def complaints_received(start, end) -> float:
    """Victims' Code complaints the partnership's agencies received in the period."""
    return float(VictimsCodeComplaint.objects.filter(received_on__range=(start, end)).count())


def complaints_upheld(start, end) -> float:
    """Victims' Code complaints answered in the period and upheld in full or in part."""
    return float(VictimsCodeComplaint.objects.filter(answered_on__range=(start, end),
                                                     outcome__in=(ComplaintOutcome.UPHELD,
                                                                  ComplaintOutcome.PARTLY_UPHELD)).count())


def complaining_agencies(start, end) -> float:
    """Agencies that received a Victims' Code complaint in the period."""
    return float(VictimsCodeComplaint.objects.filter(received_on__range=(start, end))
                 .values("agency").distinct().count())


def victims_recorded(start, end) -> float:
    """People (linked records once) with a victimisation recorded as happening in the period."""
    ids = Victimisation.objects.filter(occurred_on__range=(start, end)).values_list("person_id", flat=True)
    return float(len(set(person_keys(ids).values())))


def register_all() -> None:
    register("victims.repeat_rate", "Repeat-victimisation rate (12 months to the period's end)", "percentage",
             repeat_victimisation_rate)
    register("victims.repeat_victims", "Repeat victims (12 months to the period's end)", "count", repeat_victims)
    register("victims.victims_recorded", "Victims with a victimisation recorded", "count", victims_recorded)
    register("victims.vs_referrals", "Referrals to Victim Support", "count", vs_referrals)
    for key, (words, kinds) in VS_SOURCES.items():
        register(f"victims.vs_referrals_{key}", f"Referrals to Victim Support from {words}", "count",
                 _vs_referrals_from(frozenset(kinds)))
    register("victims.young_supported", "Young people (under 25) accessing support", "count",
             young_people_supported)
    register("victims.young_positive_share", "Young people's support closed with a positive outcome",
             "percentage", young_positive_outcome_share)
    register("victims.complaints_received", "Victims' Code complaints received", "count", complaints_received)
    register("victims.complaints_upheld", "Victims' Code complaints upheld (in full or in part)", "count",
             complaints_upheld)
    register("victims.complaining_agencies", "Agencies receiving Victims' Code complaints", "count",
             complaining_agencies)

