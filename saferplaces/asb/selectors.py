"""Reads for ASB cases and the CPN portal: every read starts from what policy lets the actor see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from saferplaces.asb import search
from saferplaces.asb.models import (
    AsbCase,
    Attachment,
    CaseReview,
    CaseStatus,
    CivilKind,
    CivilOrder,
    CivilStatus,
    Incident,
    Letter,
    NoticeKind,
    Party,
    ProtectionNotice,
    PspoStatus,
    PublicSpacesOrder,
    Task,
)
from saferplaces.audit.models import ChangeRecord
from saferplaces.people.models import Person, PersonLink
from saferplaces.policy import access


def visible_cases(actor, action: str = "view") -> QuerySet:
    return access.scope(actor, AsbCase.objects.select_related("owner_agency", "lead_officer"), action)


def my_cases(cases: QuerySet, actor) -> QuerySet:
    """Of ``cases``, those the actor leads or holds an open task on."""
    # The cases of the actor's open tasks as ids (one person's open tasks: a handful): with the lead
    # officer's index they let the database read just the actor's cases, which a subquery in the OR
    # would not.
    tasked = sorted(set(Task.objects.filter(assigned_to=actor, done_on__isnull=True).values_list("case_id", flat=True)))
    return cases.filter(Q(lead_officer=actor) | Q(pk__in=tasked))


def case_search(*, actor, query: str = "", action: str = "view") -> QuerySet:
    """Cases the actor may see matching every word of ``query`` in the title, location, postcode, a
    party's name or the reference (ASB-2026-00012 or 12); a postcode district (W2); words of one or
    two letters left out (see ``saferplaces.asb.search``)."""
    return search.case_search(visible_cases(actor, action), actor=actor, query=query)


def case_access(*, actor, case_id: int, action: str = "view") -> AsbCase:
    return access.fetch(actor, AsbCase.objects.select_related("owner_agency", "lead_officer"), case_id, action)


def _child_access(actor, model, pk, action):
    """A part of a case (task, attachment), authorised through its case: 404 when either is not there."""
    record = model.objects.select_related("case").filter(pk=pk).first()
    if record is None:
        raise Http404("No such record")
    if not access.can(actor, action, record.case):
        raise access.refuse(actor, record.case, action)
    return record


def task_access(*, actor, task_id: int, action: str = "change") -> Task:
    return _child_access(actor, Task, task_id, action)


def party_access(*, actor, party_id: int, action: str = "change") -> Party:
    return _child_access(actor, Party, party_id, action)


def incident_access(*, actor, incident_id: int, action: str = "change") -> Incident:
    return _child_access(actor, Incident, incident_id, action)


def attachment_access(*, actor, attachment_id: int, action: str = "view") -> Attachment:
    return _child_access(actor, Attachment, attachment_id, action)


def letter_access(*, actor, letter_id: int) -> Letter:
    """A letter, to those who may change its case (and, when it is about a warning or notice, see that):
    printing a letter again is writing it again. 404 when any of these is not there."""
    letter = (Letter.objects.select_related("case", "case__owner_agency", "notice", "notice__warning", "party",
                                            "party__person", "written_by", "written_by__agency")
              .filter(pk=letter_id).first())
    if letter is None:
        raise Http404("No such record")
    if not access.can(actor, "change", letter.case):
        raise access.refuse(actor, letter.case, "change")
    if letter.notice is not None and not access.can(actor, "view", letter.notice):
        raise access.refuse(actor, letter.notice, "view")
    return letter


def letters_of(case: AsbCase) -> QuerySet:
    return case.letters.select_related("written_by", "party", "notice")


def notice_access(*, actor, notice_id: int, action: str = "view") -> ProtectionNotice:
    return access.fetch(actor, ProtectionNotice.objects.select_related("owner_agency", "case", "warning"), notice_id,
                        action)


#: at most this many similar open cases are offered before a new case is opened (newest first)
SIMILAR_LIMIT = 20


def _full_name(name: str) -> Q:
    """Person records whose forename, a space and surname are ``name`` (ignoring case): for each space
    in the name, the words before it as the forename and those after as the surname. The same records
    as comparing the joined name, but each part is a column the trigram indexes serve (``iexact``)."""
    parts = name.split(" ")
    match = Q(pk__in=[])
    for i in range(1, len(parts)):
        match |= Q(forename__iexact=" ".join(parts[:i]), surname__iexact=" ".join(parts[i:]))
    return match


def similar_open_cases(*, actor, location: str = "", postcode: str = "", names=(), people=(),
                       on: dt.date | None = None) -> list[AsbCase]:
    """Open cases the actor may see about the same person or the same place, active within the window;
    the newest :data:`SIMILAR_LIMIT`.

    Same person: a party with the same name (ignoring case) or a person record linked to the same
    person (``people.PersonLink``). Same place: the same postcode or location. Active: opened, or an
    incident reported, within ``settings.ASB['SIMILAR_DAYS']`` days of ``on``.
    """
    on = on or timezone.localdate()
    since = on - dt.timedelta(days=settings.ASB["SIMILAR_DAYS"])
    # The candidates, each way found through an index (trigram for the postcode, location and names,
    # the foreign keys for linked people), as one set of case ids (one query): the cases are then read by id.
    candidates = []
    postcode = postcode.upper().replace(" ", "")
    if postcode:
        candidates.append(AsbCase.objects.filter(Q(postcode__iexact=postcode)
                                                 | Q(postcode__iexact=f"{postcode[:-3]} {postcode[-3:]}")))
    if location.strip():
        candidates.append(AsbCase.objects.filter(location__iexact=location.strip()))
    party_cases = []
    names = [n.strip() for n in names if n and n.strip()]
    for name in names:
        # A linked party's name is its person record's, matched only when the actor may see the record.
        named = access.scope(actor, Person.objects.filter(_full_name(name)))
        party_cases.append(Party.objects.filter(name__iexact=name))
        party_cases.append(Party.objects.filter(person__in=named.values("pk")))
    if people:
        # The records themselves, and every record linked to the same person (a record not linked
        # yet stands only for itself): read by the database, not by listing every party's person.
        ids = [p.pk for p in people]
        linked = PersonLink.objects.filter(person_key__in=PersonLink.objects.filter(person_id__in=ids)
                                           .values("person_key")).values("person_id")
        party_cases.append(Party.objects.filter(person_id__in=ids))
        party_cases.append(Party.objects.filter(person_id__in=linked))  # apart: an OR of the two scans every party
    parts = ([c.order_by().values_list("pk", flat=True) for c in candidates]
             + [p.order_by().values_list("case_id", flat=True) for p in party_cases])
    if not parts:
        return []
    # Incidents from the start of the local day ``since`` (what ``__date__gte`` meant): each candidate's
    # incidents read by the case's index.
    active = Q(opened_on__gte=since) | Q(Exists(Incident.objects.filter(
        case=OuterRef("pk"), occurred_at__gte=timezone.make_aware(dt.datetime.combine(since, dt.time.min)))))
    # The candidates read first, as ids (the cases at one place or about one person, not a table): as a
    # subquery the planner walked every case in date order looking for them.
    ids = sorted(set(parts[0].union(*parts[1:])))
    if not ids:
        return []
    found = visible_cases(actor).exclude(status=CaseStatus.CLOSED).filter(pk__in=ids).filter(active)
    return list(found.order_by("-opened_on", "-pk")[:SIMILAR_LIMIT])


def case_history(case: AsbCase) -> list[ChangeRecord]:
    """Change history of the case and its parts (parties, incidents, tasks, files, notices, notes, letters)."""
    parts = [("asb.asbcase", [case.pk])]
    for label, related in (("asb.party", case.parties), ("asb.incident", case.incidents), ("asb.task", case.tasks),
                           ("asb.attachment", case.attachments), ("asb.protectionnotice", case.notices),
                           ("asb.casenote", case.case_notes), ("asb.letter", case.letters)):
        parts.append((label, list(related.values_list("pk", flat=True))))
    query = Q(pk__in=[])
    for label, ids in parts:
        if ids:
            query |= Q(record_type=label, record_id__in=[str(i) for i in ids])
    return list(ChangeRecord.objects.filter(query).order_by("-at", "-id")[:100])


def my_open_tasks(actor) -> QuerySet:
    """Open tasks for the actor, or for the actor's agency with nobody named, on cases they may see."""
    cases = visible_cases(actor).values("pk")
    return (Task.objects.filter(done_on__isnull=True, case__in=cases)
            .filter(Q(assigned_to=actor) | Q(assigned_agency_id=actor.agency_id, assigned_to__isnull=True))
            .select_related("case", "assigned_agency", "assigned_to"))


