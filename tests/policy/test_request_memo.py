"""Within a GET or HEAD request policy reads the actor's agreements once; in any other request, and
outside requests, it reads them every time, so a change is seen at once."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from saferplaces.policy import access
from saferplaces.policy.middleware import SafeRequestMemoMiddleware
from saferplaces.policy.models import AgreementStatus, InformationSharingAgreement


def _queries_of_two_decisions(actor, person) -> list[int]:
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            access.decide(actor, [person])
        counts.append(len(queries))
    return counts


@pytest.mark.parametrize(("method", "expected"), [("get", [3, 0]), ("head", [3, 0]), ("post", [3, 3])])
def test_only_safe_requests_read_the_agreements_once(world, method, expected):
    counts = []

    def view(request):
        counts.extend(_queries_of_two_decisions(world.users["caseworker"], world.people["agreement"]))
        return HttpResponse()

    SafeRequestMemoMiddleware(view)(getattr(RequestFactory(), method)("/"))
    # Three queries: the agreements, their parties, the grants; in a safe request, none the second time
    # (the record's grants and casework are read once per request too: issue 20).
    assert counts == expected


def test_nothing_is_remembered_outside_a_request_or_after_it(world):
    actor, shared = world.users["caseworker"], world.people["agreement"]
    assert _queries_of_two_decisions(actor, shared) == [3, 3]
    with access.remembering_agreements():
        assert access.can(actor, "view", shared)
    InformationSharingAgreement.objects.filter(parties=shared.owner_agency).update(status=AgreementStatus.ENDED)
    assert not access.can(actor, "view", shared)
    with access.remembering_agreements():
        assert not access.can(actor, "view", shared)


def test_a_grant_made_after_a_safe_request_is_seen_by_the_next(world):
    """The decisions remembered in one GET are not kept for the next request."""
    from saferplaces.policy.models import AccessGrant

    actor, hidden = world.users["caseworker"], world.people["unrelated"]
    with access.remembering_agreements():
        assert not access.can(actor, "view", hidden)
        assert not access.can(actor, "view", hidden)
    AccessGrant.objects.create(record=hidden, grantee_user=actor, reason="Test", granted_by=world.users["manager"])
    with access.remembering_agreements():
        assert access.can(actor, "view", hidden)


def test_a_remembered_read_is_made_once_in_a_safe_request_and_every_time_outside_one():
    reads = []

    def read():
        reads.append(1)
        return len(reads)

    assert [access.remembered(("k", 1), read) for _ in range(2)] == [1, 2]
    with access.remembering_agreements():
        assert [access.remembered(("k", 1), read) for _ in range(2)] == [3, 3]
        assert access.remembered(("k", 2), read) == 4  # another key (another actor, say) reads again
    with access.remembering_agreements():
        assert access.remembered(("k", 1), read) == 5  # not kept for the next request
