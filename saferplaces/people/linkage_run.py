"""Running person linkage: every agency's person records through the evidence engine, and its
result stored as person keys, candidate pairs for review and the run's counts.

The engine does the linking (one model, clustering and id scheme: ``saferplaces.evidence.api``);
this module only turns the web app's records, keys and labels into its inputs and stores what
it returns. A record's key in the engine is its agency's short name and its database id, so the
same records exported as files give the ``link`` command's same people.
"""

from __future__ import annotations

import json
import secrets
import shutil
from pathlib import Path

import pandas as pd
from django.conf import settings
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
    LinkageStage,
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
    """The engine's record for a person (a ``values()`` row of :data:`FIELDS`)."""
    return api.LinkageRecord(
        source=person["owner_agency__short_name"], record_id=str(person["id"]), forename=person["forename"],
        surname=person["surname"], date_of_birth=person["date_of_birth"], postcode=person["postcode"],
        address=person["address"], sex=person["sex"])


#: the person fields the engine reads, and the change time (incremental runs)
FIELDS = ("id", "owner_agency__short_name", "forename", "surname", "date_of_birth", "postcode", "address", "sex",
          "updated_at")
#: rows fetched per round trip while reading a million people
_CHUNK = 20000


def _people() -> pd.DataFrame:
    """Every person record as the engine's record table, with ``person_id`` and ``updated_at``. In id
    order: the order the records reach the engine is the order a file of them would have."""
    rows = Person.objects.order_by("pk").values_list(*FIELDS).iterator(chunk_size=_CHUNK)
    frame = pd.DataFrame.from_records(rows, columns=list(FIELDS))
    return pd.DataFrame({
        "person_id": frame["id"].astype("int64"), "source": frame["owner_agency__short_name"].astype(str),
        "record_id": frame["id"].astype(str), "forename": frame["forename"].fillna(""),
        "surname": frame["surname"].fillna(""),
        "dob": [d.isoformat() if d else "" for d in frame["date_of_birth"]],
        "postcode": frame["postcode"].fillna(""), "address": frame["address"].fillna(""),
        "sex": frame["sex"].fillna(""), "pnc_id": "", "nhs_number": "", "crn": "",
        "updated_at": pd.to_datetime(frame["updated_at"], utc=True)})


def _keys() -> dict[int, str]:
    """Every record's current person key."""
    return dict(PersonLink.objects.values_list("person_id", "person_key").iterator(chunk_size=_CHUNK))


def linkage_execute(run: LinkageRun, *, batch_size: int | None = None) -> LinkageRun:
    """Run (or continue) linkage for ``run`` (the background task, ``manage.py link_people``).

    Three stages, each committed as it goes: the engine scores the records and its result is kept in
    the work folder (``settings.LINKAGE["WORK_DIR"]``); the changed person keys are written in
    batches; then the pairs for review. A run that stops (a crash, a failure) is run again with this
    and continues from its stage: keys already written are not written again. Failures are kept on
    the run."""
    batch_size = batch_size or settings.LINKAGE["BATCH_SIZE"]
    run.status, run.error = LinkageStatus.RUNNING, ""
    run.started_at = run.started_at or timezone.now()
    run.save()
    try:
        with acting_as(run.started_by):
            if run.stage == LinkageStage.SCORE or not run.result_path or not _result_dir(run).exists():
                _score(run)
            if run.stage == LinkageStage.LINKS:
                _write_links(run, batch_size)
            if run.stage == LinkageStage.PAIRS:
                _write_pairs(run, batch_size)
            run.status = LinkageStatus.FINISHED
        _prune(run)
    except Exception as error:  # noqa: BLE001 - a failed run is reported on its page, never lost
        run.status, run.error = LinkageStatus.FAILED, f"{type(error).__name__}: {error}"
    run.finished_at = timezone.now()
    run.save()
    reviewers_notify(run)
    return run


def linkage_unfinished() -> LinkageRun | None:
    """The latest run that stopped after the engine's stage (its result kept): rerunning continues it."""
    run = (LinkageRun.objects.filter(status__in=[LinkageStatus.RUNNING, LinkageStatus.FAILED],
                                     stage__in=[LinkageStage.LINKS, LinkageStage.PAIRS])
           .order_by("-pk").first())
    later = run is not None and LinkageRun.objects.filter(pk__gt=run.pk, status=LinkageStatus.FINISHED).exists()
    return None if run is None or later or not run.result_path or not _result_dir(run).exists() else run


