"""Person linkage across agencies: starting runs, and clerical review.

A run (:mod:`saferplaces.people.linkage_run`, in the background) sends every agency's person records
through the evidence engine's linkage, with the clerical labels (a confirmed pair is always linked,
a rejected pair never directly) and the person keys records already have (each person keeps theirs;
a new id only for a new person or a split), and stores the keys and the pairs left for review.

Linkage is a partnership function: it reads every agency's person records, whoever starts it.
Only roles with ``linkage.run`` start it; reviewers see a pair only when policy lets them see
both records, and every decision is kept (change history) and every pair shown is logged.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from saferplaces.audit.models import AccessAction
from saferplaces.audit.services import access_record
from saferplaces.core.context import acting_as
from saferplaces.people.models import CandidatePair, ClericalLabel, LinkageRun, LinkageStatus, PairStatus, Person
from saferplaces.people.tasks import run_linkage
from saferplaces.policy import access
from saferplaces.policy.rules import require_permission


@transaction.atomic
def linkage_start(*, actor) -> LinkageRun:
    """Queue a linkage run over every agency's person records (background task)."""
    require_permission(actor, "linkage.run")
    with acting_as(actor):
        run = LinkageRun.objects.create(started_by=actor)
    transaction.on_commit(lambda: run_linkage.enqueue(run.pk))
    return run


def latest_run() -> LinkageRun | None:
    return LinkageRun.objects.filter(status=LinkageStatus.FINISHED).order_by("-finished_at", "-pk").first()


def review_queue(*, actor):
    """Pending pairs of the latest run that the actor may review: both records visible to them."""
    require_permission(actor, "linkage.review")
    run = latest_run()
    if run is None:
        return CandidatePair.objects.none()
    visible = access.scope(actor, Person.objects.all()).values("pk")
    return (CandidatePair.objects.filter(run=run, status=PairStatus.PENDING)
            .filter(Q(left__in=visible) & Q(right__in=visible))
            .select_related("left__owner_agency", "right__owner_agency"))


def recent_decisions(*, actor, limit: int = 20) -> list[ClericalLabel]:
    """The latest review decisions on pairs whose both records the actor may see."""
    require_permission(actor, "linkage.review")
    visible = access.scope(actor, Person.objects.all()).values("pk")
    return list(ClericalLabel.objects.filter(left__in=visible, right__in=visible)
                .select_related("left__owner_agency", "right__owner_agency", "decided_by")
                .order_by("-decided_at")[:limit])


def pair_access(*, actor, pair_id: int) -> CandidatePair:
    """Fetch a pair for review: 404 unless it exists and the actor may see both records."""
    require_permission(actor, "linkage.review")
    pair = CandidatePair.objects.select_related("left__owner_agency", "right__owner_agency").filter(
        pk=pair_id).first()
    if pair is None or not (access.can(actor, "view", pair.left) and access.can(actor, "view", pair.right)):
        raise Http404("No such pair")
    return pair


def pair_viewed(*, actor, pair: CandidatePair, path: str) -> None:
    """Log the view of both records of a pair shown for review."""
    for person in (pair.left, pair.right):
        access_record(actor=actor, action=AccessAction.VIEW, record=person, reason="data_quality",
                      justification=f"Clerical review of linkage pair {pair.pk}",
                      basis=access.basis_text(actor, person), path=path)


@transaction.atomic
def pair_decide(*, actor, pair_id: int, same_person: bool, note: str = "") -> ClericalLabel:
    """Record a reviewer's decision as a label (kept for every re-run) and re-run the linkage."""
    pair = pair_access(actor=actor, pair_id=pair_id)
    left, right = sorted((pair.left_id, pair.right_id))
    with acting_as(actor):
        label = ClericalLabel.objects.filter(left_id=left, right_id=right).first()
        if label is None:
            label = ClericalLabel(left_id=left, right_id=right, decided_by=actor, same_person=same_person)
        label.same_person, label.note, label.decided_by, label.decided_at = same_person, note, actor, timezone.now()
        label.save()
        pair.status = PairStatus.SAME if same_person else PairStatus.DIFFERENT
        pair.decided_by, pair.decided_at = actor, timezone.now()
        pair.save()
        # Incremental: only the two records' people are relinked (a full run when there is no last run).
        run = LinkageRun.objects.create(started_by=actor, full=False)
    transaction.on_commit(lambda: run_linkage.enqueue(run.pk))
    return label
