"""Demo victimisations and referrals (fictional people): repeat victims of each rule, MARAC referrals
across four quarters (one a repeat) and a DASH score."""

import datetime as dt

from django.utils import timezone

from saferplaces.accounts.models import Agency, User
from saferplaces.core.dates import add_months
from saferplaces.people.models import Person
from saferplaces.victims import dash
from saferplaces.victims.models import (
    ComplaintOutcome,
    ComplaintStage,
    Referral,
    ReferralStatus,
    Service,
    Victimisation,
    VictimsCodeComplaint,
)

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


#: agency, forename, surname, age in years, postcode, reference: young fictional victims (under 25)
YOUNG_PEOPLE = [
    ("MPS", "Tyrese", "Mensah", 17, "W9 3EE", "MPS-CRIS-60201"),
    ("WCC", "Leah", "Okafor", 19, "W2 5FF", "WCC-YP-2001"),
    ("VS", "Jordan", "Price", 22, "NW8 8GG", "VS-2017-0611"),
]
#: agency, person reference, service, days ago, status, positive outcome: support referrals across the
#: last four quarters, so that the plan's KPIs read from them have figures in each
SUPPORT = [
    ("MPS", "MPS-CRIS-60201", Service.VICTIM_SUPPORT, 300, ReferralStatus.CLOSED, True),
    ("WCC", "WCC-YP-2001", Service.VICTIM_SUPPORT, 200, ReferralStatus.CLOSED, True),
    ("VS", "VS-2017-0611", Service.IDVA, 130, ReferralStatus.CLOSED, False),
    ("MPS", "MPS-CRIS-60101", Service.VICTIM_SUPPORT, 120, ReferralStatus.ACCEPTED, None),
    ("MPS", "MPS-CRIS-60201", Service.COMMISSIONED, 100, ReferralStatus.CLOSED, True),
    ("WCC", "WCC-ASB-1010", Service.VICTIM_SUPPORT, 95, ReferralStatus.DECLINED, None),
    ("CWH", "WCC-YP-2001", Service.VICTIM_SUPPORT, 60, ReferralStatus.ACCEPTED, None),
]
#: agency, days ago received, right, stage, outcome, days ago answered: a sample Victims' Code complaints log
COMPLAINTS = [
    ("MPS", 330, "6", ComplaintStage.PROVIDER, ComplaintOutcome.UPHELD, 300),
    ("MPS", 250, "4", ComplaintStage.PROVIDER, ComplaintOutcome.NOT_UPHELD, 230),
    ("WCC", 160, "3", ComplaintStage.PROVIDER, ComplaintOutcome.PARTLY_UPHELD, 120),
    ("MPS", 140, "9", ComplaintStage.OMBUDSMAN, ComplaintOutcome.NOT_UPHELD, 100),
    ("VS", 110, "1", ComplaintStage.PROVIDER, ComplaintOutcome.UPHELD, 95),
    ("MPS", 30, "11", ComplaintStage.PROVIDER, ComplaintOutcome.OPEN, None),
]


def _load_support(today, agencies, people, referrer) -> None:
    """Young victims, their support referrals with outcomes and a sample complaints log (fictional)."""
    for agency, forename, surname, age, postcode, reference in YOUNG_PEOPLE:
        born = add_months(today, -12 * age) - dt.timedelta(days=40)
        people[reference], _ = Person.objects.update_or_create(
            owner_agency=agencies[agency], source_reference=reference,
            defaults={"forename": forename, "surname": surname, "date_of_birth": born, "postcode": postcode})
    Referral.objects.filter(judgement_reason="Demo support referral (fictional)").delete()
    for agency, person, service, days, status, positive in SUPPORT:
        on = today - dt.timedelta(days=days)
        Referral.objects.create(
            owner_agency=agencies[agency], person=people[person], service=service, referred_on=on,
            service_name="Demo youth service" if service == Service.COMMISSIONED else "",
            referred_by=referrer.get(agency), consent_given=True, status=status,
            status_on=on + dt.timedelta(days=21), outcome_positive=positive,
            outcome="Demo: support completed" if status == ReferralStatus.CLOSED else "",
            judgement_reason="Demo support referral (fictional)")
    VictimsCodeComplaint.objects.filter(is_sample=True).delete()
    for agency, days, right, stage, outcome, answered in COMPLAINTS:
        VictimsCodeComplaint.objects.create(
            agency=agencies[agency], received_on=today - dt.timedelta(days=days), right=right, stage=stage,
            outcome=outcome, answered_on=today - dt.timedelta(days=answered) if answered else None,
            reference=f"SAMPLE-{agency}-{days}", is_sample=True)


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
    _load_support(today, agencies, people, referrer)
    out.write(f"  {len(VICTIMISATIONS)} victimisations, {len(MARAC) + 1 + len(SUPPORT)} referrals (fictional), "
              f"{len(COMPLAINTS)} sample Victims' Code complaints")
