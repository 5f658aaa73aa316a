"""Demo cohorts with overlapping members (fictional names), and the person linkage run that joins
every module's demo people."""

import datetime as dt

from django.utils import timezone

from saferplaces.accounts.models import Agency
from saferplaces.offenders import demo_gangs, demo_offending
from saferplaces.offenders.models import (
    CohortMembership,
    EteRecord,
    Intervention,
    NeedsAssessment,
    Panel,
    PanelAction,
    PanelAttendance,
    PanelCase,
    Programme,
    ProgrammePlace,
)
from saferplaces.people.demo import link_people
from saferplaces.people.models import Person
from saferplaces.policy.demo import agreement_in_force
from saferplaces.policy.models import LegalBasis

#: agency, forename, surname, date of birth, postcode, reference
EXTRA_PEOPLE = [
    ("WCC", "Tyler", "Grant", dt.date(2010, 4, 2), "W2 4EE", "WCC-YOS-2001"),
    ("MPS", "Tyler", "Grant", dt.date(2010, 4, 2), "W2 4EE", "MPS-CRIS-61001"),
    ("NPS", "Connor", "Walsh", dt.date(1994, 8, 19), "W9 1FF", "NPS-CRN-X200001"),
    ("NPS", "Reece", "Doyle", dt.date(1989, 2, 25), "W10 3GG", "NPS-CRN-X200002"),
    ("NPS", "Marcus", "Bell", dt.date(1979, 10, 11), "W2 2HH", "NPS-CRN-X200003"),
    ("MPS", "Jamal", "Okoro", dt.date(2000, 3, 8), "W9 5JJ", "MPS-CRIS-61002"),
    ("MPS", "Dylan", "Price", dt.date(2002, 11, 30), "W10 9KK", "MPS-CRIS-61003"),
    ("WCC", "Ruby", "Finch", dt.date(2011, 7, 14), "NW8 6LL", "WCC-CS-3001"),
]

#: agency, person reference, cohort, days since start, IOM lead
MEMBERSHIPS = [
    ("MPS", "MPS-CRIS-55877", "iom", 400, "police"),
    ("MPS", "MPS-CRIS-55877", "gangs", 300, ""),
    ("NPS", "NPS-CRN-X123456", "mappa", 500, ""),
    ("NPS", "NPS-CRN-X123456", "iom", 200, "probation"),
    ("MPS", "MPS-CRIS-55120", "gangs", 100, ""),
    ("WCC", "WCC-ASB-1001", "asb", 150, ""),
    ("WCC", "WCC-YOS-2001", "yos", 120, ""),
    ("MPS", "MPS-CRIS-61001", "gangs", 90, ""),
    ("WCC", "WCC-YOS-2001", "missing", 60, ""),
    ("NPS", "NPS-CRN-X200001", "iom", 365, "probation"),
    ("NPS", "NPS-CRN-X200002", "iom", 250, "police"),
    ("NPS", "NPS-CRN-X200002", "mappa", 250, ""),
    ("NPS", "NPS-CRN-X200003", "iom", 180, "probation"),
    ("MPS", "MPS-CRIS-61002", "iom", 160, "police"),
    ("MPS", "MPS-CRIS-61002", "gangs", 160, ""),
    ("MPS", "MPS-CRIS-61003", "gangs", 140, ""),
    ("WCC", "WCC-CS-3001", "mace", 45, ""),
    ("WCC", "WCC-CS-3001", "missing", 45, ""),
    ("VS", "VS-2017-0412", "marac", 280, ""),
]


