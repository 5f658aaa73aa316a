"""My work: what needs the signed-in user today, read from the other apps through their selectors.

Every list starts from what policy lets the user see; the page makes a fixed number of queries
whatever its rows (``tests/test_query_budgets.py``): one per list, plus one per kind of record in
"recently viewed".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, F
from django.utils import timezone

from saferplaces.asb import selectors as asb
from saferplaces.asb.models import AsbCase, CaseStatus, Task
from saferplaces.audit.models import AccessAction, AccessEvent
from saferplaces.contest import selectors_prepare as contest_prepare
from saferplaces.directory import selectors_contracts as commissioned
from saferplaces.meetings import reminders as board_reminders
from saferplaces.meetings import selectors as meetings
from saferplaces.offenders import selectors_gangs as gangs
from saferplaces.people import linkage
from saferplaces.policy import access
from saferplaces.policy.models import Protected
from saferplaces.victims import selectors as victims

LIST_SIZE = 20
RECENT = 10
RECENT_WINDOW = 500  # the newest views read to find the RECENT distinct records


@dataclass(frozen=True)
class Viewed:
    label: str
    kind: str
    url: str
    at: dt.datetime


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]  # "ASB case" stays "ASB case" (str.capitalize would say "Asb case")


def open_cases(*, actor) -> list[AsbCase]:
    """Open ASB cases the actor leads, oldest first."""
    return list(asb.visible_cases(actor).filter(lead_officer=actor).exclude(status=CaseStatus.CLOSED)
                .order_by("opened_on", "pk")[:LIST_SIZE])


def recently_viewed(*, actor, limit: int = RECENT) -> list[Viewed]:
    """The last ``limit`` distinct records the actor opened (from their own access events), each shown
    with the label their access log recorded, and only while policy still lets them see it: a case
    whose task is done drops out. One query for the events and one per kind of record.

    The events are read newest first, at most ``RECENT_WINDOW`` of them, through the access log's time index:
    a user with years of views costs the same as a new one (grouping all their events by record cost most
    of My work at a borough's volume). Records opened only before the window are not "recent". The events
    are picked by the user name alone (unique, and written with each event): filtering on the user id too
    made PostgreSQL misjudge how many rows match and read them all."""
    latest: list[dict] = []
    seen: set[tuple[str, str]] = set()
    events = (AccessEvent.objects.filter(actor_username=actor.username, action=AccessAction.VIEW)
              .exclude(record_id="").exclude(record_type="").order_by("-at", "-id")
              .values("record_type", "record_id", "record_label", "at")[:RECENT_WINDOW])
    for event in events:
        key = (event["record_type"], event["record_id"])
        if key not in seen and len(latest) < limit:
            seen.add(key)
            latest.append(event)
    by_type: dict[str, set[int]] = {}
    for row in latest:
        if row["record_id"].isdigit():
            by_type.setdefault(row["record_type"], set()).add(int(row["record_id"]))
    visible: dict[tuple[str, str], Protected] = {}
    for record_type, ids in sorted(by_type.items()):
        try:
            model = apps.get_model(record_type)
        except (LookupError, ValueError):
            continue
        if not issubclass(model, Protected):
            continue
        for record in access.scope(actor, model.objects.filter(pk__in=ids)):
            visible[(record_type, str(record.pk))] = record
    shown = []
    for row in latest:
        record = visible.get((row["record_type"], row["record_id"]))
        if record is None or not hasattr(record, "get_absolute_url"):
            continue
        shown.append(Viewed(label=row["record_label"] or str(record.pk),
                            kind=_upper_first(str(record._meta.verbose_name)), url=record.get_absolute_url(),
                            at=row["at"]))
    return shown


def team(*, actor, on: dt.date) -> dict | None:
    """A manager's view of their agency (the team): open cases it leads per lead officer, and its
    overdue tasks on cases the manager may see. None for other roles."""
    if not actor.has_role_permission("work.team"):
        return None
    visible = asb.visible_cases(actor).values("pk")
    # The visibility test on the case's own row (access.scope), not ``pk IN (visible)``: PostgreSQL then
    # counts the agency's open cases from the partial index asb_case_agency_open_idx instead of joining
    # them back to every visible case (431 ms to about 30 ms at 200,000 cases). Same cases, same counts.
    caseload = list(asb.visible_cases(actor).filter(owner_agency_id=actor.agency_id)
                    .exclude(status=CaseStatus.CLOSED)
                    .values("lead_officer", "lead_officer__username", "lead_officer__first_name",
                            "lead_officer__last_name")
                    .annotate(cases=Count("pk"))
                    .order_by("-cases", F("lead_officer__username").asc(nulls_last=True)))  # unled last, any database
    for row in caseload:
        # No lead officer: the names are None, not "" (the f-string said "None None")
        full = " ".join(filter(None, (row["lead_officer__first_name"], row["lead_officer__last_name"])))
        row["officer"] = full or row["lead_officer__username"] or "Nobody named"
    overdue = (Task.objects.filter(done_on__isnull=True, due_on__lt=on, assigned_agency_id=actor.agency_id,
                                   case__in=visible)
               .select_related("case", "assigned_to").order_by("due_on", "pk"))
    return {"caseload": caseload, "open_cases": sum(row["cases"] for row in caseload),
            "overdue": list(overdue[:LIST_SIZE]), "overdue_count": overdue.count()}


def my_work(*, actor, on: dt.date | None = None) -> dict:
    on = on or timezone.localdate()
    tasks = asb.my_tasks(actor=actor, on=on)
    matches = linkage.review_queue(actor=actor).count() if actor.has_role_permission("linkage.review") else None
    return {
        "today": on,
        "cases": open_cases(actor=actor),
        "overdue": tasks["overdue"],
        "soon": tasks["soon"],
        "later_count": len(tasks["later"]),
        "referrals": list(victims.referrals_waiting(actor=actor)[:LIST_SIZE]),
        "matches": matches,
        "recent": recently_viewed(actor=actor),
        "team": team(actor=actor, on=on),
        # Actions partnership meetings gave the actor, and the plan updates the next Board wants of them.
        "meeting_actions": meetings.my_open_actions(actor=actor, limit=LIST_SIZE),
        "updates_due": board_reminders.updates_due(actor=actor, on=on),
        # Gangs-cohort reviews overdue at the actor's agency: reviewed, or removed after the grace period.
        "gangs_reviews": gangs.overdue_reviews(actor=actor, on=on, limit=LIST_SIZE),
        # Counter-terrorism Prepare: plans overdue for review, exercise actions, the Gold rota's gaps.
        "prepare": contest_prepare.my_work(actor=actor, on=on),
        # A provider's staff: referrals to their services waiting for an answer; a commissioner's contract
        # keepers and a provider's staff: the quarterly returns overdue.
        "provider_referrals": list(commissioned.provider_referrals_waiting(actor=actor)[:LIST_SIZE]),
        "returns_overdue": commissioned.overdue_returns(actor=actor, today=on),
    }
