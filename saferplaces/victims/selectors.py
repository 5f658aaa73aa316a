"""Reads for the repeat-victim register. Record-level reads are scoped by policy; the MARAC
figures are partnership aggregates over every agency's referrals (counts only)."""

from __future__ import annotations

import dataclasses
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
    victimisations: tuple  # the ids of the victimisations the rules read
    complaints: tuple = ()  # the ids of the ASB complaints on cases where they are victim or complainant

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
    incidents = (Incident.objects.filter(case_id__in=parties.values("case_id"), is_complaint=True)
                 .select_related("case"))
    if since is not None:
        incidents = incidents.filter(occurred_at__gte=_start_of(since))
    return [(person_id, incident) for incident in incidents.order_by("occurred_at", "pk")
            for person_id in sorted(people_of_case[incident.case_id])]


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


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


def _key_of(person_id: int, linked_key: str | None) -> str:
    """The linked person id of a record (``people.selectors.person_keys``), read with the row."""
    return linked_key or f"record-{person_id}"


#: the linked person id of the row's person record, read in the same query (one row at most: one-to-one)
_LINK_KEY = "person__link__person_key"


def _register_events(actor, since: dt.date) -> tuple[dict, dict, dict]:
    """Every event the register judges, as plain values read in three queries whatever their number:
    ``(events by person key, person record ids by key, MARAC referral dates by key)``.

    Victimisations and referrals are read as value rows (no model instances), each with its person
    record's linked id joined in; the ASB complaints of the cases the actor may see are joined to
    their victim and complainant parties in the database. The events are the ones
    :func:`person_flags` builds from records, so that the rules give the same answers."""
    events: dict[str, dict] = defaultdict(dict)
    person_ids: dict[str, set[int]] = defaultdict(set)
    kinds = dict(VictimisationKind.choices)
    # In the orders the records were read in before (newest victimisation first, oldest complaint
    # first): a flag lists its sources in the order first met.
    rows = (visible_victimisations(actor).filter(occurred_on__gt=since).order_by("-occurred_on", "-pk")
            .values_list("pk", "person_id", _LINK_KEY, "kind", "occurred_on", "owner_agency__name"))
    for pk, person_id, linked, kind, on, agency in rows:
        key = _key_of(person_id, linked)
        events[key][("victimisation", pk)] = rules.Event(("victimisation", pk), kind, kinds.get(kind, kind), on,
                                                         source=f"Recorded by {agency}")
        person_ids[key].add(person_id)
    cases = access.scope(actor, AsbCase.objects.all()).values("pk")
    complaints = (Party.objects.filter(case__in=cases, role__in=VICTIM_ROLES, person__isnull=False,
                                       case__incidents__is_complaint=True,
                                       case__incidents__occurred_at__gte=_start_of(since))
                  .order_by("case__incidents__occurred_at", "case__incidents__pk", "person_id")
                  .values_list("person_id", _LINK_KEY, "case__incidents__pk", "case__incidents__occurred_at",
                               "case_id", "case__opened_on"))
    zone, references = timezone.get_current_timezone(), {}
    for person_id, linked, pk, at, case_id, opened_on in complaints:
        key = _key_of(person_id, linked)
        if case_id not in references:
            references[case_id] = f"ASB case {AsbCase.reference_of(case_id, opened_on)}"
        # One complaint counts once for a person, whichever of their records is party to the case;
        # its day is the local one (``timezone.localdate``).
        events[key][("asb_complaint", pk)] = rules.Event(
            ("asb_complaint", pk), rules.ASB, VictimisationKind.ASB.label, at.astimezone(zone).date(),
            source=references[case_id], noun="complaint")
        person_ids[key].add(person_id)
    maracs: dict[str, list[dt.date]] = defaultdict(list)
    for person_id, linked, on in (visible_referrals(actor).filter(service=Service.MARAC).order_by()
                                  .values_list("person_id", _LINK_KEY, "referred_on")):
        maracs[_key_of(person_id, linked)].append(on)
    return events, person_ids, maracs


def _flagged(actor, on: dt.date | None, rule: str) -> list[tuple[RegisterEntry, set[int]]]:
    """Each flagged person's entry (without their person records yet) and their record ids, in the
    register's order: most events first."""
    on = on or timezone.localdate()
    since = rules.add_months(on, -limits().longest_months)
    events, person_ids, maracs = _register_events(actor, since)
    thresholds = limits()
    # No rule flags fewer events than its count, and only the MARAC repeat needs a referral: a person
    # with fewer events than the smallest count and no referral is not flagged (the rules not run).
    fewest = min(thresholds.same_type_count, thresholds.asb_count)
    found = []
    for key, by_id in events.items():
        if len(by_id) < fewest and key not in maracs:
            continue
        flags = rules.flags(list(by_id.values()), maracs.get(key, []), on, thresholds)
        if not flags or (rule and rule not in {flag.rule for flag in flags}):
            continue
        ordered = sorted(by_id.values(), key=lambda e: e.on)  # stable: oldest first, as read
        entry = RegisterEntry(key, (), tuple(flags),
                              tuple(e.id[1] for e in ordered if e.id[0] == "victimisation"),
                              tuple(e.id[1] for e in ordered if e.id[0] == "asb_complaint"))
        found.append((entry, person_ids[key]))
    found.sort(key=lambda item: (-item[0].events, item[0].key))
    return found


def _with_people(actor, flagged: list[tuple[RegisterEntry, set[int]]]) -> list[RegisterEntry]:
    """The entries with the person records of each that the actor may see (one query)."""
    ids = {pid for _entry, pids in flagged for pid in pids}
    visible = {p.pk: p for p in access.scope(actor, Person.objects.filter(pk__in=ids).select_related("owner_agency"))}
    return [dataclasses.replace(entry, people=tuple(visible[pid] for pid in sorted(pids) if pid in visible))
            for entry, pids in flagged]


def register(*, actor, on: dt.date | None = None, rule: str = "") -> list[RegisterEntry]:
    """People the rules flag (only those ``rule`` flags, when given), judged only on the
    victimisations, ASB complaints and referrals the actor may see (so the register never reveals a
    record through a flag), records of one person taken together; most events first."""
    return _with_people(actor, _flagged(actor, on, rule))


@dataclass
class RegisterPage:
    """One page of the register: its entries with their person records, and how many are flagged."""

    entries: list[RegisterEntry]
    number: int
    total: int
    page_size: int

    @property
    def object_list(self) -> list[RegisterEntry]:
        return self.entries

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number * self.page_size < self.total

    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1

    def __iter__(self):
        return iter(self.entries)

    def __len__(self):
        return len(self.entries)

    @property
    def total_text(self) -> str:
        return f"{self.total:,}"


def register_page(*, actor, page: object = 1, page_size: int, on: dt.date | None = None,
                  rule: str = "") -> RegisterPage:
    """One page of :func:`register`: the rules judge every visible event (as values, in three
    queries), but person records are read only for the people on the page."""
    flagged = _flagged(actor, on, rule)
    last = max(1, -(-len(flagged) // page_size))
    text = str(page or "1")
    number = min(max(int(text), 1), last) if text.isascii() and text.isdigit() and len(text) < 6 else 1
    start = (number - 1) * page_size
    return RegisterPage(_with_people(actor, flagged[start:start + page_size]), number, len(flagged), page_size)


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
