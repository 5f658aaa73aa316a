"""The people search reads a search that finds few records by sorting its matches apart (issue 20): the
same rows, in the same order, on every page and for every sort, as the name index gives."""

import re

import pytest
from django.urls import reverse

from saferplaces.people import selectors
from tests.factories import AgencyFactory, AgreementFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

REASON = {"reason": "casework", "justification": "Search test"}


def _pages(client, params) -> list[list[int]]:
    pages, number = [], 1
    while True:
        html = client.get(reverse("people:list"), {**params, **REASON, "page": number}).content.decode()
        pages.append([int(pk) for pk in re.findall(r'href="/people/(\d+)/"', html)])
        if f"page={number + 1}" not in html:
            return pages
        number += 1


@pytest.mark.parametrize("sort", ["name", "-name", "born", "-postcode"])
def test_a_search_sorted_apart_finds_the_same_rows_in_the_same_order(client, monkeypatch, sort):
    own, partner, hidden = AgencyFactory(), AgencyFactory(), AgencyFactory()
    AgreementFactory(parties=[own, partner], data_categories=["person"])
    viewer = UserFactory(agency=own)
    surnames = ["Able", "Smithers", "Goldsmith", "Smith", "smith", "Zed", "Smithson"]
    for i in range(200):
        PersonFactory(owner_agency=[own, partner, hidden][i % 3], surname=surnames[i % len(surnames)],
                      forename=f"Robin{i % 4}")
    client.force_login(viewer)
    params = {"q": "smith", "sort": sort}
    monkeypatch.setattr(selectors, "FEW_MATCHES", 0)  # every search walks the sort's index
    walked = _pages(client, params)
    monkeypatch.setattr(selectors, "FEW_MATCHES", 1000)  # every search here is sorted apart
    assert selectors.sorted_apart(selectors.person_search(actor=viewer, query="smith")) is not None
    assert _pages(client, params) == walked
    assert len(walked) == 2 and len(walked[0]) == 50 and len(set(walked[0] + walked[1])) > 60
