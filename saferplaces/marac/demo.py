"""A sample MARAC meeting (fictional, marked as a sample) hearing the demo's MARAC referrals, with
research, actions and attendance, and a sample agreement covering MARAC between the agencies that
attend MARAC. CityWest Homes, the housing partner with read-only access, is not a party: it sees
no MARAC record."""

import datetime as dt

from django.utils import timezone

from saferplaces.accounts.models import Agency, User
from saferplaces.core.context import acting_as
from saferplaces.marac import services
from saferplaces.marac.models import Attendance, AttendanceStatus, MaracAction, MaracCase, MaracMeeting, Research
from saferplaces.policy.demo import agreement_in_force
from saferplaces.policy.models import LegalBasis
from saferplaces.victims.models import Referral, Service

SAMPLE = "Sample meeting (fictional)"

#: agency short name, attendance, attendee role
ATTENDANCE = [
    ("WCC", AttendanceStatus.PRESENT, "MARAC coordinator (chair's agency)"),
    ("MPS", AttendanceStatus.PRESENT, "Detective Sergeant, Community Safety Unit"),
    ("VS", AttendanceStatus.PRESENT, "IDVA"),
    ("NPS", AttendanceStatus.APOLOGIES, ""),
    ("CLCCG", AttendanceStatus.ABSENT, ""),
]

RESEARCH = {
    "MPS": "Two call-outs to the address in the last six months; no current bail conditions.",
    "VS": "IDVA in contact; victim wants to stay at the address with a safety plan.",
}


def clear(out) -> None:
    """Delete the sample meeting: its cases refer to the victims demo's referrals, which that demo
    replaces (run before every loader)."""
    old = list(MaracMeeting.objects.filter(notes__startswith=SAMPLE))
    if not old:
        return
    coordinator = User.objects.filter(username="manager.wcc").first()
    with acting_as(coordinator):
        MaracAction.objects.filter(case__meeting__in=old).delete()
        Research.objects.filter(case__meeting__in=old).delete()
        MaracCase.objects.filter(meeting__in=old).delete()
        Attendance.objects.filter(meeting__in=old).delete()
        MaracMeeting.objects.filter(pk__in=[m.pk for m in old]).delete()


def load(out) -> None:
    agreement_in_force(
        reference="SWP-ISA-MARAC",
        parties=["WCC", "MPS", "VS", "NPS", "CLCCG"],
        title="Westminster MARAC information sharing (sample)",
        purpose=("To share information on high-risk domestic abuse cases at MARAC, so that agencies can "
                 "plan together to keep the victim and any children safe."),
        legal_basis=LegalBasis.CDA_S115,
        legal_basis_detail=("Section 115 of the Crime and Disorder Act 1998; UK GDPR Article 6(1)(e) and, for "
                            "special category data, DPA 2018 Schedule 1 paragraph 18 (safeguarding); DPA 2018 Part 3 "
                            "for the police."),
        # The DASH answers behind each referral are domestic abuse data: MARAC's agreement names them.
        data_categories=["marac", "domestic_abuse"],
        start_date=dt.date(2017, 4, 1),
        review_date=dt.date(2027, 3, 31),
    )
    agencies = {a.short_name: a for a in Agency.objects.all()}
    coordinator = User.objects.get(username="manager.wcc")
    clear(out)
    today = timezone.localdate()
    meeting = services.meeting_create(
        actor=coordinator, held_on=today - dt.timedelta(days=14), chair="Chair, Westminster MARAC (sample)",
        location="Westminster City Hall (sample)", notes=f"{SAMPLE}: for trying the MARAC pages.",
        agencies=[agencies[name] for name, _status, _role in ATTENDANCE])
    for name, status, role in ATTENDANCE:
        services.attendance_record(actor=coordinator, meeting=meeting, agency=agencies[name], status=status,
                                   attendee_role=role)
    referrals = Referral.objects.filter(service=Service.MARAC, referred_on__lte=meeting.held_on,
                                        referred_on__gte=meeting.held_on - dt.timedelta(days=60))
    users = {u.agency.short_name: u for u in User.objects.filter(role="caseworker").select_related("agency")}
    cases = 0
    for referral in referrals.order_by("referred_on"):
        case = services.case_add(actor=coordinator, meeting=meeting, referral=referral, ethnicity="unknown",
                                 disability="no", transgender="no", sexual_orientation="unknown", pregnant="no",
                                 children_in_household=2)
        cases += 1
        for name, text in RESEARCH.items():
            services.research_submit(actor=users[name], case=case, text=f"{text} (sample)")
        services.action_add(actor=coordinator, case=case, agency=agencies["MPS"], owner_user=users["MPS"],
                            text="Flag the address for an urgent response (sample)",
                            due_on=meeting.held_on + dt.timedelta(days=7))
        services.action_add(actor=coordinator, case=case, agency=agencies["VS"], owner_user=users["VS"],
                            text="IDVA to review the safety plan with the victim (sample)",
                            due_on=meeting.held_on + dt.timedelta(days=21))
    # The sharing claim in the pattern tests/policy/test_demo_claims.py checks against policy.
    out.write("  agreement SWP-ISA-MARAC: WCC, MPS, VS, NPS and CLCCG see each other's marac and "
              "domestic_abuse records (CWH sees none)\n")
    out.write(f"  1 sample MARAC meeting ({cases} cases, research, actions, attendance) and a MARAC agreement "
              "(WCC, MPS, VS, NPS, CLCCG; not CityWest Homes)")
