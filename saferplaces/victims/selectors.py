"""Reads for the repeat-victim register. Record-level reads are scoped by policy; the MARAC
figures are partnership aggregates over every agency's referrals (counts only)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from saferplaces.accounts.models import AgencyKind, User
from saferplaces.accounts.roles import Role
from saferplaces.asb.models import AsbCase, Incident, Party, PartyRole
from saferplaces.people.models import Person
from saferplaces.people.selectors import person_keys
from saferplaces.policy import access
from saferplaces.victims import marac, rules
from saferplaces.victims.models import Referral, ReferralStatus, Service, Victimisation, VictimisationKind


@dataclass(frozen=True)
class RegisterEntry:
    key: str
    people: tuple  # the person records (visible to the viewer) of this person
    flags: tuple
    victimisations: tuple
    complaints: tuple = ()  # ASB complaints (``asb.Incident``) on cases where they are victim or complainant

    @property
    def events(self) -> int:
        return len(self.victimisations) + len(self.complaints)


def limits() -> rules.Thresholds:
    return rules.thresholds(getattr(settings, "VICTIMS", None))


def visible_victimisations(actor, people=None):
    queryset = Victimisation.objects.select_related("person__owner_agency", "owner_agency")
    if people is not None:
        queryset = queryset.filter(person__in=people)
    return access.scope(actor, queryset)


def visible_referrals(actor, people=None):
    queryset = Referral.objects.select_related("person__owner_agency", "owner_agency")
    if people is not None:
        queryset = queryset.filter(person__in=people)
    return access.scope(actor, queryset)


#: the parts in an ASB case whose complaints are the person's victimisation
VICTIM_ROLES = (PartyRole.VICTIM, PartyRole.COMPLAINANT)


def visible_asb_complaints(actor, people=None, since: dt.date | None = None) -> list[tuple[int, Incident]]:
    """``(person id, complaint)`` for each complaint (an ``asb.Incident`` marked as one) on an ASB
    case the actor may see where that person record is a victim or complainant party. A complaint
    is the victim's own report of ASB, so it is an ASB victimisation (issue 12); the case's
    visibility decides, as on the case page."""
    cases = access.scope(actor, AsbCase.objects.all()).values("pk")
    parties = Party.objects.filter(case__in=cases, role__in=VICTIM_ROLES, person__isnull=False)
    if people is not None:
        parties = parties.filter(person__in=people)
    return asb_complaints(parties, since)


def asb_complaints(parties, since: dt.date | None = None) -> list[tuple[int, Incident]]:
    """``(person id, complaint)`` for each complaint on the cases of ``parties`` (victim or complainant
    parties with a person record), from ``since`` on, oldest first: the register reads those of the
    cases its viewer may see, the plan's measures those of every case."""
    people_of_case: dict[int, set[int]] = defaultdict(set)
    for person_id, case_id in parties.values_list("person_id", "case_id"):
        people_of_case[case_id].add(person_id)
    if not people_of_case:
        return []
    incidents = Incident.objects.filter(case_id__in=people_of_case, is_complaint=True).select_related("case")
    if since is not None:
        incidents = incidents.filter(occurred_at__gte=timezone.make_aware(
            dt.datetime.combine(since, dt.time.min)))
    return [(person_id, incident) for incident in incidents.order_by("occurred_at", "pk")
            for person_id in sorted(people_of_case[incident.case_id])]


def victimisation_event(v: Victimisation) -> rules.Event:
    return rules.Event(("victimisation", v.pk), v.kind, v.get_kind_display(), v.occurred_on,
                       source=f"Recorded by {v.owner_agency.name}")


def complaint_event(incident: Incident) -> rules.Event:
    return rules.Event(("asb_complaint", incident.pk), rules.ASB, VictimisationKind.ASB.label,
                       timezone.localdate(incident.occurred_at), source=f"ASB case {incident.case.reference}",
                       noun="complaint")


def person_flags(victimisations, referrals, on: dt.date, complaints=()) -> list[rules.Flag]:
    """The rules' flags from the given records (``complaints``: ``asb.Incident`` records); the
    thresholds are ``settings.VICTIMS``'s."""
    events = [victimisation_event(v) for v in victimisations]
    events += list({incident.pk: complaint_event(incident) for incident in complaints}.values())
    maracs = [r.referred_on for r in referrals if r.service == Service.MARAC]
    return rules.flags(events, maracs, on, limits())


def register(*, actor, on: dt.date | None = None, rule: str = "") -> list[RegisterEntry]:
    """People the rules flag (only those ``rule`` flags, when given), judged only on the
    victimisations, ASB complaints and referrals the actor may see (so the register never reveals a
    record through a flag), records of one person taken together."""
    on = on or timezone.localdate()
    since = rules.add_months(on, -limits().longest_months)
    victimisations = list(visible_victimisations(actor).filter(occurred_on__gt=since))
    complaints = visible_asb_complaints(actor, since=since)
    referrals = list(visible_referrals(actor).filter(service=Service.MARAC))
    keys = person_keys([v.person_id for v in victimisations] + [r.person_id for r in referrals]
                       + [pid for pid, _incident in complaints])
    by_key_v, by_key_c, by_key_r = defaultdict(list), defaultdict(dict), defaultdict(list)
    person_ids = defaultdict(set)
    for v in victimisations:
        by_key_v[keys[v.person_id]].append(v)
        person_ids[keys[v.person_id]].add(v.person_id)
    for pid, incident in complaints:
        by_key_c[keys[pid]][incident.pk] = incident  # one complaint counts once for a person
        person_ids[keys[pid]].add(pid)
    for r in referrals:
        by_key_r[keys[r.person_id]].append(r)
    visible_people = {p.pk: p for p in access.scope(actor, Person.objects.filter(pk__in=keys)
                                                     .select_related("owner_agency"))}
    entries = []
    for key in set(by_key_v) | set(by_key_c):
        group, complained = by_key_v.get(key, []), list(by_key_c.get(key, {}).values())
        found = person_flags(group, by_key_r.get(key, []), on, complained)
        if not found or (rule and rule not in {flag.rule for flag in found}):
            continue
        people = [visible_people[pid] for pid in sorted(person_ids[key]) if pid in visible_people]
        entries.append(RegisterEntry(key, tuple(people), tuple(found),
                                     tuple(sorted(group, key=lambda v: v.occurred_on)), tuple(complained)))
    entries.sort(key=lambda e: (-e.events, e.key))
    return entries