def task_windows(on: dt.date) -> dict[str, Q]:
    """The reminders' windows: overdue, due within 7 days, later."""
    soon = on + dt.timedelta(days=7)
    return {"overdue": Q(due_on__lt=on), "soon": Q(due_on__gte=on, due_on__lte=soon), "later": Q(due_on__gt=soon)}


def my_tasks(*, actor, on: dt.date | None = None) -> dict:
    """Open tasks for the actor, or for the actor's agency with nobody named, on cases they may see:
    overdue, due within 7 days, later."""
    on = on or timezone.localdate()
    cases = visible_cases(actor).values("pk")
    tasks = (Task.objects.filter(done_on__isnull=True, case__in=cases)
             .filter(Q(assigned_to=actor) | Q(assigned_agency_id=actor.agency_id, assigned_to__isnull=True))
             .select_related("case", "assigned_agency", "assigned_to").order_by("due_on", "pk"))
    soon = on + dt.timedelta(days=7)
    groups = {"overdue": [], "soon": [], "later": []}
    for task in tasks:
        groups["overdue" if task.due_on < on else "soon" if task.due_on <= soon else "later"].append(task)
    return groups


def portal_search(*, actor, query: str = "", kind: str = "", status: str = "", action: str = "view") -> QuerySet:
    """Warnings and notices the actor may see matching every word of ``query`` in the name, address,
    postcode, conduct or conditions; optionally of one kind and status."""
    notices = access.scope(actor, ProtectionNotice.objects.select_related("owner_agency"), action)
    for word in query.split():
        notices = notices.filter(Q(recipient_name__icontains=word) | Q(address__icontains=word)
                                 | Q(postcode__icontains=word) | Q(conduct__icontains=word)
                                 | Q(conditions__icontains=word))
    if kind:
        notices = notices.filter(kind=kind)
    if status == "current":
        notices = notices.filter(status__in=["active", "breached"], expires_on__gte=timezone.localdate())
    elif status:
        notices = notices.filter(status=status)
    return notices.order_by("-issued_on", "-pk")


