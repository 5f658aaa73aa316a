"""Sample Contest reporting (fictional, marked as samples): twelve months of threat assessments and of
the police's deployment returns, Prevent activity and four quarters of Channel figures, the named
readers of the assessment, the agreement under which the police share it with the council, two
Business Continuity Champions meetings, and a KPI reading the assessment's timeliness."""

import datetime as dt

from django.utils import timezone

from saferplaces.accounts.models import Agency, User
from saferplaces.contest import deployments, prevent, threat
from saferplaces.contest.models_deploy import DeploymentReturn
from saferplaces.contest.models_prevent import ActivityKind, ChannelFigure, PreventActivity
from saferplaces.contest.models_threat import ThreatAssessment, ThreatLevel
from saferplaces.core.context import acting_as
from saferplaces.core.dates import add_months, quarter_of
from saferplaces.meetings import services as meetings
from saferplaces.meetings.models import Kind
from saferplaces.plans.models import KPI, Action, Direction, Source, Unit
from saferplaces.plans.selectors import current_strategy
from saferplaces.policy.demo import agreement_in_force
from saferplaces.policy.models import LegalBasis, NamedReader
from saferplaces.policy.services import named_reader_add

#: months back (0 = last month) whose assessment was produced after the due day: the KPI is not 100%
LATE_MONTHS = {4, 9}
#: per month: stop and search, stop and account, s43, suspicious packages, CT intelligence, vehicle stops
DEPLOYMENTS = [(412, 96, 3, 21, 14, 133), (389, 88, 1, 18, 11, 120), (455, 102, 4, 25, 17, 141),
               (430, 91, 2, 19, 12, 128), (398, 85, 0, 16, 9, 117), (476, 110, 5, 27, 19, 150),
               (441, 97, 2, 22, 13, 136), (405, 90, 1, 17, 10, 124), (462, 104, 3, 24, 16, 144),
               (419, 93, 2, 20, 12, 131), (437, 99, 4, 23, 15, 139), (450, 101, 3, 26, 18, 142)]
ACTIVITIES = [
    (ActivityKind.PROJECT, "Sample: youth leadership programme", "Sample Community Trust", "community", 300, 40,
     "Sample: 40 young people completed the programme; 6 peer mentors trained"),
    (ActivityKind.PROJECT, "Sample: online safety workshops for parents", "Sample Parents' Network", "community",
     200, 85, "Sample: 12 workshops held in four wards"),
    (ActivityKind.ENGAGEMENT, "Sample: faith leaders' forum", "Sample Interfaith Forum", "community", 60, 28, ""),
    (ActivityKind.ENGAGEMENT, "Sample: community roundtable after the national level changed",
     "Sample Residents' Association", "community", 20, 35, ""),
    (ActivityKind.INSTITUTION, "Sample: Prevent duty self-assessment", "Sample Academy", "education", 150, 0,
     "Sample: safeguarding policy updated for the Prevent duty"),
    (ActivityKind.INSTITUTION, "Sample: referral pathway review", "Sample Health Centre", "health", 90, 0, ""),
    (ActivityKind.TRAINING, "Sample: Workshop to Raise Awareness of Prevent (WRAP)", "Sample Academy",
     "education", 140, 45, ""),
    (ActivityKind.TRAINING, "Sample: Prevent awareness for housing officers", "Sample Housing Provider",
     "local_authority", 45, 22, ""),
]
#: per quarter (newest last): sector → (referrals, adoptions); small numbers, shown suppressed
CHANNEL = [
    {"education": (9, 2), "health": (3, 1), "police": (7, 1), "local_authority": (4, 0), "community": (2, 0),
     "prisons_probation": (0, 0), "other": (1, 0)},
    {"education": (11, 3), "health": (5, 1), "police": (6, 2), "local_authority": (3, 1), "community": (4, 1),
     "prisons_probation": (1, 0), "other": (0, 0)},
    {"education": (8, 1), "health": (4, 0), "police": (9, 2), "local_authority": (5, 1), "community": (3, 0),
     "prisons_probation": (0, 0), "other": (2, 1)},
    {"education": (12, 2), "health": (6, 2), "police": (7, 1), "local_authority": (4, 1), "community": (5, 1),
     "prisons_probation": (1, 1), "other": (1, 0)},
]
ON_TIME_KPI = "Monthly threat assessments produced on time (measure)"


def clear(out) -> None:
    """Delete the sample reporting records (run before every loader): this loader makes them again."""
    lead = User.objects.filter(username="ctlead.wcc").first()
    with acting_as(lead):
        for model in (ThreatAssessment, DeploymentReturn, PreventActivity, ChannelFigure):
            model.objects.filter(is_sample=True).delete()


