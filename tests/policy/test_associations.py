"""The declared associations resolve to protected models and lookups the database accepts."""

import pytest
from django.apps import apps
from django.db.models import Q

from saferplaces.policy import access
from saferplaces.policy.associations import ASSOCIATIONS, Via
from saferplaces.policy.models import Protected

pytestmark = pytest.mark.django_db


def test_every_declared_association_is_registered_on_a_protected_model(world):
    assert ASSOCIATIONS, "the ASB casework associations are declared"
    for label, ways in ASSOCIATIONS.items():
        model = apps.get_model(label)
        assert issubclass(model, Protected)
        assert len(access._ASSOCIATIONS[model]) >= len(ways)
        for via in ways:
            # A mistyped path fails here, not on the first page that lists the model.
            lookups = via.lookups(world.users["caseworker"])
            list(model._default_manager.filter(Q(**lookups)).values_list("pk", flat=True))


def test_a_way_in_names_a_user_or_an_agency():
    assert Via(agency="tasks__assigned_agency_id").lookups(type("Actor", (), {"pk": 1, "agency_id": 7})) == {
        "tasks__assigned_agency_id": 7}
    with pytest.raises(ValueError):
        Via(user="a", agency="b")
    with pytest.raises(ValueError):
        Via()
