"""Measures of the referrals made to the directory's services, for the plan's KPIs (issue 16): the
Victim group's KPI "Referral levels between commissioned services and Victim Support" asks how many
referrals the partnership's agencies make to the services it commissions and what became of them.
Counts over every agency's referrals (partnership aggregates: no record leaves policy)."""

from __future__ import annotations

from saferplaces.plans.measures import register, register_family
from saferplaces.victims.models import Referral, ReferralStatus

#: a referral the service took on: accepted, or later closed with an outcome
TAKEN_ON = (ReferralStatus.ACCEPTED, ReferralStatus.CLOSED)


def _made(start, end):
    return Referral.objects.filter(directory_service__isnull=False, referred_on__range=(start, end))


def referrals_made(start, end) -> float:
    """Referrals made in the period to a service of the directory, by every agency."""
    return float(_made(start, end).count())


def referrals_taken_on(start, end) -> float:
    """Referrals to the directory's services made in the period that the service accepted."""
    return float(_made(start, end).filter(status__in=TAKEN_ON).count())


def referrals_positive_share(start, end) -> float:
    """Percentage of the referrals to the directory's services closed in the period whose outcome the
    service recorded as positive (those closed without saying count against)."""
    closed = list(Referral.objects.filter(directory_service__isnull=False, status=ReferralStatus.CLOSED,
                                          status_on__range=(start, end)).values_list("outcome_positive", flat=True))
    return 100.0 * sum(1 for positive in closed if positive) / len(closed) if closed else 0.0


def service_referrals(service_id: str, start, end) -> float:
    """Referrals made in the period to one commissioned service of the directory."""
    return float(_made(start, end).filter(directory_service_id=service_id).count())


def commissioned_services() -> list[tuple[str, str]]:
    # Imported here: models are read only once the apps are loaded, after the registry asks.
    from saferplaces.directory.models import Service
    return [(str(pk), name) for pk, name in Service.objects.filter(contracts__isnull=False).distinct()
            .order_by("name", "pk").values_list("pk", "name")]


def register_all() -> None:
    register("directory.referrals_made", "Referrals to the directory's services", "count", referrals_made)
    register("directory.referrals_taken_on", "Referrals to the directory's services accepted", "count",
             referrals_taken_on)
    register("directory.referrals_positive_share", "Referrals to the directory's services closed with a "
             "positive outcome", "percentage", referrals_positive_share)
    register_family("directory.service_referrals", "Referrals to a commissioned service", "count",
                    service_referrals, commissioned_services)
