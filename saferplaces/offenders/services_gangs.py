"""Writes for the gangs cohort (rules in ``offenders.gangs``): attaching the assessments, activating an
agency's cohort, adding a marked member, reviewing a mark, and removing a member with their data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from saferplaces.core import files
from saferplaces.core.context import acting_as
from saferplaces.offenders import gangs
from saferplaces.offenders.exports_registry import exports_containing
from saferplaces.offenders.models import (
    Cohort,
    CohortMembership,
    CohortNote,
    EteRecord,
    GangsActivation,
    GangsDocument,
    GangsMark,
    GangsRemoval,
    Intervention,
    NeedsAssessment,
    PanelAction,
    PanelCase,
    ProgrammePlace,
)
from saferplaces.offenders.models_gangs import DocumentKind, RemovalReason
from saferplaces.policy.rules import require_permission


class GangsError(ValueError):
    """A gangs-cohort change refused; the message says why."""


def activation_for(agency) -> GangsActivation | None:
    """The agency's activation of its gangs cohort (the latest), or None while it has none."""
    return GangsActivation.objects.filter(agency=agency).select_related("dpia", "eia", "activated_by").first()


def require_activation(agency) -> GangsActivation:
    activation = activation_for(agency)
    if activation is None:
        raise GangsError("Your agency's gangs cohort is not activated: its data protection officer activates it "
                         "with a DPIA and an equality impact assessment attached")
    return activation


@transaction.atomic
def document_add(*, actor, kind: str, title: str, author: str, dated: dt.date, review_on: dt.date,
                 file_name: str, data: bytes) -> GangsDocument:
    """Attach an assessment (DPIA or EIA) of the actor's agency, its file checked by ``core.files``."""
    require_permission(actor, "gangs.activate")
    if kind not in DocumentKind.values:
        raise GangsError("Choose the kind of assessment")
    if dated > timezone.localdate():
        raise GangsError("The assessment's date cannot be in the future")
    if review_on <= dated:
        raise GangsError("The review date must be after the assessment's date")
    try:
        name, content_type = files.check(file_name, data)
    except files.FileRejected as error:
        raise GangsError(str(error)) from None
    stored_name, sha256 = files.store(data)
    with acting_as(actor):
        return GangsDocument.objects.create(
            agency=actor.agency, kind=kind, title=title, author=author, dated=dated, review_on=review_on,
            file_name=name, file_type=content_type, file_size=len(data), file_sha256=sha256,
            file_stored_name=stored_name, uploaded_by=actor)


@transaction.atomic
def cohort_activate(*, actor, dpia: GangsDocument | None, eia: GangsDocument | None) -> GangsActivation:
    """Activate the actor's agency's gangs cohort on its DPIA and its equality impact assessment, both
    of the agency and both not yet due for review."""
    require_permission(actor, "gangs.activate")
    today = timezone.localdate()
    for document, kind, label in ((dpia, DocumentKind.DPIA, "a data protection impact assessment"),
                                  (eia, DocumentKind.EIA, "an equality impact assessment")):
        if document is None or document.kind != kind or document.agency_id != actor.agency_id:
            raise GangsError(f"Attach {label} of your agency before activating the cohort")
        if document.review_on < today:
            raise GangsError(f"The {document.get_kind_display()} was due for review on {document.review_on:%d %B %Y}: "
                             "attach the reviewed assessment")
    with acting_as(actor):
        return GangsActivation.objects.create(agency=actor.agency, activated_by=actor, dpia=dpia, eia=eia)


def _marked(mark: str, criteria: list[str]) -> list[str]:
    try:
        gangs.check_mark(mark, criteria)
    except gangs.MarkingError as error:
        raise GangsError(str(error)) from None
    return sorted(criteria)


@transaction.atomic
def member_add(*, actor, person, started_on: dt.date, mark: str, criteria: list[str], notes: str = "",
               today: dt.date | None = None) -> CohortMembership:
    """Add ``person`` (a record the caller authorised the actor to change) to the actor's agency's gangs
    cohort, marked, once the cohort is activated."""
    require_permission(actor, "personal.change")
    require_activation(actor.agency)
    today = today or timezone.localdate()
    if started_on > today:
        raise GangsError("The start date cannot be in the future")
    criteria = _marked(mark, criteria)
    with acting_as(actor):
        membership = CohortMembership.objects.create(owner_agency=actor.agency, person=person, cohort=Cohort.GANGS,
                                                     started_on=started_on, notes=notes)
        GangsMark.objects.create(owner_agency=actor.agency, membership=membership, mark=mark, criteria=criteria,
                                 score=gangs.score(criteria), reviewed_on=today,
                                 next_review_on=gangs.next_review(today), reviewed_by=actor)
    return membership


