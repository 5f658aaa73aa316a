"""Demo victimisations and referrals (fictional people): repeat victims of each rule, MARAC referrals
across four quarters (one a repeat) and a DASH score."""

import datetime as dt

from django.utils import timezone

from saferplaces.accounts.models import Agency, User
from saferplaces.people.models import Person
from saferplaces.victims import dash
from saferplaces.victims.models import Referral, ReferralStatus, Service, Victimisation

#: agency, forename, surname, date of birth, postcode, reference: extra fictional victims
EXTRA_PEOPLE = [
    ("MPS", "Chloe", "Marsh", dt.date(1990, 6, 3), "W2 6AA", "MPS-CRIS-60101"),
    ("MPS", "Aisha", "Rahman", dt.date(1987, 9, 17), "W9 2BB", "MPS-CRIS-60102"),
    ("VS", "Dana", "Whitfield", dt.date(1995, 1, 28), "NW8 7CC", "VS-2017-0588"),
    ("WCC", "Precious", "Adeyemi", dt.date(1982, 12, 9), "W10 6DD", "WCC-ASB-1010"),
]

#: agency, person reference, kind, days ago, reference
VICTIMISATIONS = [
    ("MPS", "MPS-CRIS-55120", "robbery", 200, "MPS-DEMO-0001"),
    ("MPS", "MPS-CRIS-55120", "robbery", 40, "MPS-DEMO-0002"),
    ("WCC", "WCC-ASB-1002", "asb", 150, "WCC-DEMO-0001"),
    ("WCC", "WCC-ASB-1002", "asb", 90, "WCC-DEMO-0002"),
    ("WCC", "WCC-ASB-1002", "asb", 20, "WCC-DEMO-0003"),
    ("VS", "VS-2017-0412", "domestic_abuse", 300, "VS-DEMO-0001"),
    ("VS", "VS-2017-0412", "domestic_abuse", 30, "VS-DEMO-0002"),
    ("MPS", "MPS-CRIS-60101", "domestic_abuse", 120, "MPS-DEMO-0003"),
    ("MPS", "MPS-CRIS-60102", "domestic_abuse", 220, "MPS-DEMO-0004"),
    ("VS", "VS-2017-0588", "domestic_abuse", 60, "VS-DEMO-0003"),
    ("VS", "VS-2017-0588", "domestic_abuse", 20, "VS-DEMO-0004"),  # after her MARAC referral: a repeat
    ("WCC", "WCC-ASB-1010", "hate", 100, "WCC-DEMO-0004"),
]

#: agency, person reference, days ago, yes answers, status
MARAC = [
    ("VS", "VS-2017-0412", 280, 16, ReferralStatus.ACCEPTED),
    ("MPS", "MPS-CRIS-60102", 210, 15, ReferralStatus.CLOSED),
    ("MPS", "MPS-CRIS-60101", 110, 14, ReferralStatus.ACCEPTED),
    ("VS", "VS-2017-0588", 50, 18, ReferralStatus.MADE),
    ("VS", "VS-2017-0412", 25, 17, ReferralStatus.MADE),  # within 12 months of her last: a repeat
]


def load(out) -> None:
    today = timezone.localdate()
    agencies = {a.short_name: a for a in Agency.objects.all()}
    for agency, forename, surname, dob, postcode, reference in EXTRA_PEOPLE:
        Person.objects.update_or_create(owner_agency=agencies[agency], source_reference=reference,
                                        defaults={"forename": forename, "surname": surname, "date_of_birth": dob,
                                                  "postcode": postcode})
    people = {p.source_reference: p for p in Person.objects.all()}
    for agency, person, kind, days, reference in VICTIMISATIONS:
        on = today - dt.timedelta(days=days)
        Victimisation.objects.update_or_create(
            owner_agency=agencies[agency], reference=reference,
            defaults={"person": people[person], "kind": kind, "occurred_on": on, "reported_on": on,
                      "summary": "Demo record (fictional)"})
    Referral.objects.filter(outcome__startswith="Demo", service=Service.MARAC).delete()
    Referral.objects.filter(judgement_reason__startswith="Demo").delete()
    referrer = {u.agency.short_name: u for u in User.objects.filter(role="caseworker").select_related("agency")}
    for agency, person, days, yes, status in MARAC:
        on = today - dt.timedelta(days=days)
        Referral.objects.create(
            owner_agency=agencies[agency], person=people[person], service=Service.MARAC, referred_on=on,
            referred_by=referrer.get(agency), consent_given=agency == "VS",
            lawful_basis="" if agency == "VS" else "cda_s115",
            basis_detail="" if agency == "VS" else "Risk of serious harm: sharing is necessary to protect the victim",
            dash_answers=dash.CODES[:yes], dash_score=yes, status=status,
            status_on=on + dt.timedelta(days=7) if status != ReferralStatus.MADE else None,
            outcome="Demo: safety plan agreed at MARAC" if status == ReferralStatus.CLOSED else "",
            judgement_reason="Demo referral (fictional)")
    Referral.objects.filter(judgement_reason__startswith="Demo", service=Service.VICTIM_SUPPORT).delete()
    Referral.objects.create(
        owner_agency=agencies["WCC"], person=people["WCC-ASB-1002"], service=Service.VICTIM_SUPPORT,
        referred_on=today - dt.timedelta(days=18), referred_by=referrer.get("WCC"), consent_given=True,
        status=ReferralStatus.ACCEPTED, status_on=today - dt.timedelta(days=15),
        judgement_reason="Demo referral (fictional)")
    out.write(f"  {len(VICTIMISATIONS)} victimisations, {len(MARAC) + 1} referrals (fictional)")
