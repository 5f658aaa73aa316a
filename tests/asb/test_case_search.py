"""The ASB case search's words (``saferplaces.asb.search``): long words anywhere, short ones as a case
number or postcode district or left out; the same cases whichever plan a word takes; and the similar
open cases found through each column's own index."""

import pytest
from django.urls import reverse

from saferplaces.asb import search, selectors, services
from saferplaces.asb.models import PartyRole, Task
from saferplaces.people.models import PersonLink
from tests.asb.builders import TODAY, days_ago, make_case, make_party
from tests.factories import AgreementFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def asb(world):
    AgreementFactory(parties=[world.own, world.partner], data_categories=["asb", "enforcement"])
    return world


def _found(user, query):
    return set(selectors.case_search(actor=user, query=query))


def test_words_say_what_they_match():
    words = {w.typed: w for w in search.words_of("Noise at 7 W2 ASB-2026-00012 x9 1a")}
    assert (words["Noise"].text, words["Noise"].number) == ("Noise", None)
    assert words["ASB-2026-00012"].number == 12 and words["ASB-2026-00012"].text == "ASB-2026-00012"
    assert (words["7"].text, words["7"].number) == ("", 7)
    assert words["W2"].district == "W2" and words["x9"].district == "X9"
    assert words["at"].ignored and words["1a"].ignored
    assert search.ignored_words("ASB at 1 Flat b") == ["at", "b"]


def test_a_short_number_is_the_case_number_not_any_digit(asb):
    user = asb.users["caseworker"]
    first, second = make_case(asb.own, title="Flat 1 noise"), make_case(asb.own, title="Loud music")
    assert _found(user, str(second.pk)) == {second}  # before, "1" matched every title with a 1 in it
    assert _found(user, f"noise {first.pk}") == {first}
    assert _found(user, f"music {first.pk}") == set()


def test_a_letter_and_a_digit_is_a_postcode_district(asb):
    user = asb.users["caseworker"]
    spaced, unspaced = make_case(asb.own, postcode="W1 2AB"), make_case(asb.own, postcode="w12ab")
    make_case(asb.own, postcode="W10 4AB")  # another district that starts with the same letters
    make_case(asb.own, postcode="SW1 1AA", title="Near W1")
    assert _found(user, "W1") == {spaced, unspaced}
    assert _found(user, "w1 noise") == {spaced, unspaced}


def test_other_short_words_are_left_out_and_the_page_says_so(client, asb):
    user = asb.users["caseworker"]
    noise, quiet = make_case(asb.own, title="Noise at the flats"), make_case(asb.own, title="Quiet")
    assert _found(user, "noise at") == {noise}
    assert _found(user, "at") == {noise, quiet}  # nothing left to search for: every case
    client.force_login(user)
    every = {"scope": "all", "reason": "casework"}
    html = client.get(reverse("asb:case_list"), {**every, "q": "noise at"}).content.decode()
    assert "Left out of the search: &ldquo;at&rdquo;" in html and noise.reference in html
    assert quiet.reference not in html
    html = client.get(reverse("asb:case_list"), {**every, "q": "noise"}).content.decode()
    assert "Left out of the search" not in html


@pytest.mark.parametrize("query", ["noise", "court", "w2 5eh", "olive", "parker shared", "una", "sam", "tag",
                                   "noise olive", "demo sam", "ASB", "nothing"])
def test_rare_and_common_words_find_the_same_cases(monkeypatch, asb, query):
    """Whether a word is looked up by its trigram indexes first (rare) or tested case by case
    (common), the same cases are found, and a linked person's name only by who may see the record."""
    user = asb.users["caseworker"]
    cases = [make_case(asb.own, title="Noise at Demo Court"), make_case(asb.own, title="Graffiti", location="Park"),
             make_case(asb.partner, title="Noise"), make_case(asb.other, title="Noise elsewhere")]
    make_party(cases[0], name="Sam Loud")
    make_party(cases[1], name="Tag Artist")
    for case, person in zip(cases, ("own", "agreement", "grant", "unrelated"), strict=True):
        services.party_add(actor=user, case=case, role=PartyRole.COMPLAINANT, person=asb.people[person])
    rare = _found(user, query)
    monkeypatch.setattr(search, "RARE_MATCHES", 0)  # every word found anywhere is common
    assert _found(user, query) == rare
    if query == "una":  # Una's record is not the viewer's to see: her name finds nothing
        assert rare == set()
    if query == "noise olive":
        assert rare == {cases[0]}


def test_similar_open_cases_match_a_full_name_with_spaces_in_either_part(asb):
    user = asb.users["caseworker"]
    mary = PersonFactory(owner_agency=asb.own, forename="Mary Ann", surname="De Souza")
    case = make_case(asb.own, location="Elsewhere", postcode="")
    services.party_add(actor=user, case=case, role=PartyRole.PERPETRATOR, person=mary)
    for typed in ("mary ann de souza", "MARY ANN DE SOUZA"):
        assert selectors.similar_open_cases(actor=user, names=[typed]) == [case]
    for typed in ("mary ann", "ann de souza", "mary  ann de souza"):
        assert selectors.similar_open_cases(actor=user, names=[typed]) == []


def test_similar_open_cases_by_linked_person_and_place_newest_first_and_bounded(monkeypatch, asb):
    user = asb.users["caseworker"]
    person, other_record = PersonFactory(owner_agency=asb.own), PersonFactory(owner_agency=asb.partner)
    PersonLink.objects.create(person=person, person_key="P-SIMILAR")
    PersonLink.objects.create(person=other_record, person_key="P-SIMILAR")
    older = make_case(asb.own, opened_on=days_ago(20), location="Elsewhere", postcode="")
    services.party_add(actor=user, case=older, role=PartyRole.COMPLAINANT, person=other_record)
    newer = make_case(asb.own, opened_on=days_ago(2), location="Demo Court", postcode="")
    hidden = make_case(asb.other, opened_on=days_ago(1), location="Demo Court", postcode="")
    make_case(asb.own, opened_on=days_ago(1), location="Demo Court", postcode="", status="closed")
    tasked = UserFactory(agency=asb.other, role="caseworker")
    Task.objects.create(case=hidden, title="Visit", assigned_agency=asb.other, assigned_to=tasked, due_on=TODAY)
    assert selectors.similar_open_cases(actor=user, location="demo court", people=[person]) == [newer, older]
    monkeypatch.setattr(selectors, "SIMILAR_LIMIT", 1)
    assert selectors.similar_open_cases(actor=user, location="demo court", people=[person]) == [newer]
    assert selectors.similar_open_cases(actor=tasked, location="demo court") == [hidden]
