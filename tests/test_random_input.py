"""Bounded random input to every route, as every role: the answer may be a form error, 400, 403 or
404, never a server error (issue 18, finding 9).

For each route of the access table and each role, the page is opened once with the table's own
request; its forms are read from the HTML (every input, select and textarea, with the options a
select, radio or checkbox offers). Each example then sends random values (huge and negative
integers, 20-digit ids, 1e300, NaN and infinities, dates at the ends of the calendar, long strings,
NUL bytes, odd unicode, and sometimes an offered option so that later checks are reached):

* as query parameters named after the GET forms' fields, the table's query and the parameters
  views read from the query string;
* as POST data (files included) to every POST form on the page, and to the POST routes themselves.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import traceback
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import got_request_exception
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saferplaces.accounts.roles import Role
from tests.access_table import ROUTES

pytestmark = pytest.mark.slow

# Parameters views read from the query string outside any form (grep request.GET).
QUERY_PARAMETERS = ("period", "quarter", "status", "agency", "area", "owner", "page", "q", "reason", "download",
                    "record_type", "record_id")
EXAMPLES = int(os.environ.get("RANDOM_INPUT_EXAMPLES", 2))  # per route; each example is sent as every role

# Values that broke, or could break, parsing and the database: drawn most often.
EDGES = st.sampled_from([
    "12345678901234567890", "-12345678901234567890", "9223372036854775808", "-1", "0", "1e300", "-1e300", "0.001",
    "nan", "inf", "-inf", "0001-01-01", "9999-12-31", "0000-Q1", "9999-Q4", "0000-01", "9999-12", "2025-02-30",
    "\x00", "a\x00b", "x" * 5000, "\u202e\ufeff\U0001f600", "'; drop table x; --", "../../etc/passwd"])
OTHERS = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(str),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=400),
)
RANDOM_VALUES = st.integers(0, 9).flatmap(lambda i: EDGES if i < 6 else OTHERS)


class _Forms(HTMLParser):
    """The forms of a page: (method, action, {field name: offered values}, {file field names})."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, str, dict[str, list[str]], set[str]]] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(((attrs.get("method") or "get").lower(), attrs.get("action") or "", {}, set()))
            return
        if not self.forms:
            return
        fields, files = self.forms[-1][2], self.forms[-1][3]
        name = attrs.get("name")
        if tag in ("input", "textarea", "select") and name and name != "csrfmiddlewaretoken":
            offered = fields.setdefault(name, [])
            if tag == "input" and attrs.get("type") == "file":
                files.add(name)
            elif tag == "input" and attrs.get("value") is not None:
                offered.append(attrs["value"])
            self._select = name if tag == "select" else None
        elif tag == "option" and self._select and attrs.get("value") is not None:
            fields[self._select].append(attrs["value"])


def _page_forms(response):
    if response.status_code != 200 or response.streaming or "text/html" not in response.get("Content-Type", ""):
        return []
    parser = _Forms()
    parser.feed(response.content.decode("utf-8", "replace"))
    return parser.forms


def _value(data, offered):
    if offered and data.draw(st.booleans()):
        return data.draw(st.sampled_from(offered))
    return data.draw(RANDOM_VALUES)


def _file(data):
    content = data.draw(st.one_of(st.binary(max_size=300), RANDOM_VALUES.map(str.encode)))
    name = data.draw(st.sampled_from(["upload.csv", "upload.geojson", "upload.zip", "upload.pdf", "upload"]))
    return SimpleUploadedFile(name, content)


def _targets(world, name):
    """(role, method, url, {name: offered values}, file names) for every form of the route, as every role."""
    route = ROUTES[name]
    url = reverse(name, kwargs=route.kwargs(world, "own") if route.kwargs else {})
    targets = []
    client = Client(raise_request_exception=False)
    for role in Role:
        client.force_login(world.users[role.value])
        if route.method == "post":
            targets.append((role.value, "post", url, {key: [value] for key, value in route.data.items()}, set()))
            continue
        query = {key: [value] for key, value in route.query.items()}
        query.update({key: [] for key in QUERY_PARAMETERS if key not in query})
        for method, action, fields, files in _page_forms(client.get(url, route.query)):
            target = urljoin(url, action) if action else url
            if method == "get" and target == url:
                query.update({key: query.get(key, []) + values for key, values in fields.items()})
            else:
                targets.append((role.value, method, target, fields, files))
        targets.append((role.value, "get", url, query, set()))
    return targets


def test_random_values_never_cause_a_server_error(world):
    started = time.monotonic()
    targets = [target for name in sorted(ROUTES) for target in _targets(world, name)]
    # The forms were found: uploads, imports, dates and record choices are among the fields sent.
    fields = {field for *_, offered, files in targets for field in [*offered, *files]}
    assert {"boundary", "police_files", "file", "requested_on", "held_on", "attendees", "quarter"} <= fields
    clients = {}
    for role in Role:
        clients[role.value] = Client(raise_request_exception=False)
        clients[role.value].force_login(world.users[role.value])
    sent = []
    failures = []
    errors: list[str] = []

    def remember(sender, request, **kwargs):  # the server error's traceback, for the failure message
        errors.append(traceback.format_exc(limit=-3))

    got_request_exception.connect(remember)

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(data=st.data())
    def send(target, data):
        role, method, url, fields, files = target
        values = {key: _value(data, offered) for key, offered in fields.items() if key not in files}
        values.update({key: _file(data) for key in files})
        client = clients[role]
        client.force_login(world.users[role])  # a random POST may have signed the user out
        errors.clear()
        # Each request in its own savepoint: on PostgreSQL a failed query would otherwise abort the
        # test's transaction and every later request (and Hypothesis's replay) would fail with it.
        with transaction.atomic():
            response = client.post(url, values) if method == "post" else client.get(url, values)
        sent.append(response.status_code)
        assert response.status_code < 500, (f"{response.status_code}: {role} {method.upper()} {url}"
                                            f" {values!r:.300}\n{''.join(errors)}")

    for target in targets:
        try:
            send(target)
        except AssertionError as error:  # Hypothesis has shrunk it: collect every route's, then report
            failures.append(str(error))
    got_request_exception.disconnect(remember)
    print(f"{len(targets)} targets, {len(sent)} requests in {time.monotonic() - started:.0f} s")
    assert not failures, failures
