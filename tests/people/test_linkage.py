"""Person linkage in the web app: runs through the engine, stable ids, clerical review (labels respected
on re-runs), access. The model itself is tested in tests/evidence/test_linkage.py."""

import datetime as dt

import pytest
from django.urls import reverse

from saferplaces.audit.models import AccessEvent, ChangeRecord
from saferplaces.people import linkage
from saferplaces.people.models import CandidatePair, ClericalLabel, LinkageRun, PairStatus, PersonLink
from tests.factories import PersonFactory


@pytest.fixture
def now(django_capture_on_commit_callbacks):
    """Run what a call queues on commit (the background task) before returning."""

    def call(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return call


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
    # How each comparison of the engine's model agreed, in words.
    html = response.content.decode()
    assert "Kyle Barnes" in html and "Postcode and address" in html and "Missing on one record" in html
    logged = set(AccessEvent.objects.filter(action="view", record_type="people.person").values_list("record_id",
                                                                                                      flat=True))
    assert {str(pair.left_id), str(pair.right_id)} <= logged


def test_linkage_page_starts_a_run(world, client, now):
    _people(world)
    client.force_login(world.users["dpo"])
    assert now(client.post, reverse("people:linkage")).status_code == 302
    assert PersonLink.objects.count() >= 4


def test_keys_people_already_have_are_kept_and_a_split_gets_a_new_one(world, now):
    jordan_a, jordan_b, kyle_a, kyle_b = _people(world)
    # Keys from before (random ids, as the web app once made): the engine keeps them.
    for person in (jordan_a, jordan_b):
        PersonLink.objects.create(person=person, person_key="P-1A2B3C4D")
    PersonLink.objects.create(person=kyle_a, person_key="P-KYLE0001")
    PersonLink.objects.create(person=kyle_b, person_key="P-KYLE0001")
    run = now(linkage.linkage_start, actor=world.users["manager"])
    run.refresh_from_db()
    assert run.status == "finished", run.error
    assert PersonLink.objects.get(person=jordan_a).person_key == "P-1A2B3C4D"
    assert PersonLink.objects.get(person=jordan_b).person_key == "P-1A2B3C4D"
    # Kyle's two records are not linked by the model: one keeps the key, the other gets a new one.
    keys = {PersonLink.objects.get(person=kyle_a).person_key, PersonLink.objects.get(person=kyle_b).person_key}
    assert "P-KYLE0001" in keys and len(keys) == 2
    # A re-run changes nothing.
    before = dict(PersonLink.objects.values_list("person_id", "person_key"))
    now(linkage.linkage_start, actor=world.users["manager"])
    assert dict(PersonLink.objects.values_list("person_id", "person_key")) == before


def test_run_records_the_engine_and_its_counts(world, now):
    _people(world)
    run = now(linkage.linkage_start, actor=world.users["manager"])
    run.refresh_from_db()
    assert "fixed parameters" in run.engine  # eight records: too few to train on
    # The world's four people and these four: only Jordan's two records are linked.
    assert (run.records, run.people, run.linked_pairs, run.review_pairs) == (8, 7, 1, 1)
    pair = kyle_pair(run=run).get()
    assert pair.evidence == {"name": "exact", "dob": None, "location": None}


def test_a_failed_run_keeps_the_engine_error(world):
    from saferplaces.people.linkage_run import linkage_execute

    PersonFactory(owner_agency=world.own, forename="", surname="")  # no name at all: the engine refuses it
    run = linkage_execute(LinkageRun.objects.create())
    assert run.status == "failed" and "forename and surname are both blank" in run.error
