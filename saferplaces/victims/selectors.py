"""Reads for the repeat-victim register. Record-level reads are scoped by policy; the MARAC
figures are partnership aggregates over every agency's referrals (counts only)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from saferplaces.people.models import Person
from saferplaces.people.selectors import person_keys
from saferplaces.policy import access
from saferplaces.victims import marac, rules
from saferplaces.victims.models import Referral, Service, Victimisation


@dataclass(frozen=True)
class RegisterEntry:
    key: str
    people: tuple  # the person records (visible to the viewer) of this person
    flags: tuple
    victimisations: tuple


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


def person_flags(victimisations, referrals, on: dt.date) -> list[rules.Flag]:
    events = [rules.Event(v.pk, v.kind, v.get_kind_display(), v.occurred_on) for v in victimisations]
    maracs = [r.referred_on for r in referrals if r.service == Service.MARAC]
    return rules.flags(events, maracs, on)


def register(*, actor, on: dt.date | None = None) -> list[RegisterEntry]:
    """People the rules flag, judged only on the victimisations and referrals the actor may see
    (so the register never reveals a record through a flag), records of one person taken together."""
    on = on or timezone.localdate()
    victimisations = list(visible_victimisations(actor).filter(occurred_on__gt=rules.add_months(on, -12)))
    referrals = list(visible_referrals(actor).filter(service=Service.MARAC))
    keys = person_keys([v.person_id for v in victimisations] + [r.person_id for r in referrals])
    by_key_v, by_key_r = defaultdict(list), defaultdict(list)
    for v in victimisations:
        by_key_v[keys[v.person_id]].append(v)
    for r in referrals:
        by_key_r[keys[r.person_id]].append(r)
    visible_people = set(access.scope(actor, Person.objects.filter(pk__in=keys)).values_list("pk", flat=True))
    entries = []
    for key, group in by_key_v.items():
        found = person_flags(group, by_key_r.get(key, []), on)
        if not found:
            continue
        people = {v.person for v in group if v.person_id in visible_people}
        entries.append(RegisterEntry(key, tuple(sorted(people, key=lambda p: p.pk)), tuple(found),
                                     tuple(sorted(group, key=lambda v: v.occurred_on))))
    entries.sort(key=lambda e: (-len(e.victimisations), e.key))
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
