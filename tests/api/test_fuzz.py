"""A schema-driven fuzz test of the partner API: schemathesis generates requests for every operation of
the OpenAPI document (valid ones and invalid ones), sends them in process through the WSGI app with a
system account's token, and checks that none answers 5xx and that every response (status, content type,
body) is one the document declares."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from saferplaces.asb.models import AsbCase
from tests.api.builders import bearer, make_account
from tests.factories import AgencyFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def connection_kept():
    """The WSGI app closes the database connection at the end of each request (``close_old_connections``),
    which would end the test's transaction on PostgreSQL; Django's own test client disconnects it the same
    way for the span of a request."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)

#: examples per operation and generation mode (15 operations): about 150 requests in all
EXAMPLES = {GenerationMode.POSITIVE: 6, GenerationMode.NEGATIVE: 4}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_every_operation_answers_as_documented_and_never_5xx(settings, connection_kept):
    from config.wsgi import application

    settings.PARTNER_API = {**settings.PARTNER_API, "RATE_PER_MINUTE": 1_000_000}
    agency = AgencyFactory()
    _, token = make_account(agency)
    # Records for the generated ids to find now and then (small ids are generated often).
    for _ in range(3):
        PersonFactory(owner_agency=agency)
        AsbCase.objects.create(owner_agency=agency, title="Noise", location="Demo Court")
    headers = {"Authorization": bearer(token)["HTTP_AUTHORIZATION"]}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 15
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @given(case=operation.as_strategy(generation_mode=mode))
            @hypothesis_settings(max_examples=EXAMPLES[mode], deadline=None, derandomize=True, database=None,
                                 suppress_health_check=list(HealthCheck))
            def run(case):
                case.call_and_validate(headers=headers, checks=CHECKS)

            run()
