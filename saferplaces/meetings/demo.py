"""Sample partnership meetings (fictional, marked as samples): a Board meeting held and the next one
due within the reminder window, an Executive Group meeting with its risk and issue log, and a
Victims delivery group meeting, with agendas linked to the real plan's actions and KPIs,
attendance, decisions, actions and minutes."""

import datetime as dt

from django.utils import timezone

from saferplaces.accounts.models import Agency, User
from saferplaces.core.context import acting_as
from saferplaces.meetings import services
from saferplaces.meetings.models import AttendanceStatus, Kind, Meeting, Risk, RiskKind
from saferplaces.plans.models import Action
from saferplaces.plans.selectors import current_strategy

PLACE = "Westminster City Hall, 64 Victoria Street (sample)"
BOARD = ["WCC", "MPS", "MOPAC", "LFB", "CLCCG", "NPS", "MTC Novo", "VS"]
#: agency, attendance at the held meetings, who
ATTENDED = [("WCC", AttendanceStatus.PRESENT, "Partnership coordinator (sample)"),
            ("MPS", AttendanceStatus.PRESENT, "Borough commander (sample)"),
            ("MOPAC", AttendanceStatus.APOLOGIES, ""),
            ("LFB", AttendanceStatus.PRESENT, "Borough commander's staff officer (sample)"),
            ("CLCCG", AttendanceStatus.ABSENT, ""),
            ("NPS", AttendanceStatus.PRESENT, "Head of service (sample)"),
            ("MTC Novo", AttendanceStatus.APOLOGIES, ""),
            ("VS", AttendanceStatus.PRESENT, "Area manager (sample)")]


def clear(out) -> None:
    """Delete the sample meetings and risks: they refer to the plan, which the plans demo re-imports
    (run before every loader)."""
    coordinator = User.objects.filter(username="coordinator.wcc").first()
    with acting_as(coordinator):
        Risk.objects.filter(is_sample=True).delete()
        Meeting.objects.filter(is_sample=True).delete()


def _held(coordinator, agencies, kind, held_on, group=None):
    meeting = services.meeting_create(actor=coordinator, kind=kind, group=group, held_on=held_on, place=PLACE,
                                      agencies=[agencies[a] for a in BOARD], is_sample=True)
    for name, status, who in ATTENDED:
        services.attendance_record(actor=coordinator, meeting=meeting, agency=agencies[name], status=status,
                                   attendee=who)
    return meeting


def load(out) -> None:
    strategy = current_strategy()
    coordinator = User.objects.filter(username="coordinator.wcc").first()
    if strategy is None or coordinator is None:
        return
    clear(out)
    agencies = {a.short_name: a for a in Agency.objects.all()}
    police, victims_lead = User.objects.get(username="manager.mps"), User.objects.get(username="caseworker.vs")
    today = timezone.localdate()
    groups = {g.key: g for g in strategy.groups.all()}
    victim_actions = list(Action.objects.filter(objective__group=groups["victim"]).order_by("objective__order",
                                                                                             "order")[:3])

    board = _held(coordinator, agencies, Kind.BOARD, today - dt.timedelta(days=80))
    item = services.agenda_item_add(actor=coordinator, meeting=board, title="Quarterly performance report (sample)",
                                    plan_actions=victim_actions[:2],
                                    kpis=[k for a in victim_actions for k in a.kpis.all()][:2])
    services.decision_record(actor=coordinator, meeting=board, agenda_item=item,
                             text="The Board accepts the quarterly report and asks the Victims group for a "
                                  "recovery plan for its red actions (sample).")
    services.meeting_action_add(actor=coordinator, meeting=board, owner=victims_lead,
                                text="Bring the recovery plan for red Victims actions to the next Board (sample)",
                                due_on=today + dt.timedelta(days=7))
    services.minutes_save(actor=coordinator, meeting=board, minutes=(
        "Sample minutes.\n\nThe chair welcomed members. The coordinator presented the quarterly report; "
        "the Board discussed the red actions of the Victims group and agreed the decision recorded."))
    services.meeting_create(actor=coordinator, kind=Kind.BOARD, held_on=today + dt.timedelta(days=10), place=PLACE,
                            agencies=[agencies[a] for a in BOARD], is_sample=True)

    executive = _held(coordinator, agencies, Kind.EXECUTIVE, today - dt.timedelta(days=30), groups["executive"])
    services.agenda_item_add(actor=coordinator, meeting=executive, title="Risk and issue log (sample)")
    services.meeting_action_add(actor=coordinator, meeting=executive, owner=police,
                                text="Report back on the data-sharing issue with MOPAC (sample)",
                                due_on=today + dt.timedelta(days=14))

    delivery = _held(coordinator, agencies, Kind.DELIVERY, today - dt.timedelta(days=45), groups["victim"])
    services.agenda_item_add(actor=coordinator, meeting=delivery, title="Action plan review (sample)",
                             plan_actions=victim_actions)
    services.decision_record(actor=coordinator, meeting=delivery,
                             text="The group will escalate the MOPAC data-sharing question to the Executive "
                                  "Group (sample).")

    services.risk_save(actor=coordinator, is_sample=True, kind=RiskKind.ISSUE, group=groups["victim"], owner=police,
                       title="Commissioned services' performance data not shared (sample)",
                       likelihood=4, impact=4, mitigation="Chair to write to MOPAC (sample).",
                       review_on=today + dt.timedelta(days=30), plan_actions=victim_actions[2:])
    services.risk_save(actor=coordinator, is_sample=True, kind=RiskKind.RISK, group=groups["executive"],
                       owner=coordinator, title="Partner attendance at delivery groups falls (sample)",
                       likelihood=2, impact=3, mitigation="Attendance by agency reported to each Board (sample).",
                       review_on=today + dt.timedelta(days=60))
    out.write("  4 sample partnership meetings (2 Board, 1 Executive Group, 1 Victims group) and 2 sample risks")
