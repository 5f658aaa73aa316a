"""Demo cohorts with overlapping members (fictional names), and the person linkage run that joins
every module's demo people."""

import datetime as dt

from django.utils import timezone

from saferplaces.accounts.models import Agency
from saferplaces.offenders import demo_offending
from saferplaces.offenders.models import CohortMembership
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
        data_categories=["offender"], start_date=dt.date(2017, 4, 1), review_date=dt.date(2027, 3, 31))
    out.write("  agreement SWP-ISA-003: MPS, WCC, NPS and MTC Novo see each other's offender records (VS sees none)")
    for agency, forename, surname, dob, postcode, reference in EXTRA_PEOPLE:
        Person.objects.update_or_create(owner_agency=agencies[agency], source_reference=reference,
                                        defaults={"forename": forename, "surname": surname, "date_of_birth": dob,
                                                  "postcode": postcode})
    people = {p.source_reference: p for p in Person.objects.all()}
    CohortMembership.objects.filter(notes="Demo (fictional)").delete()
    for agency, person, cohort, days, lead in MEMBERSHIPS:
        CohortMembership.objects.create(owner_agency=agencies[agency], person=people[person], cohort=cohort,
                                        started_on=today - dt.timedelta(days=days), iom_lead=lead,
                                        notes="Demo (fictional)")
    _case_management(agencies, people)
    demo_offending.load(out, people)
    out.write(f"  {len(MEMBERSHIPS)} cohort memberships, 1 offender-management sharing agreement (fictional)")
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
