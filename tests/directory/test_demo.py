import io

import pytest

from saferplaces.directory import demo, selectors, taxonomy
from saferplaces.directory.models import Location, Organization, Service, TaxonomyTerm
from tests.directory.builders import term

pytestmark = pytest.mark.django_db


def test_the_demo_is_a_few_dozen_sample_services_across_the_needs_and_reloads_in_place():
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert Service.objects.count() == len(demo.SERVICES) == 31
    assert not Service.objects.filter(is_sample=False).exists()
    assert all("(sample)" in name for name in Organization.objects.values_list("name", flat=True))
    assert not Location.objects.filter(is_sample=False).exists()
    used = set(TaxonomyTerm.objects.filter(attributes__isnull=False).values_list("term", flat=True))
    assert used == set(taxonomy.TERMS)
    # Near Church Street Library (NW8 8EU), by need: the women's drop-in meets there.
    hits = selectors.search(term=term("domestic-abuse"), near=(51.5226, -0.1690), within_m=500)
    assert [hit.service.name for hit in hits] == ["Women's drop-in"]
