"""Running person linkage: every agency's person records through the evidence engine, and its
result stored as person keys, candidate pairs for review and the run's counts.

The engine does the linking (one model, clustering and id scheme: ``saferplaces.evidence.api``);
this module only turns the web app's records, keys and labels into its inputs and stores what
it returns. A record's key in the engine is its agency's short name and its database id, so the
same records exported as files give the ``link`` command's same people.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from saferplaces.accounts.models import User
from saferplaces.core.context import acting_as
from saferplaces.evidence import api
from saferplaces.notifications.models import NotificationKind
from saferplaces.notifications.services import notification_send_many
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

#: Precision first: one person id joins records across agencies on the person page and in every
#: register, and a false link shows one person's story as another's.
PURPOSE = "cohort-overlap"


def linkage_record(person: dict) -> api.LinkageRecord:
    """The engine's record for a person (a ``values()`` row of :func:`_people`)."""
    return api.LinkageRecord(
        source=person["owner_agency__short_name"], record_id=str(person["id"]), forename=person["forename"],
        surname=person["surname"], date_of_birth=person["date_of_birth"], postcode=person["postcode"],
        address=person["address"], sex=person["sex"])


def _people() -> list[dict]:
    # In id order: the order the records reach the engine is the order a file of them would have.
    return list(Person.objects.order_by("pk").values("id", "owner_agency__short_name", "forename", "surname",
                                                     "date_of_birth", "postcode", "address", "sex"))


def linkage_execute(run: LinkageRun) -> LinkageRun:
    """Run linkage for ``run`` (called by the background task); failures are kept on the run."""
    run.status, run.started_at = LinkageStatus.RUNNING, timezone.now()
    run.save()
    try:
        with transaction.atomic(), acting_as(run.started_by):
            _link(run)
            run.status, run.error = LinkageStatus.FINISHED, ""
    except Exception as error:  # noqa: BLE001 - a failed run is reported on its page, never lost
        run.status, run.error = LinkageStatus.FAILED, f"{type(error).__name__}: {error}"
    run.finished_at = timezone.now()
    run.save()
    reviewers_notify(run)
    return run


def _link(run: LinkageRun) -> None:
    people = _people()
    records = [linkage_record(p) for p in people]
    key_of = {p["id"]: (p["owner_agency__short_name"], str(p["id"])) for p in people}
    existing = {link.person_id: link for link in PersonLink.objects.all()}
    previous = {key_of[pid]: link.person_key for pid, link in existing.items() if pid in key_of}
    labels = list(ClericalLabel.objects.all())
    decisions = [api.ClericalDecision(key_of[label.left_id], key_of[label.right_id], label.same_person)
                 for label in labels]
    result = api.link_person_records(records, purpose=PURPOSE, previous=previous, decisions=decisions)
    run.engine = result.model
    for person_id, key in key_of.items():
        person_key = result.person_ids[key]
        link = existing.get(person_id)
        if link is None:
            PersonLink.objects.create(person_id=person_id, person_key=person_key, run=run)
        elif link.person_key != person_key or link.run_id != run.pk:
            link.person_key, link.run = person_key, run
            link.save()
    for pair in result.review:
        left, right = sorted((int(pair.left[1]), int(pair.right[1])))
        CandidatePair.objects.create(run=run, left_id=left, right_id=right, probability=round(pair.probability, 4),
                                     evidence=pair.agreement)
    run.records = len(records)
    run.people = result.people
    run.linked_pairs = result.linked_pairs
    run.review_pairs = len(result.review)
    run.labels_applied = len(labels)


def _may_review_any(user, run: LinkageRun) -> bool:
    """Does the run leave a pending pair whose both records ``user`` may see (the review queue's rule)?"""
    visible = access.scope(user, Person.objects.all()).values("pk")
    return CandidatePair.objects.filter(run=run, status=PairStatus.PENDING, left__in=visible,
                                        right__in=visible).exists()


def reviewers_notify(run: LinkageRun) -> int:
    """After a run leaves pairs for clerical review, tell the reviewers who may decide at least one of
    them (both records visible to them). The notification gives the run's number and the count of
    pairs, never a name. Returns the number told."""
    if run.status != LinkageStatus.FINISHED or not run.review_pairs:
        return 0
    reviewers = [user for user in User.objects.filter(is_active=True).select_related("agency").order_by("pk")
                 if user.has_role_permission("linkage.review") and _may_review_any(user, run)]
    return len(notification_send_many(
        recipients=reviewers, kind=NotificationKind.LINKAGE_REVIEW,
        reference=f"Linkage run {run.pk}: {run.review_pairs} pair{'s' if run.review_pairs != 1 else ''} to review",
        url=reverse("people:review_queue"), key=f"linkage-review:{run.pk}"))
