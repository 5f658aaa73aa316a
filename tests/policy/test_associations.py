"""The declared associations resolve to protected models and lookups the database accepts."""

import pytest
from django.apps import apps
from django.db.models import Q

from saferplaces.policy import access
from saferplaces.policy.associations import ASSOCIATIONS
from saferplaces.policy.models import Protected

pytestmark = pytest.mark.django_db


def test_every_declared_association_is_registered_on_a_protected_model(world):
    assert ASSOCIATIONS, "the ASB casework associations are declared"
    for label, paths in ASSOCIATIONS.items():
        model = apps.get_model(label)
        assert issubclass(model, Protected)
        assert len(access._ASSOCIATIONS[model]) >= len(paths)
        for path in paths:
            # A mistyped path fails here, not on the first page that lists the model.
            list(model._default_manager.filter(Q(**{path: world.own.pk})).values_list("pk", flat=True))