def case_warnings(case: AsbCase, actor) -> list[ProtectionNotice]:
    return list(access.scope(actor, case.notices.select_related("owner_agency")).order_by("issued_on", "pk"))


@dataclass(frozen=True)
class PartyShown:
    """A party as one viewer may see it: a linked person's details only when the viewer may see the
    person record; otherwise only which agency holds it."""

    party: Party
    person_visible: bool
    name: str
    date_of_birth: dt.date | None = None
    address: str = ""
    postcode: str = ""
    held_by: str = ""  # the agency holding a person record the viewer may not see


def parties_of(case: AsbCase, actor, role: str = "") -> list[PartyShown]:
    """The case's parties (optionally of one role) as ``actor`` may see them (one scoped read for
    all the linked person records, not a policy question per party)."""
    parties = case.parties.select_related("person", "person__owner_agency")
    parties = list(parties.filter(role=role) if role else parties)
    person_ids = [p.person_id for p in parties if p.person_id is not None]
    visible = set(access.scope(actor, Person.objects.filter(pk__in=person_ids)).values_list("pk", flat=True))
    shown = []
    for party in parties:
        if party.person_id is not None and party.person_id not in visible:
            shown.append(PartyShown(party, False, "A person", held_by=party.person.owner_agency.name))
        else:
            shown.append(PartyShown(party, party.person_id is not None, *party.details()))
    return shown


