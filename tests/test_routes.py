"""Walks every URL pattern: each named route must be in the access table, and every role and
relationship gets exactly the outcome the table declares."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from saferplaces.accounts.roles import Role, has_permission
from tests.access_table import ROUTES
from tests.conftest import RELATIONSHIPS


def _named_routes(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_routes(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_named_route_is_in_the_access_table():
    routes = set(_named_routes())
    missing = sorted(routes - set(ROUTES))
    assert not missing, f"Declare these routes in tests/access_table.py: {missing}"
    stale = sorted(set(ROUTES) - routes)
    assert not stale, f"The access table names routes that no longer exist: {stale}"


def test_there_are_no_unnamed_routes():
    def unnamed(resolver):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                yield from unnamed(entry)
            elif not entry.name:
                yield str(entry.pattern)

    assert list(unnamed(get_resolver())) == []


def _request(client, name, route, world, relationship):
    kwargs = route.kwargs(world, relationship) if route.kwargs else {}
    url = reverse(name, kwargs=kwargs)
    if route.method == "post":
        return client.post(url, route.data)
    if route.method == "put":
        return client.put(url, route.data)
    return client.get(url, route.query)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_anonymous_requests_reach_only_public_routes(client, world, name):
    route = ROUTES[name]
    response = _request(client, name, route, world, "own")
    if route.access == "public":
        assert response.status_code == route.ok
    elif route.access == "token":
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def _expected(route, role, relationship):
    if route.access == "public":
        return route.signed_in_ok or route.ok
    if route.access == "signed_in":
        return route.ok
    if route.access == "token":  # the partner API: a web session does not authenticate it
        return 401
    allowed = has_permission(role.value, route.permission)
    if route.access == "permission":
        return route.ok if allowed else 403
    if route.access == "record":
        return route.ok if allowed and relationship in route.visible else 404
    raise AssertionError(f"unknown access kind {route.access}")


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_every_role_and_relationship_gets_the_declared_outcome(client, world, name):
    route = ROUTES[name]
    mismatches = []
    relationships = RELATIONSHIPS if route.access == "record" else ("own",)
    for role in Role:
        for relationship in relationships:
            client.force_login(world.users[role.value])
            response = _request(client, name, route, world, relationship)
            expected = _expected(route, role, relationship)
            if response.status_code != expected:
                mismatches.append((role.value, relationship, response.status_code, expected))
    assert not mismatches, f"(role, relationship, got, expected): {mismatches}"
