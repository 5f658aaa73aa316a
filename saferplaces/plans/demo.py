"""The demo plan: the real 2017-2020 action plan, with some sample updates and KPI readings, marked
as sample wherever they show."""

import datetime as dt

from saferplaces.accounts.models import Agency, User
from saferplaces.plans.importer import plan_import
from saferplaces.plans.kpi_sources import kpi_sources_apply
from saferplaces.plans.models import KPI, RAG, Action, ActionUpdate, Direction, KPIReading, Source, Status, Unit
from saferplaces.plans.quarters import Quarter

#: (action ref in the plan file, date, status, RAG, narrative, decision needed)
SAMPLE_UPDATES = [
    ("V2.1", dt.date(2017, 9, 29), Status.ON_TRACK, RAG.GREEN,
     "Sample: MARAC met monthly; referrals up on the previous quarter.", ""),
    ("V4.2", dt.date(2017, 12, 15), Status.COMPLETE, RAG.GREEN,
     "Sample: the directory of victims' services is published on the partnership site.", ""),
    ("V4.3", dt.date(2018, 2, 20), Status.OFF_TRACK, RAG.RED,
     "Sample: MOPAC has not yet agreed to share commissioned services' performance data.",
     "Sample: should the chair write to MOPAC's Director of Commissioning?"),
    ("O3.3", dt.date(2017, 11, 6), Status.COMPLETE, RAG.GREEN,
     "Sample: Offender Co-ordinator in post from 1 November.", ""),
    ("O3.7", dt.date(2018, 3, 1), Status.AT_RISK, RAG.AMBER,
     "Sample: the first cohort overlap report is drafted; MACE and Channel data are not yet shared.",
     "Sample: agree which agencies share Missing Children and Channel lists."),
    ("L1.2", dt.date(2017, 7, 28), Status.COMPLETE, RAG.GREEN,
     "Sample: four closure orders obtained in Church Street and Queen's Park.", ""),
    ("L1.17", dt.date(2017, 9, 30), Status.ON_TRACK, RAG.GREEN,
     "Sample: the CPN portal is in use by the council and police.", ""),
    ("PROTECT2.1", dt.date(2018, 3, 20), Status.ON_TRACK, RAG.AMBER,
     "Sample: 14 of 20 vulnerable sites assessed.", ""),
]
#: (KPI ref in the plan file, unit, target, direction, [(quarter, value)])
SAMPLE_KPIS = [
    ("V1.2.a", Unit.PERCENTAGE, 12.0, Direction.DOWN,
     [("2017-Q2", 14.0), ("2017-Q3", 13.5), ("2017-Q4", 13.1), ("2018-Q1", 12.4)]),
    ("L1.2.a", Unit.COUNT, 4.0, Direction.UP, [("2017-Q2", 1), ("2017-Q3", 3), ("2017-Q4", 4), ("2018-Q1", 5)]),
    ("PROTECT2.1.a", Unit.PERCENTAGE, 100.0, Direction.UP,
     [("2017-Q2", 20.0), ("2017-Q3", 40.0), ("2017-Q4", 55.0), ("2018-Q1", 70.0)]),
]
#: plan leads that are agencies → demo users of that agency who lead those actions
AGENCY_LEADS = {"Police": "manager.mps", "Victim Support": "caseworker.vs"}


def _action(strategy, ref):
    return Action.objects.get(objective__group__strategy=strategy, ref=ref)


def load(out) -> None:
    # Re-importing keeps history (the annual refresh), so the samples are matched, not added again.
    strategy = plan_import()
    for ref, date, status, rag, narrative, decision in SAMPLE_UPDATES:
        ActionUpdate.objects.update_or_create(action=_action(strategy, ref), date=date, is_sample=True, defaults={
            "status": status, "rag": rag, "narrative": narrative, "decision_needed": decision})
    for ref, unit, target, direction, values in SAMPLE_KPIS:
        kpi = KPI.objects.get(action__objective__group__strategy=strategy, ref=ref)
        kpi.unit, kpi.target, kpi.direction = unit, target, direction
        kpi.save()
        for quarter, value in values:
            KPIReading.objects.update_or_create(kpi=kpi, period_start=Quarter.parse(quarter).start, defaults={
                "value": value, "commentary": "Sample reading", "is_sample": True})
    # A KPI read from a measure another module provides.
    KPI.objects.update_or_create(
        action=_action(strategy, "L1.13"), name="Information-sharing agreements due for review (measure)",
        defaults={"source": Source.MEASURE, "measure_key": "policy.agreements_due_for_review",
                  "unit": Unit.COUNT, "direction": Direction.DOWN})
    for lead, username in AGENCY_LEADS.items():
        user = User.objects.filter(username=username).first()
        agency = Agency.objects.filter(users=user).first() if user else None
        for action in Action.objects.filter(objective__group__strategy=strategy, lead=lead):
            if user:
                action.lead_users.add(user)
            if agency:
                action.lead_agencies.add(agency)
    kpi_sources_apply(strategy)
    coordinator = User.objects.filter(username="coordinator.wcc").first()
    strategy.groups.filter(key="location").update(chair_user=coordinator)
    out.write(f"  the 2017-2020 action plan: {Action.objects.filter(objective__group__strategy=strategy).count()} "
              f"actions, with {len(SAMPLE_UPDATES)} sample updates and sample KPI readings")