@transaction.atomic
def mark_review(*, actor, membership: CohortMembership, mark: str, criteria: list[str],
                today: dt.date | None = None) -> GangsMark:
    """Review a member's mark (or mark a member who has none): the criteria met today, and the next
    review in three months. A member who no longer meets any criteria is removed instead."""
    require_permission(actor, "personal.change")
    if membership.cohort != Cohort.GANGS:
        raise GangsError("Only gangs-cohort members are marked")
    today = today or timezone.localdate()
    criteria = _marked(mark, criteria)
    found = GangsMark.objects.filter(membership=membership).first()
    with acting_as(actor):
        record = found or GangsMark(owner_agency_id=membership.owner_agency_id, membership=membership)
        record.mark, record.criteria, record.score = mark, criteria, gangs.score(criteria)
        record.reviewed_on, record.next_review_on, record.reviewed_by = today, gangs.next_review(today), actor
        record.save()
    return record


def review_due(membership: CohortMembership) -> dt.date:
    """When the membership's review is due: its mark's next review, or, for a member never marked
    (memberships from before marking), three months after they joined."""
    mark = getattr(membership, "gangs_mark", None)
    return mark.next_review_on if mark is not None else gangs.next_review(membership.started_on)


@dataclass(frozen=True)
class Removed:
    removal: GangsRemoval
    exports: list  # offenders.ExportRecord: the exports that contained the membership


def _erase(membership: CohortMembership, reason: str, actor) -> Removed:
    exports = exports_containing("offenders.cohortmembership", membership.pk)
    membership_id, agency = membership.pk, membership.owner_agency
    stored = []
    with acting_as(actor):
        for note in CohortNote.objects.filter(membership=membership).select_related("membership"):
            stored.append(note.file_stored_name)
            note.delete()
        GangsMark.objects.filter(membership=membership).delete()
        # The casework on the membership (its history already keeps identifiers only: MembershipRecord).
        PanelAction.objects.filter(case__membership=membership).delete()
        for model in (PanelCase, NeedsAssessment, Intervention, EteRecord, ProgrammePlace):
            model.objects.filter(membership=membership).delete()
        membership.delete()
        removal = GangsRemoval.objects.create(agency=agency, membership_id=membership_id, removed_by=actor,
                                              reason=reason)
        removal.exports.set(exports)
    # The notes' files go once the rows are gone for good (the transaction committed).
    transaction.on_commit(lambda: [files.path_of(name).unlink(missing_ok=True) for name in stored if name])
    return Removed(removal, exports)


@transaction.atomic
def member_remove(*, actor, membership: CohortMembership, reason: str) -> Removed:
    """Remove a gangs-cohort member by hand (the caller authorised the actor to change the membership):
    the membership, its notes, its mark and its casework are deleted; the exports that contained it are listed."""
    require_permission(actor, "personal.change")
    if membership.cohort != Cohort.GANGS:
        raise GangsError("Only gangs-cohort members are removed here")
    if reason not in RemovalReason.values or reason == RemovalReason.REVIEW_OVERDUE:
        raise GangsError("Choose the reason for the removal")
    return _erase(membership, reason, actor)


@transaction.atomic
def overdue_removed(*, today: dt.date | None = None) -> list[Removed]:
    """The nightly check: remove every gangs-cohort member whose review is overdue beyond the grace
    period (``settings.GANGS["REVIEW_GRACE_DAYS"]``)."""
    today = today or timezone.localdate()
    removed = []
    for membership in (CohortMembership.objects.filter(cohort=Cohort.GANGS)
                       .select_related("gangs_mark", "owner_agency").order_by("pk")):
        if gangs.removal_due(review_due(membership), today):
            removed.append(_erase(membership, RemovalReason.REVIEW_OVERDUE, None))
    return removed
