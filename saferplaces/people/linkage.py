"""Person linkage across agencies: runs, stable person ids, and clerical review.

A run scores every blocked pair of person records (:mod:`saferplaces.people.matching`), applies
the clerical labels (a confirmed pair is always linked, a rejected pair never directly), links
pairs at or above the link threshold, and queues the uncertain ones for review. People are the
connected components of the links. Each keeps a **stable person id**: the id most of its records
already had, so ids survive re-runs; a new id is minted only for a new person or a split.

Linkage is a partnership function: it reads every agency's person records, whoever starts it.
Only roles with ``linkage.run`` start it; reviewers see a pair only when policy lets them see
both records, and every decision is kept (change history) and every pair shown is logged.
"""

from __future__ import annotations

import secrets
from collections import Counter

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from saferplaces.audit.models import AccessAction
from saferplaces.audit.services import access_record
from saferplaces.core.context import acting_as
from saferplaces.people import matching
from saferplaces.people.models import (
    CandidatePair,
    ClericalLabel,
    LinkageRun,
    LinkageStatus,
    PairStatus,
    Person,
    PersonLink,
)
from saferplaces.policy import access
from saferplaces.policy.rules import require_permission

ENGINE_NAME = "saferplaces.people.matching (Fellegi–Sunter, fixed weights)"


def score_pairs(records: list[matching.PersonRecord]) -> tuple[list, str]:
    """The seam: the evidence engine's Splink model, trained on the records, once there are enough
    of them to train it; below that, the fixed-weight model. Returns the pairs and the engine used."""
    from saferplaces.evidence.linkage import adapter

    if len(records) >= adapter.MIN_RECORDS:
        return adapter.score_person_records(records, minimum=matching.REVIEW_THRESHOLD), adapter.ENGINE_NAME
    return matching.score_pairs(records), ENGINE_NAME


@transaction.atomic
def linkage_start(*, actor) -> LinkageRun:
    """Queue a linkage run over every agency's person records (background task)."""
    require_permission(actor, "linkage.run")
    with acting_as(actor):
        run = LinkageRun.objects.create(started_by=actor)
    from saferplaces.people.tasks import run_linkage

    transaction.on_commit(lambda: run_linkage.enqueue(run.pk))
    return run


def _records() -> list[matching.PersonRecord]:
    return [
        matching.PersonRecord(p["id"], p["forename"], p["surname"], p["date_of_birth"], p["postcode"])
        for p in Person.objects.values("id", "forename", "surname", "date_of_birth", "postcode")
    ]


def _new_key(taken: set[str]) -> str:
    while True:
        key = "P-" + secrets.token_hex(4).upper()
        if key not in taken:
            return key


def assign_keys(groups: list[list[int]], current: dict[int, str]) -> dict[int, str]:
    """Stable ids: each group keeps the id most of its members had (largest groups choose first)."""
    taken_now: set[str] = set()
    everything = set(current.values())
    result: dict[int, str] = {}
    for group in sorted(groups, key=lambda g: (-len(g), g[0])):
        counts = Counter(current[i] for i in group if i in current)
        choice = next((key for key, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
                       if key not in taken_now), None)
        if choice is None:
            choice = _new_key(everything | taken_now)
        taken_now.add(choice)
        for i in group:
            result[i] = choice
    return result


def linkage_execute(run: LinkageRun) -> LinkageRun:
    """Run linkage for ``run`` (called by the background task); failures are kept on the run."""
    run.status, run.started_at, run.engine = LinkageStatus.RUNNING, timezone.now(), ENGINE_NAME
    run.save()
    try:
        with transaction.atomic(), acting_as(run.started_by):
            _link(run)
            run.status, run.error = LinkageStatus.FINISHED, ""
    except Exception as error:  # noqa: BLE001 - a failed run is reported on its page, never lost
        run.status, run.error = LinkageStatus.FAILED, f"{type(error).__name__}: {error}"
    run.finished_at = timezone.now()
    run.save()
    return run


def _link(run: LinkageRun) -> None:
    records = _records()
    labels = {(label.left_id, label.right_id): label.same_person for label in ClericalLabel.objects.all()}
    scored, run.engine = score_pairs(records)
    edges = [pair for pair, same in labels.items() if same]
    review = []
    for pair in scored:
        key = (pair.left, pair.right)
        if key in labels:
            continue
        if pair.probability >= matching.LINK_THRESHOLD:
            edges.append(key)
        else:
            review.append(pair)
    ids = [record.id for record in records]
    groups = matching.clusters(ids, edges)
    current = dict(PersonLink.objects.values_list("person_id", "person_key"))
    keys = assign_keys(groups, current)
    existing = {link.person_id: link for link in PersonLink.objects.all()}
    for person_id, key in keys.items():
        link = existing.get(person_id)
        if link is None:
            PersonLink.objects.create(person_id=person_id, person_key=key, run=run)
        elif link.person_key != key or link.run_id != run.pk:
            link.person_key, link.run = key, run
            link.save()
    # Pairs already in one person (through other links) need no review.
    for pair in review:
        if keys[pair.left] == keys[pair.right]:
            continue
        CandidatePair.objects.create(run=run, left_id=pair.left, right_id=pair.right,
                                     probability=round(pair.probability, 4), evidence=pair.levels)
    run.records = len(records)
    run.people = len(groups)
    run.linked_pairs = len(edges)
    run.review_pairs = run.pairs.count()
    run.labels_applied = len(labels)


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
    from django.http import Http404

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
        run = LinkageRun.objects.create(started_by=actor)
    from saferplaces.people.tasks import run_linkage

    transaction.on_commit(lambda: run_linkage.enqueue(run.pk))
    return label