def load(out) -> None:
    today = timezone.localdate()
    agencies = {a.short_name: a for a in Agency.objects.all()}
    # Its own reference: it shared SWP-ISA-002 with the CPN register's agreement, and the later loader won.
    agreement_in_force(
        reference="SWP-ISA-003", parties=["MPS", "WCC", "NPS", "MTC Novo"],
        title="Safer Westminster Partnership: offender management and cohorts (sample)",
        purpose="To manage offenders in the IOM, MAPPA, gangs and youth cohorts and to check how the "
                "cohorts overlap, so that each person has one lead agency and tells their story once.",
        legal_basis=LegalBasis.CDA_S115,
        legal_basis_detail="Section 115 of the Crime and Disorder Act 1998; Criminal Justice Act 2003 s.325.",
        data_categories=["offender", "youth_justice"], start_date=dt.date(2017, 4, 1), review_date=dt.date(2027, 3, 31))
    out.write("  agreement SWP-ISA-003: MPS, WCC, NPS and MTC Novo see each other's offender and youth_justice records "
              "(VS sees none)")
    for agency, forename, surname, dob, postcode, reference in EXTRA_PEOPLE:
        Person.objects.update_or_create(owner_agency=agencies[agency], source_reference=reference,
                                        defaults={"forename": forename, "surname": surname, "date_of_birth": dob,
                                                  "postcode": postcode})
    people = {p.source_reference: p for p in Person.objects.all()}
    _clear_casework()
    CohortMembership.objects.filter(notes="Demo (fictional)").delete()
    for agency, person, cohort, days, lead in MEMBERSHIPS:
        CohortMembership.objects.create(owner_agency=agencies[agency], person=people[person], cohort=cohort,
                                        started_on=today - dt.timedelta(days=days), iom_lead=lead,
                                        notes="Demo (fictional)")
    _case_management(agencies, people)
    _casework(agencies, people, today, out)
    demo_offending.load(out, people)
    out.write(f"  {len(MEMBERSHIPS)} cohort memberships, 1 offender-management sharing agreement (fictional)")
    demo_gangs.load(out)
    link_people(out)


#: person reference, cohort → strand, risk of serious harm, decided lead agency, lead officer, reason
CASE_MANAGEMENT = {
    ("MPS-CRIS-55877", "iom"): ("fixed", "high", "MPS", "PC Sam Hart, IOM police officer (sample)",
                                "Neighbourhood crime (burglary); police lead as the IOM panel decided"),
    ("NPS-CRN-X123456", "iom"): ("flex", "medium", "NPS", "Priya Shah, probation officer (sample)",
                                 "On licence: probation supervise it"),
    ("NPS-CRN-X123456", "mappa"): ("level2", "high", "NPS", "Priya Shah, probation officer (sample)",
                                   "MAPPA: probation is a responsible authority"),
    ("NPS-CRN-X200001", "iom"): ("fixed", "medium", "NPS", "Tom Reid, probation officer (sample)",
                                 "On licence: probation supervise it"),
    ("NPS-CRN-X200002", "iom"): ("flex", "high", "MPS", "PC Lee Chan, IOM police officer (sample)",
                                 "Not the suggested lead (probation, for MAPPA): the panel made police lead while "
                                 "he is wanted on warrant"),
    ("NPS-CRN-X200003", "iom"): ("free", "low", "NPS", "Tom Reid, probation officer (sample)",
                                 "Community order supervised by probation"),
    ("MPS-CRIS-61002", "iom"): ("fixed", "medium", "MPS", "PC Sam Hart, IOM police officer (sample)",
                                "Robbery: police lead as the IOM panel decided"),
}


def _case_management(agencies, people) -> None:
    for (reference, cohort), (strand, risk, lead, officer, reason) in CASE_MANAGEMENT.items():
        CohortMembership.objects.filter(person=people[reference], cohort=cohort, notes="Demo (fictional)").update(
            strand=strand, risk_level=risk, lead_agency=agencies[lead], lead_officer=officer, lead_reason=reason)


def _clear_casework() -> None:
    """The sample casework goes before the sample memberships it hangs on (protected foreign keys)."""
    demo = CohortMembership.objects.filter(notes="Demo (fictional)")
    PanelAction.objects.filter(case__membership__in=demo).delete()
    PanelCase.objects.filter(membership__in=demo).delete()
    Panel.objects.filter(is_sample=True).delete()
    for model in (NeedsAssessment, Intervention, EteRecord, ProgrammePlace):
        model.objects.filter(membership__in=demo).delete()
    Programme.objects.filter(is_sample=True, places__isnull=True).delete()


#: person reference → needs at the start and at the review (days after the start), by pathway
NEEDS = {
    "MPS-CRIS-55877": ({"accommodation": 3, "ete": 2, "drugs": 3, "finance": 2, "attitudes": 2},
                       {"accommodation": 1, "ete": 2, "drugs": 2, "finance": 1, "attitudes": 2}),
    "NPS-CRN-X200001": ({"accommodation": 2, "alcohol": 3, "health": 2, "family": 1},
                        {"accommodation": 2, "alcohol": 1, "health": 1, "family": 1}),
    "NPS-CRN-X200002": ({"drugs": 2, "ete": 3, "finance": 2}, {"drugs": 3, "ete": 2, "finance": 2}),
}

