"""Demo ASB cases (fictional), made through the services so every rule and history entry applies:
a Church Street case with a warning escalated to a notice, a breach and a fixed penalty, and a case
review; a Queen's Park case with a warning to a business; a West End case led by the police; a
closed case. A second sample agreement lets the fire brigade search the CPN portal too, while
probation (in no agreement covering enforcement) sees none of it."""

import datetime as dt

from django.utils import timezone

from saferplaces.accounts.models import Agency, User
from saferplaces.asb import enforcement, services
from saferplaces.asb.models import AsbCase, CaseNote, PartyRole
from saferplaces.people import notes
from saferplaces.people.models import Person
from saferplaces.policy.demo import agreement_in_force
from saferplaces.policy.models import LegalBasis

DEMO = "(demo)"


def _portal_agreement() -> None:
    agreement_in_force(
        reference="SWP-ISA-002", parties=["WCC", "MPS", "LFB", "CWH"],
        title="Community Protection Notice register (sample)",
        purpose="So that partners enforcing Community Protection Warnings and Notices (council, police, "
                "fire brigade, housing) know who has been warned or served and on what conditions.",
        legal_basis=LegalBasis.CDA_S115,
        legal_basis_detail="Section 115 of the Crime and Disorder Act 1998; Anti-social Behaviour, Crime and "
                           "Policing Act 2014, section 53 (exercise of CPN powers by designated persons).",
        data_categories=["enforcement"], start_date=dt.date(2017, 4, 1), review_date=dt.date(2027, 3, 31))


def _at(days: int, hour: int = 22) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 15)))