def _result_dir(run: LinkageRun) -> Path:
    return Path(run.result_path)


def _prune(run: LinkageRun) -> None:
    """Remove the work folders of earlier runs: the next incremental run needs only this one's."""
    for other in LinkageRun.objects.exclude(pk=run.pk).exclude(result_path="").only("pk", "result_path"):
        shutil.rmtree(other.result_path, ignore_errors=True)


def _previous_run(run: LinkageRun) -> LinkageRun | None:
    """The last finished run an incremental run can follow: its records' keys and its model are kept."""
    last = (LinkageRun.objects.filter(status=LinkageStatus.FINISHED, stage=LinkageStage.DONE, snapshot_at__isnull=False)
            .exclude(pk=run.pk).order_by("-snapshot_at", "-pk").first())
    if last is None or not last.saved_model or not last.result_path or not (
            _result_dir(last) / "keys.parquet").exists():
        return None
    return last


def _score(run: LinkageRun) -> None:
    """The engine's stage: read every record, link (all, or the new and changed ones), keep the result."""
    run.snapshot_at = timezone.now()
    people = _people()
    previous = _keys()
    last = None if run.full else _previous_run(run)
    if last is None:
        run.full = True
    sources = dict(zip(people["person_id"].to_numpy(), people["source"].to_numpy(), strict=True))
    labels = list(ClericalLabel.objects.values_list("left_id", "right_id", "same_person", "decided_at"))
    decisions = [api.ClericalDecision((sources[left], str(left)), (sources[right], str(right)), same)
                 for left, right, same, _ in labels if left in sources and right in sources]
    old = {(sources[pid], str(pid)): key for pid, key in previous.items() if pid in sources}
    if run.full:
        result = api.link_person_table(people, purpose=PURPOSE, previous=old, decisions=decisions)
    else:
        since = last.snapshot_at
        # Changed since the last run read them, or never linked, or named in a decision taken since.
        changed = (people["updated_at"] >= pd.Timestamp(since)).to_numpy().copy()
        changed |= ~people["person_id"].isin(previous.keys()).to_numpy()
        decided = {pid for left, right, _, at in labels if at >= since for pid in (left, right)}
        changed |= people["person_id"].isin(decided).to_numpy()
        # A record deleted since then may have held its person together: that person is relinked.
        before = pd.read_parquet(_result_dir(last) / "keys.parquet")
        gone = before.loc[~before["person_id"].isin(people["person_id"]), "person_key"]
        result = api.link_person_table(
            people, purpose=PURPOSE, previous=old, decisions=decisions, model=last.saved_model,
            changed=[(s, r) for s, r in people.loc[changed, ["source", "record_id"]].itertuples(index=False)],
            dissolve=set(gone))
    # A fresh folder per attempt: a database restored or recreated reuses run numbers.
    folder = Path(settings.LINKAGE["WORK_DIR"]) / f"run-{run.pk}-{secrets.token_hex(4)}"
    folder.mkdir(parents=True)
    keys = pd.DataFrame({"person_id": people["person_id"],
                         "person_key": [result.person_ids[(s, r)] for s, r in zip(people["source"], people["record_id"],
                                                                                  strict=True)]})
    relinked = {int(r) for _, r in result.relinked}
    keys["relinked"] = keys["person_id"].isin(relinked)
    pairs = pd.DataFrame(
        [(*sorted((int(p.left[1]), int(p.right[1]))), round(p.probability, 4), json.dumps(p.agreement))
         for p in result.review], columns=["left_id", "right_id", "probability", "evidence"])
    _write_parquet(keys, folder / "keys.parquet")
    _write_parquet(pairs, folder / "pairs.parquet")
    run.result_path = str(folder)
    run.engine = result.model
    run.saved_model = result.saved_model or (last.saved_model if last else {})
    run.records = len(people)
    run.people = result.people
    run.linked_pairs = result.linked_pairs
    run.review_pairs = len(result.review)
    run.labels_applied = len(decisions)
    run.relinked = len(relinked)
    run.stage = LinkageStage.LINKS
    run.save()


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Written whole or not at all (a run stopped while writing finds no half file)."""
    partial = path.with_suffix(".partial")
    frame.to_parquet(partial, index=False)
    partial.replace(path)


def _write_links(run: LinkageRun, batch_size: int) -> None:
    """Write the person keys that differ from the stored ones, one committed batch at a time.

    Only changed keys are written (an unchanged record keeps its link and the run that set it).
    Each batch commits with the run's progress; a rerun compares again, so what a stopped run
    wrote is not written twice."""
    keys = pd.read_parquet(_result_dir(run) / "keys.parquet", columns=["person_id", "person_key"])
    current = _keys()
    stored = keys["person_id"].map(current)
    todo = keys[stored.to_numpy() != keys["person_key"].to_numpy()]
    existing = todo["person_id"].isin(current.keys()).to_numpy()
    for start in range(0, len(todo), batch_size):
        batch = todo.iloc[start:start + batch_size]
        update = existing[start:start + batch_size]
        _link_batch(run, batch[~update], batch[update])
    run.stage = LinkageStage.PAIRS
    run.save()


def _link_batch(run: LinkageRun, create: pd.DataFrame, update: pd.DataFrame) -> None:
    """One committed batch of person keys: new links created, changed ones updated, progress saved."""
    with transaction.atomic():
        PersonLink.objects.bulk_create(
            [PersonLink(person_id=int(p), person_key=k, run=run) for p, k in create.itertuples(index=False)],
            batch_size=5000)
        if len(update):
            links = list(PersonLink.objects.filter(person_id__in=update["person_id"].tolist()).only("pk", "person_id"))
            new_key = dict(zip(update["person_id"].to_numpy().tolist(), update["person_key"], strict=True))
            for link in links:
                link.person_key, link.run = new_key[link.person_id], run
            PersonLink.objects.bulk_update(links, ["person_key", "run"], batch_size=1000)
        run.links_written += len(create) + len(update)
        run.save(update_fields=["links_written"])


def _write_pairs(run: LinkageRun, batch_size: int) -> None:
    """Write the run's pairs for review from where a stopped run left off, in committed batches; an
    incremental run then takes over the last run's pending pairs between records it did not relink
    (they are still undecided and still scored as before)."""
    pairs = pd.read_parquet(_result_dir(run) / "pairs.parquet")
    alive = set(Person.objects.values_list("pk", flat=True).iterator(chunk_size=_CHUNK)) if len(pairs) else set()
    for start in range(run.pairs_written, len(pairs), batch_size):
        batch = pairs.iloc[start:start + batch_size]
        with transaction.atomic():
            CandidatePair.objects.bulk_create(
                [CandidatePair(run=run, left_id=int(left), right_id=int(right), probability=float(probability),
                               evidence=json.loads(evidence))
                 for left, right, probability, evidence in batch.itertuples(index=False)
                 if left in alive and right in alive], batch_size=5000)
            run.pairs_written = start + len(batch)
            run.save(update_fields=["pairs_written"])
    if not run.full:
        _carry_pending_pairs(run)
    run.stage = LinkageStage.DONE
    run.save()


def _carry_pending_pairs(run: LinkageRun) -> None:
    last = (LinkageRun.objects.filter(status=LinkageStatus.FINISHED, stage=LinkageStage.DONE)
            .exclude(pk=run.pk).order_by("-snapshot_at", "-pk").first())
    if last is None:
        return
    keys = pd.read_parquet(_result_dir(run) / "keys.parquet", columns=["person_id", "relinked"])
    relinked = set(keys.loc[keys["relinked"], "person_id"].tolist())
    carried = [pk for pk, left, right in CandidatePair.objects.filter(run=last, status=PairStatus.PENDING)
               .values_list("pk", "left_id", "right_id") if left not in relinked and right not in relinked]
    for start in range(0, len(carried), 5000):
        with transaction.atomic():
            CandidatePair.objects.filter(pk__in=carried[start:start + 5000]).update(run=run)
    run.review_pairs += len(carried)


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