def _readers(lead, adviser):
    for user, why in ((lead, "Sample: chairs the Contest delivery group"),
                      (adviser, "Sample: writes the assessment for the police")):
        if not NamedReader.objects.current().filter(category=threat.CATEGORY, user=user).exists():
            named_reader_add(actor=lead, category=threat.CATEGORY, user=user, reason=why)


def _assessments(adviser, months):
    levels = [(ThreatLevel.SEVERE, dt.date(2017, 9, 17)), (ThreatLevel.SUBSTANTIAL, dt.date(2017, 11, 1))]
    for back, month in enumerate(reversed(months)):
        level, since = levels[0] if back > 6 else levels[1]
        produced = month.replace(day=9 if back in LATE_MONTHS else 3)
        threat.assessment_record(
            actor=adviser, month=month, national_level=level, national_level_set_on=min(since, produced),
            produced_on=produced, is_sample=True,
            local_assessment=f"Sample assessment for {month:%B %Y}. No specific intelligence of an attack planned in "
                             "Westminster. Crowded places in the West End remain the likeliest targets; the "
                             "seasonal events calendar and the ceremonial programme set the month's deployments.")


def load(out) -> None:
    lead = User.objects.filter(username="ctlead.wcc").first()
    adviser = User.objects.filter(username="ctsa.mps").first()
    if lead is None or adviser is None:
        return
    clear(out)
    agreement_in_force(
        reference="SWP-ISA-CT-R",
        parties=["MPS", "WCC"],
        title="Contest delivery group: the monthly threat assessment (sample)",
        purpose="To let the council's named Contest officers read the police's monthly threat assessment.",
        legal_basis=LegalBasis.DPA_PART3,
        legal_basis_detail="Counter-Terrorism and Security Act 2015; DPA 2018 Part 3 for the police.",
        data_categories=[threat.CATEGORY],
        start_date=dt.date(2017, 4, 1),
        review_date=dt.date(2027, 3, 31),
    )
    _readers(lead, adviser)
    last = add_months(timezone.localdate().replace(day=1), -1)
    months = [add_months(last, -i) for i in range(11, -1, -1)]
    _assessments(adviser, months)
    for month, figures in zip(months, DEPLOYMENTS, strict=True):
        deployments.deployment_record(actor=adviser, month=month, is_sample=True, **dict(zip(
            ("stop_and_search", "stop_and_account", "section_43_stops", "suspicious_packages",
             "ct_intelligence_reports", "vehicle_stops"), figures, strict=True)))
    for kind, title, organisation, sector, days_ago, people, outputs in ACTIVITIES:
        held_on = timezone.localdate() - dt.timedelta(days=days_ago)
        prevent.activity_record(actor=lead, kind=kind, title=title, organisation=organisation, sector=sector,
                                held_on=held_on, ended_on=None, people=people, outputs=outputs, is_sample=True)
    quarter = quarter_of(timezone.localdate())[0]
    for index, figures in enumerate(CHANNEL):
        start = add_months(quarter, -3 * (len(CHANNEL) - index))
        prevent.channel_record(actor=lead, quarter_start=start, figures=figures, is_sample=True)
    _champions()
    _kpi()
    out.write(f"  {len(months)} sample threat assessments (named readers ctlead.wcc and ctsa.mps only), "
              f"{len(months)} deployment returns, {len(ACTIVITIES)} Prevent activities, "
              f"{len(CHANNEL)} quarters of Channel figures, 2 Business Continuity Champions meetings")


def _champions() -> None:
    strategy = current_strategy()
    coordinator = User.objects.filter(username="coordinator.wcc").first()
    if strategy is None or coordinator is None:
        return
    group = strategy.groups.filter(key="contest").first()
    council = Agency.objects.filter(short_name="WCC").first()
    if group is None or council is None:
        return
    for days_ago in (100, 10):
        meetings.meeting_create(actor=coordinator, kind=Kind.BC_CHAMPIONS, group=group, agencies=[council],
                                held_on=timezone.localdate() - dt.timedelta(days=days_ago), is_sample=True,
                                place="Westminster City Hall, 64 Victoria Street (sample)")


def _kpi() -> None:
    """The plan gives its action "Produce a monthly threat assessment" no KPI: the demo adds the measure's."""
    strategy = current_strategy()
    action = Action.objects.filter(objective__group__strategy=strategy, ref="PROTECT3.1").first()
    if action is not None:
        KPI.objects.update_or_create(action=action, name=ON_TIME_KPI, defaults={
            "source": Source.MEASURE, "measure_key": "contest.threat_assessment_on_time", "unit": Unit.PERCENTAGE,
            "direction": Direction.UP, "target": 100.0})