def referral_access(*, actor, referral_id: int, action: str = "view") -> Referral:
    return access.fetch(actor, Referral.objects.select_related("person", "owner_agency", "victimisation"),
                        referral_id, action)


def all_marac_referrals() -> list[marac.MaracReferral]:
    rows = list(Referral.objects.filter(service=Service.MARAC).values_list("pk", "person_id", "referred_on",
                                                                            "owner_agency__name"))
    keys = person_keys(row[1] for row in rows)
    return [marac.MaracReferral(pk, keys[person], on, agency) for pk, person, on, agency in rows]


def marac_quarters(*, count: int = 4, on: dt.date | None = None) -> list[marac.QuarterFigures]:
    """Figures for the last ``count`` quarters up to the one holding ``on`` (most recent first)."""
    on = on or timezone.localdate()
    referrals = all_marac_referrals()
    start, end = marac.quarter_of(on)
    quarters = []
    for _ in range(count):
        quarters.append(marac.quarter_figures(referrals, start, end))
        end = start - dt.timedelta(days=1)
        start, _unused = marac.quarter_of(end)
    return quarters


def previous_marac_referral(*, actor, referral: Referral) -> Referral | None:
    """The person's MARAC referral (by linked person id, among those the actor may see) before this
    one, when it was within 12 months: this referral is then a SafeLives repeat."""
    key = person_keys([referral.person_id])[referral.person_id]
    same_person = [pid for pid, k in person_keys(
        Referral.objects.filter(service=Service.MARAC).values_list("person_id", flat=True)).items() if k == key]
    earlier = (visible_referrals(actor).filter(service=Service.MARAC, person_id__in=same_person,
                                               referred_on__lte=referral.referred_on)
               .exclude(pk=referral.pk).order_by("-referred_on", "-pk").first())
    if earlier and referral.referred_on <= rules.add_months(earlier.referred_on, 12):
        return earlier
    return None


# --- Who receives a referral ----------------------------------------------------------------------
# A referral is held by the agency that made it; the service it goes to is a choice, not an agency.
# These are the agencies whose staff take each service's referrals in: Victim Support, IDVAs and
# commissioned services sit in victim-service (or voluntary) agencies; the MARAC coordinator sits in
# the local authority's community safety team, and is one of its managers. They are told of a new
# referral (``referral_recipients``) and see it on My work while it waits for an answer
# (``referrals_waiting``), when policy lets them see it (an agreement sharing victim data): being told
# grants nothing.

RECEIVING_AGENCY_KINDS: dict[str, frozenset[str]] = {
    Service.VICTIM_SUPPORT: frozenset({AgencyKind.VICTIM_SERVICE}),
    Service.IDVA: frozenset({AgencyKind.VICTIM_SERVICE}),
    Service.COMMISSIONED: frozenset({AgencyKind.VICTIM_SERVICE, AgencyKind.VOLUNTARY}),
    Service.MARAC: frozenset({AgencyKind.LOCAL_AUTHORITY}),
}
#: the roles that take a service's referrals in (MARAC: the coordinator, a manager)
RECEIVING_ROLES: dict[str, frozenset[str]] = {
    Service.VICTIM_SUPPORT: frozenset({Role.CASEWORKER, Role.MANAGER}),
    Service.IDVA: frozenset({Role.CASEWORKER, Role.MANAGER}),
    Service.COMMISSIONED: frozenset({Role.CASEWORKER, Role.MANAGER}),
    Service.MARAC: frozenset({Role.MANAGER}),
}


def services_received_by(user) -> set[str]:
    """The services whose referrals ``user`` takes in (none for most people)."""
    return {service for service, kinds in RECEIVING_AGENCY_KINDS.items()
            if user.agency.kind in kinds and user.role in RECEIVING_ROLES[service]}


def referral_recipients(referral: Referral) -> list:
    """The active staff, in active agencies other than the referrer's, who take the referral in: for a
    referral to a service of the directory, the provider staff of the agency keeping its organisation."""
    if referral.directory_service_id:
        agency_id = referral.directory_service.organization.agency_id
        return list(User.objects.filter(is_active=True, agency__active=True, agency_id=agency_id,
                                        role=Role.PROVIDER).order_by("pk")) if agency_id else []
    return list(User.objects.filter(is_active=True, agency__active=True,
                                    agency__kind__in=RECEIVING_AGENCY_KINDS[referral.service],
                                    role__in=RECEIVING_ROLES[referral.service])
                .exclude(agency_id=referral.owner_agency_id).order_by("pk"))


def referrals_waiting(*, actor):
    """Referrals to the services the actor takes in, not yet accepted or declined, that they may see."""
    services = services_received_by(actor)
    if not services:
        return Referral.objects.none()
    return (access.scope(actor, Referral.objects.select_related("owner_agency"))
            .filter(service__in=services, status=ReferralStatus.MADE).order_by("referred_on", "pk"))