def load(out) -> None:
    _portal_agreement()
    out.write("  agreement SWP-ISA-002: WCC, MPS, LFB and CWH see each other's enforcement records "
              "(NPS sees none)")
    if AsbCase.objects.filter(title__endswith=DEMO).exists():
        out.write("  ASB demo cases already loaded")
        return
    today = timezone.localdate()
    ago = lambda n: today - dt.timedelta(days=n)  # noqa: E731
    agencies = {a.short_name: a for a in Agency.objects.all()}
    wcc, mps = User.objects.get(username="caseworker.wcc"), User.objects.get(username="caseworker.mps")
    people = {p.source_reference: p for p in Person.objects.all()}

    # Church Street: the full journey, CPW → CPN → breach → FPN, and a case review.
    case = services.case_open(actor=wcc, title=f"Noise and intimidation, Church Street {DEMO}",
                              location="Church Street market, Lisson Grove end", postcode="NW8 8EY",
                              summary="Loud music and shouting late at night; a neighbour intimidated.",
                              opened_on=ago(150))
    services.party_add(actor=wcc, case=case, role=PartyRole.VICTIM, person=people.get("WCC-ASB-1002"))
    culprit = services.party_add(actor=wcc, case=case, role=PartyRole.PERPETRATOR, person=people.get("WCC-ASB-1001"))
    services.party_add(actor=wcc, case=case, role=PartyRole.WITNESS, name="Ray Stall-holder",
                       address="Church Street market")
    for days, kind, text in [(140, "noise", "Music until 3am"), (100, "intimidation", "Neighbour followed home"),
                             (60, "noise", "Party, shouting in the stairwell"),
                             (20, "verbal_abuse", "Abuse at the door")]:
        services.incident_add(actor=wcc, case=case, occurred_at=_at(days), location="12 Demo Court, Church Street",
                              kind=kind, description=text, reporting_agency=agencies["WCC" if days > 50 else "MPS"])
    services.risk_assess(actor=wcc, case=case, answers=["vulnerable", "afraid", "health", "frequent"])
    services.case_move(actor=wcc, case=case, status="investigating")
    services.case_move(actor=wcc, case=case, status="action")
    services.task_add(actor=wcc, case=case, title="Patrol Church Street on Friday and Saturday nights",
                      assigned_agency=agencies["MPS"], assigned_to=mps, due_on=ago(-5))
    services.task_add(actor=wcc, case=case, title="Noise monitoring equipment installed",
                      assigned_agency=agencies["WCC"], assigned_to=wcc, due_on=ago(3))
    warning = enforcement.warning_issue(actor=wcc, case=case, party=culprit,
                                        conduct="Playing amplified music and shouting at 12 Demo Court between 11pm "
                                                "and 6am, disturbing neighbours.",
                                        conditions="Stop playing amplified music that can be heard outside the flat "
                                                   "between 11pm and 7am.", issued_on=ago(45))
    notice = enforcement.notice_issue(actor=wcc, warning=warning, issued_on=ago(25),
                                      conditions="Do not play amplified music audible outside 12 Demo Court between "
                                                 "11pm and 7am. Do not shout or congregate in the communal stairwell.")
    enforcement.step_record(actor=wcc, notice=notice, kind="breach", on=ago(5),
                            details="Music audible from the street at 1.30am (noise team visit).")
    enforcement.step_record(actor=wcc, notice=notice, kind="fpn", on=ago(3), details="Fixed penalty handed over.")
    review = services.review_start(actor=wcc, case=case, applicant="Maria Kowalska (victim)", requested_on=ago(8))
    services.review_contribute(actor=mps, review=review, text="Four calls to police since spring; patrols agreed.")
    notes.note_add(actor=wcc, model=CaseNote, parent=case, contact_type="visit", contact_on=ago(20),
                   text="Visited the victim at home with the noise team. She keeps a diary of the nights; "
                        "agreed to call the out-of-hours line when the music starts.")
    call = notes.note_add(actor=wcc, model=CaseNote, parent=case, contact_type="call", contact_on=ago(6),
                          text="Phoned the victim after the breach: she feels unsafe on the stairwell.")
    notes.note_correct(actor=wcc, note=call, contact_type="call", contact_on=ago(4),
                       text="Phoned the victim after the breach: she feels unsafe on the stairwell.",
                       reason="Wrong date: the call was two days after the breach")

    # Queen's Park: a warning to a business, still in its time to comply.
    shop_case = services.case_open(actor=wcc, title=f"Street drinking, Queen's Park {DEMO}",
                                   location="Harrow Road by Queen's Park Gardens", postcode="W10 4LP",
                                   opened_on=ago(40))
    shop = services.party_add(actor=wcc, case=shop_case, role=PartyRole.PERPETRATOR, is_business=True,
                              name="Corner Off-Licence Ltd", address="300 Harrow Road", postcode="W10 4LP")
    services.incident_add(actor=wcc, case=shop_case, occurred_at=_at(30, 19), location="Queen's Park Gardens",
                          kind="alcohol", description="Street drinkers supplied after hours",
                          reporting_agency=agencies["WCC"])
    enforcement.warning_issue(actor=wcc, case=shop_case, party=shop, conduct="Selling alcohol to street drinkers who "
                              "gather in Queen's Park Gardens.", conditions="Stop selling single cans of high-strength "
                              "alcohol.", issued_on=ago(5))

    # West End: a police-led case with a task for the council's ASB team.
    west = services.case_open(actor=mps, title=f"Drug dealing in a stairwell, West End {DEMO}",
                              location="Stairwell B, Demo Mansions, Soho", postcode="W1D 3QF", opened_on=ago(12))
    services.party_add(actor=mps, case=west, role=PartyRole.PERPETRATOR, person=people.get("MPS-CRIS-55877"))
    services.task_add(actor=mps, case=west, title="Ask the landlord to fit a secure stairwell door",
                      assigned_agency=agencies["WCC"], assigned_to=wcc, due_on=ago(-10))

    # A closed case, for the closure counts.
    closed = services.case_open(actor=wcc, title=f"Graffiti, Edgware Road {DEMO}", location="Edgware Road underpass",
                                postcode="W2 1DY", opened_on=ago(90))
    services.case_move(actor=wcc, case=closed, status="investigating")
    services.case_close(actor=wcc, case=closed, outcome="resolved", notes="Cleaned; no repeat in 6 weeks.", on=ago(30))
    out.write("  4 ASB cases, 2 warnings, 1 notice with a breach and a fixed penalty, 1 case review (fictional); "
              "CPN register agreement (WCC, MPS, LFB, CWH)")