def incidents_of(case: AsbCase) -> QuerySet:
    return Incident.objects.filter(case=case).select_related("reporting_agency")


def counts_between(start: dt.date, end: dt.date) -> dict[str, int]:
    """Partnership counts (no personal data) for the plan's measures."""
    return {
        "cases_logged": AsbCase.objects.filter(opened_on__range=(start, end)).count(),
        "warnings_issued": ProtectionNotice.objects.filter(kind=NoticeKind.WARNING,
                                                           issued_on__range=(start, end)).count(),
        "notices_issued": ProtectionNotice.objects.filter(kind=NoticeKind.NOTICE,
                                                          issued_on__range=(start, end)).count(),
        "cases_closed": AsbCase.objects.filter(closed_on__range=(start, end)).count(),
    }


def open_reviews(*, actor) -> list:
    """Undecided ASB case reviews on cases the actor may see, soonest due first, each with
    ``contributions`` (how many partners have contributed) and ``contributed`` (whether the actor's
    agency has)."""
    reviews = list(CaseReview.objects.filter(case__in=visible_cases(actor).values("pk"), decided_on__isnull=True)
                   .select_related("case", "case__owner_agency").prefetch_related("contributions")
                   .order_by("due_on", "pk"))
    for review in reviews:
        agencies = {c.agency_id for c in review.contributions.all()}
        review.contributions_count, review.contributed = len(agencies), actor.agency_id in agencies
    return reviews


# --- The civil toolkit: closure, injunctions, CBOs, contracts, PSPOs ------------------------------

def civil_access(*, actor, order_id: int, action: str = "view") -> CivilOrder:
    return access.fetch(actor, CivilOrder.objects.select_related("owner_agency", "case", "follows"), order_id,
                        action)


def civil_search(*, actor, query: str = "", kind: str = "", status: str = "", action: str = "view") -> QuerySet:
    """Civil orders and contracts the actor may see matching every word of ``query`` in the name,
    address, postcode or terms; optionally of one kind and status ("current": in force and not ended)."""
    orders = access.scope(actor, CivilOrder.objects.select_related("owner_agency", "case"), action)
    for word in query.split():
        orders = orders.filter(Q(subject_name__icontains=word) | Q(address__icontains=word)
                               | Q(postcode__icontains=word) | Q(terms__icontains=word))
    if kind:
        orders = orders.filter(kind=kind)
    if status == "current":
        orders = orders.filter(status__in=[CivilStatus.IN_FORCE, CivilStatus.BREACHED]).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=timezone.localdate())).filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=timezone.now()))
    elif status:
        orders = orders.filter(status=status)
    return orders.order_by("-created_at", "-pk")


def case_civil_orders(case: AsbCase, actor) -> list[CivilOrder]:
    return list(access.scope(actor, case.civil_orders.select_related("owner_agency")).order_by("created_at", "pk"))


def pspos(*, status: str = "") -> QuerySet:
    """Public Spaces Protection Orders: public documents, readable by every signed-in member of staff."""
    orders = PublicSpacesOrder.objects.select_related("made_by")
    if status == "current":
        orders = orders.filter(status=PspoStatus.IN_FORCE, expires_on__gte=timezone.localdate())
    elif status:
        orders = orders.filter(status=status)
    return orders.order_by("-made_on", "-pk")


def pspo_get(order_id: int) -> PublicSpacesOrder:
    order = PublicSpacesOrder.objects.select_related("made_by").filter(pk=order_id).first()
    if order is None:
        raise Http404("No such order")
    return order


def civil_counts_between(start: dt.date, end: dt.date) -> dict[str, int]:
    """Partnership counts (no personal data) of each civil tool for the plan's measures: closure
    notices by date of service, court orders by the day made (refusals not counted), contracts by
    the day signed, PSPOs by the day made."""
    made = CivilOrder.objects.exclude(status=CivilStatus.REFUSED).filter(made_on__range=(start, end))
    counts = {kind: made.filter(kind=kind).count() for kind in CivilKind.values}
    counts["pspo"] = PublicSpacesOrder.objects.filter(made_on__range=(start, end)).count()
    return counts