#: person reference, service, provider, pathway, days after the start, outcome
REFERRALS = [
    ("MPS-CRIS-55877", "Housing First (sample)", "St Mungo's (sample)", "accommodation", 20, "started"),
    ("MPS-CRIS-55877", "Drug treatment (sample)", "Turning Point (sample)", "drugs", 25, "completed"),
    ("NPS-CRN-X200001", "Alcohol service (sample)", "Turning Point (sample)", "alcohol", 15, "started"),
    ("NPS-CRN-X200002", "Employment support (sample)", "St Giles Trust (sample)", "ete", 30, "declined"),
]

#: person reference, cohort → ETE statuses (days after the start)
ETE = {
    ("MPS-CRIS-55877", "iom"): [("none", 0), ("training", 120), ("employment", 300)],
    ("NPS-CRN-X200001", "iom"): [("none", 0)],
    ("WCC-YOS-2001", "yos"): [("none", 0), ("education", 60)],
}


def _casework(agencies, people, today, out) -> None:
    memberships = {(m.person.source_reference, m.cohort): m for m in
                   CohortMembership.objects.filter(notes="Demo (fictional)").select_related("person")}

    def on(membership, days):
        return min(membership.started_on + dt.timedelta(days=days), today)

    for reference, (start, review) in NEEDS.items():
        m = memberships[(reference, "iom")]
        NeedsAssessment.objects.create(owner_agency=m.owner_agency, membership=m, kind="start",
                                       assessed_on=on(m, 7), notes="Sample", **start)
        NeedsAssessment.objects.create(owner_agency=m.owner_agency, membership=m, kind="review",
                                       assessed_on=on(m, 98), notes="Sample", **review)
    for reference, service, provider, pathway, days, outcome in REFERRALS:
        m = memberships[(reference, "iom")]
        Intervention.objects.create(owner_agency=m.owner_agency, membership=m, service_name=service,
                                    provider=provider, pathway=pathway, referred_on=on(m, days), outcome=outcome,
                                    outcome_on=on(m, days + 21))
    for key, statuses in ETE.items():
        m = memberships[key]
        for status, days in statuses:
            EteRecord.objects.create(owner_agency=m.owner_agency, membership=m, status=status, since=on(m, days))
    programme, _ = Programme.objects.get_or_create(name="Starting Over", defaults={
        "capacity": 30, "provider": "Starting Over (sample)", "is_sample": True,
        "description": "Key workers and a housing worker for IOM members with health and social care needs "
                       "(action plan, Offender objective 1; sample)."})
    for reference in ("MPS-CRIS-55877", "NPS-CRN-X200001"):
        m = memberships[(reference, "iom")]
        ProgrammePlace.objects.create(owner_agency=m.owner_agency, membership=m, programme=programme,
                                      started_on=on(m, 30))
    _panels(agencies, memberships, today)
    out.write(f"  {len(NEEDS) * 2} needs assessments, {len(REFERRALS)} referrals, ETE changes, 2 Starting Over "
              "places, 2 IOM panels with attendance (sample)")


#: days ago → agency: attendance
PANELS = {
    35: {"MPS": "present", "NPS": "present", "WCC": "present", "MTC Novo": "apologies"},
    7: {"MPS": "present", "NPS": "present", "WCC": "absent", "MTC Novo": "present"},
}


def _panels(agencies, memberships, today) -> None:
    for days, attendance in PANELS.items():
        panel = Panel.objects.create(kind="iom", held_on=today - dt.timedelta(days=days), place="Sample police station",
                                     chair_agency=agencies["MPS"], is_sample=True)
        for agency, status in attendance.items():
            PanelAttendance.objects.create(panel=panel, agency=agencies[agency], status=status,
                                           attendee="Sample attendee" if status == "present" else "")
        for reference in ("MPS-CRIS-55877", "NPS-CRN-X200002"):
            m = memberships[(reference, "iom")]
            case = PanelCase.objects.create(owner_agency=m.owner_agency, panel=panel, membership=m,
                                            discussion="Progress against the plan reviewed (sample).")
            PanelAction.objects.create(owner_agency=m.owner_agency, case=case, action_agency=agencies["NPS"],
                                       action_owner="Probation officer (sample)", text="Check hostel place (sample)",
                                       due_on=panel.held_on + dt.timedelta(days=14))
