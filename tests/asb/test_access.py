"""Who reaches ASB cases, warnings and notices: three agencies × every role × five relationships
(own, agreement, grant, association through an open task naming the actor, unrelated), search, export and files."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from saferplaces.accounts.roles import Role, has_permission
from saferplaces.asb.models import ProtectionNotice
from saferplaces.audit.models import AccessEvent
from saferplaces.policy import access
from tests.access_table import ROUTES
from tests.asb.builders import ASB_RELATIONSHIPS, asb_world

ASB_RECORD_ROUTES = sorted(name for name, route in ROUTES.items()
                           if name.startswith("asb:") and route.access == "record")


def _expected(route, role, relationship):
    allowed = has_permission(role.value, route.permission)
    return route.ok if allowed and relationship in route.visible else 404


@pytest.mark.parametrize("name", ASB_RECORD_ROUTES)
def test_every_role_and_relationship_including_association(client, world, name):
    route = ROUTES[name]
    asb_world(world)
    mismatches = []
    for role in Role:
        client.force_login(world.users[role.value])
        for relationship in ASB_RELATIONSHIPS:
            url = reverse(name, kwargs=route.kwargs(world, relationship))
            response = client.post(url, route.data) if route.method == "post" else client.get(url)
            expected = _expected(route, role, relationship)
            if response.status_code != expected:
                mismatches.append((role.value, relationship, response.status_code, expected))
    assert not mismatches, f"(role, relationship, got, expected): {mismatches}"


def test_scope_and_can_agree_for_cases_and_notices(world):
    """What the portal and case list offer (scope) is exactly what the record pages allow (can)."""
    cases = asb_world(world)
    caseworker = world.users["caseworker"]
    for model in (type(cases["own"]), ProtectionNotice):
        for action in ("view", "change", "export"):
            for role in Role:
                user = world.users[role.value]
                listed = set(access.scope(user, model.objects.all(), action).values_list("pk", flat=True))
                allowed = {r.pk for r in model.objects.all() if access.can(user, action, r)}
                assert listed == allowed, (model.__name__, action, role)
    visible = set(access.scope(caseworker, type(cases["own"]).objects.all()).values_list("title", flat=True))
    assert visible == {f"Route case {rel}" for rel in ("own", "agreement", "grant", "association")}


def test_association_is_explained_and_the_case_shows(client, world):
    cases = asb_world(world)
    client.force_login(world.users["caseworker"])
    url = reverse("asb:case_detail", kwargs={"pk": cases["association"].pk})
    response = client.post(url, {"justification-form": "1", "reason": "casework"})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "You are named on an open task of the casework this record belongs to." in html
    assert "Pat Association" in html
    # The case view and each notice shown with it are logged with the reason.
    events = AccessEvent.objects.filter(actor=world.users["caseworker"], action="view")
    assert events.filter(record_type="asb.asbcase", record_id=str(cases["association"].pk), reason="casework").exists()
    assert events.filter(record_type="asb.protectionnotice").count() == 2


def _portal(client, user, **query):
    client.force_login(user)
    return client.get(reverse("asb:portal"), {"reason": "meeting", **query})


def test_portal_search_finds_only_what_policy_shares_and_logs_it(client, world):
    asb_world(world)
    html = _portal(client, world.users["read_only_partner"], q="Street", kind="cpn").content.decode()
    for rel in ("Own", "Agreement", "Grant", "Association"):
        assert f"Pat {rel}" in html
    assert "Pat Unrelated" not in html
    assert "Information-sharing agreement" in html  # why can I see this, per row
    event = AccessEvent.objects.get(action="search", record_type="asb.protectionnotice")
    assert event.reason == "meeting" and event.detail["results"] == 4 and event.detail["query"] == "Street"


def test_portal_asks_for_the_reason_and_logs_nothing_without_it(client, world):
    asb_world(world)
    client.force_login(world.users["caseworker"])
    html = client.get(reverse("asb:portal")).content.decode()
    assert "Pat Own" not in html
    assert not AccessEvent.objects.exists()


def test_portal_matches_name_address_and_conditions(client, world):
    asb_world(world)
    user = world.users["caseworker"]
    assert "Pat Own" in _portal(client, user, q="pat own").content.decode()
    assert "Pat Own" in _portal(client, user, q="1 Own Street").content.decode()
    html = _portal(client, user, q="amplified").content.decode()  # a notice's condition
    assert "Pat Own" in html and "4 found" in html


def test_an_agency_without_an_agreement_sees_only_its_own(client, world):
    asb_world(world)
    from tests.factories import UserFactory

    outsider = UserFactory(agency=world.other, role=Role.CASEWORKER)
    html = _portal(client, outsider, q="Street").content.decode()
    # ``other`` holds three cases' notices itself; it sees those and never the own or partner ones.
    assert "Pat Own" not in html and "Pat Agreement" not in html
    assert "Pat Unrelated" in html


def test_export_is_logged_formula_safe_and_limited_to_exportable_rows(client, world):
    cases = asb_world(world)
    notice = cases["own"].notices.get(kind="cpn")
    notice.conditions = "=HYPERLINK(\"http://x\")"
    notice.save()
    client.force_login(world.users["manager"])
    response = client.get(reverse("asb:portal_export"), {"reason": "legal", "q": "Street", "kind": "cpn"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="cpn-register-')
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted(r["recipient"] for r in rows) == ["Pat Agreement", "Pat Association", "Pat Grant", "Pat Own"]
    own = next(r for r in rows if r["recipient"] == "Pat Own")
    assert own["conditions"].startswith("'=")
    event = AccessEvent.objects.get(action="export")
    assert event.detail["rows"] == 4 and event.reason == "legal"


def test_export_needs_the_export_permission_and_a_reason(client, world):
    asb_world(world)
    client.force_login(world.users["caseworker"])
    assert client.get(reverse("asb:portal_export"), {"reason": "legal"}).status_code == 403
    client.force_login(world.users["manager"])
    assert client.get(reverse("asb:portal_export"), {"q": "x"}).status_code == 400
    assert not AccessEvent.objects.filter(action="export").exists()


def test_attachment_download_is_a_logged_attachment_never_active_content(client, world):
    cases = asb_world(world)
    attachment = cases["agreement"].attachments.get()
    client.force_login(world.users["read_only_partner"])
    url = reverse("asb:attachment_download", kwargs={"pk": attachment.pk})
    first = client.get(url)
    assert first.status_code == 200 and b"Why do you need to see this?" in first.content  # the reason first
    client.post(url, {"justification-form": "1", "reason": "casework"})
    response = client.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="statement.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test evidence"
    assert AccessEvent.objects.filter(record_type="asb.attachment", record_id=str(attachment.pk)).exists()


def test_an_unrelated_users_download_looks_like_a_missing_file(client, world):
    cases = asb_world(world)
    client.force_login(world.users["caseworker"])
    hidden = cases["unrelated"].attachments.get()
    assert client.get(reverse("asb:attachment_download", kwargs={"pk": hidden.pk})).status_code == 404
    assert client.get(reverse("asb:attachment_download", kwargs={"pk": hidden.pk + 1000})).status_code == 404
