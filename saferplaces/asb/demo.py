"""Demo ASB cases (fictional), made through the services so every rule and history entry applies:
a Church Street case with a warning escalated to a notice, a breach and a fixed penalty, and a case
review; a Queen's Park case with a warning to a business and an Acceptable Behaviour Contract; a
West End case led by the police with a crack house closure (notice, then a 3-month order) and a
youth Criminal Behaviour Order; a civil injunction on the Church Street case; a closed case; and a
Public Spaces Protection Order (alcohol control) around Church Street. A second sample agreement
lets the fire brigade search the CPN portal too, while probation (in no agreement covering
enforcement) sees none of it, but reads the PSPO, a public order."""

import datetime as dt

from django.utils import timezone

from saferplaces.accounts.models import Agency, User
from saferplaces.asb import civil, enforcement, services
from saferplaces.asb.models import AsbCase, CaseNote, PartyRole
from saferplaces.core.dates import add_months
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
                              location="Stairwell B, Demo Mansions, Soho", postcode="W1D 3QF", opened_on=ago(230))
    services.party_add(actor=mps, case=west, role=PartyRole.PERPETRATOR, person=people.get("MPS-CRIS-55877"))
    _civil(wcc=wcc, mps=mps, church=(case, culprit), queens_park=shop_case, west=west, ago=ago)
    services.task_add(actor=mps, case=west, title="Ask the landlord to fit a secure stairwell door",
                      assigned_agency=agencies["WCC"], assigned_to=wcc, due_on=ago(-10))

    # A closed case, for the closure counts.
    closed = services.case_open(actor=wcc, title=f"Graffiti, Edgware Road {DEMO}", location="Edgware Road underpass",
                                postcode="W2 1DY", opened_on=ago(90))
    services.case_move(actor=wcc, case=closed, status="investigating")
    services.case_close(actor=wcc, case=closed, outcome="resolved", notes="Cleaned; no repeat in 6 weeks.", on=ago(30))
    out.write("  4 ASB cases, 2 warnings, 1 notice with a breach and a fixed penalty, 1 case review, a crack house "
              "closure notice and order, an injunction, a youth CBO, a contract and a PSPO (fictional); "
              "CPN register agreement (WCC, MPS, LFB, CWH)")


#: a rough outline around Church Street and its market, for the demo PSPO only (longitude, latitude)
CHURCH_STREET = {"type": "Polygon", "coordinates": [[[-0.1760, 51.5205], [-0.1655, 51.5205], [-0.1650, 51.5260],
                                                     [-0.1700, 51.5285], [-0.1765, 51.5265], [-0.1760, 51.5205]]]}


def _civil(*, wcc, mps, church, queens_park, west, ago) -> None:
    """The rest of the civil toolkit on the demo cases, all through the services so every rule holds."""
    # West End: a crack house closure, the strategy's priority: a superintendent's 48-hour notice, then
    # the magistrates' 3-month order.
    served = timezone.localtime() - dt.timedelta(days=20, hours=3)
    notice = civil.closure_notice_issue(
        actor=mps, case=west, address="Flat 9, Demo Mansions, Soho (sample)", postcode="W1D 3QF",
        grounds="Class A drugs supplied from the flat; dealers and users in the stairwell day and night; two "
                "residents threatened. Warrant executed, crack cocaine found.",
        terms="The tenant and the landlord (Demo Housing) may enter; everyone else is kept out.",
        authority="superintendent", served_at=served, ends_at=served + dt.timedelta(hours=48),
        court="Westminster Magistrates' Court (sample)", hearing_at=served + dt.timedelta(hours=43))
    civil.closure_order_record(
        actor=mps, notice=notice, decision="granted", court="Westminster Magistrates' Court (sample)",
        made_on=served.date() + dt.timedelta(days=2), expires_on=add_months(served.date() + dt.timedelta(days=2), 3),
        grounds="Serious nuisance to the public and criminal behaviour on the premises (section 80(5)).",
        terms="All persons except the landlord's contractors, Monday to Friday 9am to 5pm, to secure the flat.")
    youth = services.party_add(actor=mps, case=west, role=PartyRole.PERPETRATOR, name="Demo Youth (sample)",
                               date_of_birth=add_months(ago(200), -16 * 12), address="Demo Mansions, Soho",
                               postcode="W1D 3QF")
    civil.civil_order_record(
        actor=mps, case=west, kind="cbo", party=youth, offence="Possession of a Class A drug with intent to supply",
        convicted_on=ago(200), made_on=ago(200), expires_on=add_months(ago(200), 24),
        court="Westminster Youth Court (sample)", grounds="Acted as a runner for the dealers, intimidating residents.",
        terms="Not to enter Demo Mansions or the streets around it; not to be with the named dealers.")
    # Church Street: a civil injunction against the adult perpetrator, with a power of arrest.
    case, culprit = church
    civil.civil_order_record(
        actor=wcc, case=case, kind="injunction", party=culprit, applied_on=ago(12), made_on=ago(2), expires_on=None,
        court="Central London County Court (sample)", power_of_arrest=True,
        grounds="Noise and intimidation continued after the Community Protection Notice and its fixed penalty.",
        terms="Not to play amplified music audible outside 12 Demo Court; not to approach the neighbour at 14.")
    # Queen's Park: a voluntary contract with a young man drinking in the gardens.
    drinker = services.party_add(actor=wcc, case=queens_park, role=PartyRole.PERPETRATOR, name="Jay Sample",
                                 date_of_birth=add_months(ago(30), -19 * 12), address="Harrow Road",
                                 postcode="W10 4LP")
    civil.civil_order_record(
        actor=wcc, case=queens_park, kind="abc", party=drinker, made_on=ago(30), expires_on=add_months(ago(30), 6),
        agreed=True, grounds="Drinking and shouting in Queen's Park Gardens in the evenings.",
        terms="Not to drink alcohol in the gardens; to attend the alcohol service's drop-in weekly.")
    civil.pspo_make(
        actor=wcc, title=f"Church Street alcohol control {DEMO}", area_description="Church Street, its market and "
        "Lisson Green (rough demo outline)", geometry=CHURCH_STREET,
        activities="Street drinking with abuse of passers-by and market traders.",
        prohibitions="Refusing to stop drinking alcohol, or to hand it over, when asked by an authorised officer.",
        requirements="", consulted_on=ago(440), made_on=ago(400), expires_on=add_months(ago(400), 36) - dt.timedelta(
            days=1))
