"""Person linkage: scoring, stable ids, clerical review (labels respected on re-runs), access."""

import datetime as dt

import pytest
from django.urls import reverse

from saferplaces.audit.models import AccessEvent, ChangeRecord
from saferplaces.people import linkage, matching
from saferplaces.people.models import CandidatePair, ClericalLabel, PairStatus, PersonLink
from tests.factories import PersonFactory


@pytest.fixture
def now(django_capture_on_commit_callbacks):
    """Run what a call queues on commit (the background task) before returning."""

    def call(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return call


def rec(i, fore, sur, dob, pc):
    return matching.PersonRecord(i, fore, sur, dob, pc)


def test_exact_match_and_transposed_date_of_birth_link_without_review():
    a = rec(1, "Maria", "Kowalska", dt.date(1978, 11, 2), "W9 3RS")
    b = rec(2, "Maria", "Kowalska", dt.date(1978, 2, 11), "W93RS")
    pair = matching.score(a, b)
    assert pair.levels["date_of_birth"] == "transposed"
    assert pair.levels["postcode"] == "exact"
    assert pair.probability >= matching.LINK_THRESHOLD


def test_weights_add_up_as_fellegi_sunter_says():
    a = rec(1, "Kyle", "Barnes", dt.date(2001, 7, 30), "W10 4LP")
    b = rec(2, "Kyle", "Barnes", None, "")
    pair = matching.score(a, b)
    import math
    expected = math.log2(matching.PRIOR / (1 - matching.PRIOR)) + math.log2(0.90 / 0.01) + math.log2(0.85 / 0.02)
    assert pair.weight == pytest.approx(expected)
    assert matching.REVIEW_THRESHOLD <= pair.probability < matching.LINK_THRESHOLD


def test_different_people_are_not_scored_as_candidates():
    records = [rec(1, "Jordan", "Ellis", dt.date(1991, 3, 14), "W2 5EH"),
               rec(2, "Fatima", "Begum", dt.date(1985, 5, 21), "NW8 8LL")]
    assert matching.score_pairs(records) == []


def test_clusters_join_chains():
    assert matching.clusters([1, 2, 3, 4], [(1, 2), (2, 3)]) == [[1, 2, 3], [4]]


def test_keys_are_stable_and_a_split_gets_a_new_key():
    current = {1: "P-A", 2: "P-A", 3: "P-A"}
    keys = linkage.assign_keys([[1, 2], [3]], current)
    assert keys[1] == keys[2] == "P-A"
    assert keys[3] not in {"P-A"}


def kyle_pair(**filters):
    return CandidatePair.objects.filter(left__surname="Barnes", right__surname="Barnes", **filters)


def _people(world):
    own, partner = world.own, world.partner
    jordan_a = PersonFactory(owner_agency=own, forename="Jordan", surname="Ellis", date_of_birth=dt.date(1991, 3, 14),
                             postcode="W2 5EH")
    jordan_b = PersonFactory(owner_agency=partner, forename="Jordan", surname="Ellis",
                             date_of_birth=dt.date(1991, 3, 14), postcode="W2 5EH")
    kyle_a = PersonFactory(owner_agency=own, forename="Kyle", surname="Barnes", date_of_birth=None, postcode="")
    kyle_b = PersonFactory(owner_agency=partner, forename="Kyle", surname="Barnes", date_of_birth=dt.date(2001, 7, 30),
                           postcode="W10 4LP")
    return jordan_a, jordan_b, kyle_a, kyle_b


def test_run_links_certain_pairs_and_queues_uncertain_ones(world, now):
    jordan_a, jordan_b, kyle_a, kyle_b = _people(world)
    run = now(linkage.linkage_start, actor=world.users["manager"])
    run.refresh_from_db()
    assert run.status == "finished", run.error
    assert PersonLink.objects.get(person=jordan_a).person_key == PersonLink.objects.get(person=jordan_b).person_key
    assert PersonLink.objects.get(person=kyle_a).person_key != PersonLink.objects.get(person=kyle_b).person_key
    pair = kyle_pair(run=run).get()
    assert {pair.left_id, pair.right_id} == {kyle_a.pk, kyle_b.pk}
    assert pair in list(linkage.review_queue(actor=world.users["manager"]))
    assert not CandidatePair.objects.filter(left__surname="Ellis").exists()


def test_confirmed_pair_is_linked_on_rerun_and_keys_stay_stable(world, client, now):
    jordan_a, jordan_b, kyle_a, kyle_b = _people(world)
    now(linkage.linkage_start, actor=world.users["manager"])
    jordan_key = PersonLink.objects.get(person=jordan_a).person_key
    pair = kyle_pair().get()
    manager = world.users["manager"]
    client.force_login(manager)
    response = now(client.post, reverse("people:review_pair", kwargs={"pk": pair.pk}),
                   {"decision": "same", "note": "Checked the custody record"})
    assert response.status_code == 302
    label = ClericalLabel.objects.get()
    assert label.same_person and label.decided_by == manager
    pair.refresh_from_db()
    assert pair.status == PairStatus.SAME
    # The decision re-ran linkage (immediately, in tests): Kyle's records now share one id.
    assert PersonLink.objects.get(person=kyle_a).person_key == PersonLink.objects.get(person=kyle_b).person_key
    assert PersonLink.objects.get(person=jordan_a).person_key == jordan_key
    # The queue lists the decision, and every decision is in the change history, attributed to the reviewer.
    queue = client.get(reverse("people:review_queue")).content.decode()
    assert "Checked the custody record" in queue and "Same person" in queue
    assert ChangeRecord.objects.filter(record_type="people.clericallabel", actor=manager).exists()
    # A further run keeps respecting the label and asks for no review.
    run = now(linkage.linkage_start, actor=manager)
    assert not kyle_pair(run=run).exists()
    assert PersonLink.objects.get(person=kyle_a).person_key == PersonLink.objects.get(person=kyle_b).person_key


def test_rejected_pair_is_never_linked_and_not_asked_again(world, now):
    jordan_a, jordan_b, kyle_a, kyle_b = _people(world)
    manager = world.users["manager"]
    now(linkage.linkage_start, actor=manager)
    pair = kyle_pair().get()
    now(linkage.pair_decide, actor=manager, pair_id=pair.pk, same_person=False)
    run = now(linkage.linkage_start, actor=manager)
    assert not kyle_pair(run=run).exists()
    assert PersonLink.objects.get(person=kyle_a).person_key != PersonLink.objects.get(person=kyle_b).person_key


def test_review_of_a_pair_logs_both_records_and_hides_pairs_the_reviewer_cannot_see(world, client, now):
    manager = world.users["manager"]
    hidden = PersonFactory(owner_agency=world.other, forename="Kyle", surname="Barnes", date_of_birth=None,
                           postcode="")
    shown = PersonFactory(owner_agency=world.own, forename="Kyle", surname="Barnes",
                          date_of_birth=dt.date(2001, 7, 30), postcode="W10 4LP")
    now(linkage.linkage_start, actor=manager)
    pair = kyle_pair().get()
    assert {pair.left_id, pair.right_id} == {hidden.pk, shown.pk}
    assert pair not in list(linkage.review_queue(actor=manager))
    client.force_login(manager)
    assert client.get(reverse("people:review_pair", kwargs={"pk": pair.pk})).status_code == 404
    assert client.post(reverse("people:review_pair", kwargs={"pk": pair.pk}), {"decision": "same"}).status_code == 404
    assert not ClericalLabel.objects.exists()


def test_review_page_logs_a_view_of_each_record(world, client, now):
    _people(world)
    manager = world.users["manager"]
    now(linkage.linkage_start, actor=manager)
    pair = kyle_pair().get()
    client.force_login(manager)
    response = client.get(reverse("people:review_pair", kwargs={"pk": pair.pk}))
    assert response.status_code == 200
    logged = set(AccessEvent.objects.filter(action="view", record_type="people.person").values_list("record_id",
                                                                                                      flat=True))
    assert {str(pair.left_id), str(pair.right_id)} <= logged


def test_linkage_page_starts_a_run(world, client, now):
    _people(world)
    client.force_login(world.users["dpo"])
    assert now(client.post, reverse("people:linkage")).status_code == 302
    assert PersonLink.objects.count() >= 4


def test_blocking_compares_a_swapped_date_of_birth_but_not_strangers_sharing_a_postcode():
    a = rec(1, "Maria", "Kowalska", dt.date(1978, 11, 2), "W9 3RS")
    b = rec(2, "Marie", "Kowalski", dt.date(1978, 2, 11), "")  # names keyed differently, date swapped
    c = rec(3, "Zoe", "Quinn", dt.date(1960, 5, 5), "W9 3RS")  # only the postcode in common
    pairs = matching.score_pairs([a, b, c], minimum=0.0)
    assert {(p.left, p.right) for p in pairs} == {(1, 2)}


def test_seam_uses_the_trained_engine_once_there_are_enough_records():
    import pandas as pd

    from saferplaces.evidence.linkage import adapter
    from saferplaces.evidence.synthetic.people import generate_people

    few = [rec(1, "Ann", "Lee", dt.date(1980, 1, 2), "W9 3RS"), rec(2, "Ann", "Lee", dt.date(1980, 1, 2), "W9 3RS")]
    _, engine = linkage.score_pairs(few)
    assert engine == linkage.ENGINE_NAME
    data = generate_people(adapter.MIN_RECORDS, seed=8)
    many = [rec(i, r.forename, r.surname, pd.Timestamp(r.dob).date() if r.dob else None, r.postcode)
            for i, r in enumerate(data.itertuples())]
    pairs, engine = linkage.score_pairs(many)
    assert engine == adapter.ENGINE_NAME
    truth = data["person"].to_numpy()
    linked = [p for p in pairs if p.probability >= matching.LINK_THRESHOLD]
    assert linked and sum(truth[p.left] == truth[p.right] for p in linked) / len(linked) >= 0.98
    # The review page reads the evidence by the web app's field names.
    from saferplaces.people.linkage_views import FIELD_LABELS

    assert all(set(p.levels) == set(FIELD_LABELS) for p in pairs)
