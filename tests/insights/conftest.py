import pytest

from saferplaces.places.models import PriorityArea
from tests.insights.test_evaluate_data import CONTROL, FAR, OTHER, TREATED, _square


@pytest.fixture
def areas(db):
    """Four priority areas, small squares a few kilometres apart along one street of latitude."""
    return {name: PriorityArea.objects.create(name=name, geometry=_square(*where))
            for name, where in (("Church Street", TREATED), ("Queen's Park", CONTROL), ("Edgware Road", OTHER),
                                ("Harrow Road", FAR))}
