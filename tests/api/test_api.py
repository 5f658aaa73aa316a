"""The partner API: tokens, categories, idempotency, rate limits, audit, and each resource's pushes
going through the web's services."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from saferplaces.accounts.roles import Role
from saferplaces.api import services
from saferplaces.api.models import ApiToken, IdempotentRequest
from saferplaces.asb.models import Incident
from saferplaces.audit.models import AccessAction, AccessEvent, ChangeRecord
from saferplaces.directory.models import Organization, Service
from saferplaces.offenders.models import CohortMembership, Offence
from saferplaces.victims.models import Victimisation
from tests.api.builders import bearer, make_account
from tests.asb.builders import make_case
from tests.directory.builders import term
from tests.factories import AgencyFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

VICTIMISATION = {"kind": "burglary", "occurred_on": "2026-01-10"}


@pytest.fixture
def agency():
    return AgencyFactory(name="Met Police", short_name="MPS")


@pytest.fixture
def pushing(agency):
    account, token = make_account(agency)
    return account, token


def post(client, url, body, token, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", **bearer(token), **headers)


def put(client, url, body, token, **headers):
    return client.put(url, json.dumps(body), content_type="application/json", **bearer(token), **headers)


def victimisation_body(agency, **changes):
    return {**VICTIMISATION, "person_id": PersonFactory(owner_agency=agency).pk, **changes}


# --- tokens ----------------------------------------------------------------------------------------------------

def test_a_request_without_a_valid_token_is_401(client, pushing, agency):
    body = victimisation_body(agency)
    assert client.post("/api/v1/victimisations", json.dumps(body), content_type="application/json").status_code == 401
    assert post(client, "/api/v1/victimisations", body, "sp_not-a-token").status_code == 401
    assert client.get("/api/v1/victimisations/1", HTTP_AUTHORIZATION="Basic abc").status_code == 401
    assert not Victimisation.objects.exists()


def test_the_token_is_kept_only_as_its_digest(pushing):
    account, token = pushing
    stored = ApiToken.objects.get(account=account)
    assert token.startswith("sp_") and len(token) == 46  # 32 random bytes, URL-safe base64
    assert stored.digest != token and token not in stored.digest and len(stored.digest) == 64
    assert stored.prefix == token[:10]


def test_a_revoked_token_is_401(client, pushing, agency):
    account, token = pushing
    services.token_revoke(actor=account.created_by, token=account.tokens.get())
    assert post(client, "/api/v1/victimisations", victimisation_body(agency), token).status_code == 401


def test_rotation_stops_the_old_token_at_once_or_after_its_grace(client, pushing, agency):
    account, first = pushing
    dpo = account.created_by
    second = services.token_rotate(actor=dpo, account=account, grace=dt.timedelta(hours=1))
    assert post(client, "/api/v1/victimisations", victimisation_body(agency), first).status_code == 201
    assert post(client, "/api/v1/victimisations", victimisation_body(agency), second).status_code == 201
    # The grace period over: the first token stops, the second goes on.
    ApiToken.objects.filter(expires_at__isnull=False).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert post(client, "/api/v1/victimisations", victimisation_body(agency), first).status_code == 401
    third = services.token_rotate(actor=dpo, account=account)
    assert post(client, "/api/v1/victimisations", victimisation_body(agency), second).status_code == 401
    assert post(client, "/api/v1/victimisations", victimisation_body(agency), third).status_code == 201


def test_a_deactivated_account_is_401(client, pushing, agency):
    account, token = pushing
    services.account_deactivate(actor=account.created_by, account=account)
    assert post(client, "/api/v1/victimisations", victimisation_body(agency), token).status_code == 401


def test_only_the_agencys_keepers_rotate_its_tokens(pushing):
    account, _ = pushing
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.token_rotate(actor=UserFactory(role=Role.DPO), account=account)  # another agency's DPO
    with pytest.raises(PermissionDenied):
        services.token_rotate(actor=UserFactory(agency=account.agency, role=Role.MANAGER), account=account)


def test_the_system_user_cannot_sign_in(pushing):
    account, _ = pushing
    assert account.user.role == Role.PARTNER_SYSTEM and not account.user.has_usable_password()
    browser = Client()
    response = browser.post("/accounts/sign-in/", {"username": account.user.username, "password": "anything-at-all"})
    assert response.status_code == 200 and "_auth_user_id" not in browser.session


# --- categories ------------------------------------------------------------------------------------------------

def test_a_category_outside_the_accounts_own_is_403(client, agency):
    _, token = make_account(agency, categories=["asb"])
    response = post(client, "/api/v1/victimisations", victimisation_body(agency), token)
    assert response.status_code == 403
    assert not Victimisation.objects.exists()


def test_a_category_no_active_agreement_covers_is_403(client, agency):
    _, token = make_account(agency, categories=["victim"], agreement=False)
    assert post(client, "/api/v1/victimisations", victimisation_body(agency), token).status_code == 403


def test_a_record_the_account_may_not_change_is_404(client, pushing, agency):
    _, token = pushing
    elsewhere = PersonFactory(owner_agency=AgencyFactory())
    response = post(client, "/api/v1/victimisations", {**VICTIMISATION, "person_id": elsewhere.pk}, token)
    assert response.status_code == 404
    assert AccessEvent.objects.filter(action=AccessAction.DENIED, record_id=str(elsewhere.pk)).count() == 1


# --- victimisations: push, read, update, audit -------------------------------------------------------------------

def test_a_push_is_the_services_record_made_by_the_system_user_and_logged(client, pushing, agency):
    account, token = pushing
    body = victimisation_body(agency, reference="CRIS-1")
    response = post(client, "/api/v1/victimisations", body, token)
    assert response.status_code == 201
    record = Victimisation.objects.get()
    assert response.json() == {"id": record.pk, "person_id": body["person_id"], "kind": "burglary",
                               "occurred_on": "2026-01-10", "reported_on": None, "reference": "CRIS-1",
                               "summary": ""}
    assert record.owner_agency == agency
    change = ChangeRecord.objects.get(record_type="victims.victimisation", record_id=str(record.pk))
    assert change.actor == account.user
    event = AccessEvent.objects.get(action=AccessAction.PUSH)
    assert (event.actor, event.record_id, event.detail["system_account"]) == (account.user, str(record.pk), account.pk)
    assert "Police feed" in event.justification


def test_a_get_reads_only_what_the_account_pushed_and_is_logged(client, pushing, agency):
    account, token = pushing
    pushed = post(client, "/api/v1/victimisations", victimisation_body(agency), token).json()
    response = client.get(f"/api/v1/victimisations/{pushed['id']}", **bearer(token))
    assert response.status_code == 200 and response.json() == pushed
    assert AccessEvent.objects.filter(action=AccessAction.VIEW, actor=account.user,
                                      record_id=str(pushed["id"])).count() == 1
    # Its agency's record, made on the web: the account did not push it.
    web = Victimisation.objects.create(owner_agency=agency, person=PersonFactory(owner_agency=agency), kind="theft",
                                       occurred_on=dt.date(2026, 1, 1))
    assert client.get(f"/api/v1/victimisations/{web.pk}", **bearer(token)).status_code == 404
    # Another account of the same agency did not push the first one either.
    _, other_token = make_account(agency, name="Second feed")
    assert client.get(f"/api/v1/victimisations/{pushed['id']}", **bearer(other_token)).status_code == 404


def test_an_update_goes_through_the_service_and_its_rules(client, pushing, agency):
    account, token = pushing
    pushed = post(client, "/api/v1/victimisations", victimisation_body(agency), token).json()
    url = f"/api/v1/victimisations/{pushed['id']}"
    response = put(client, url, {**VICTIMISATION, "kind": "robbery", "reported_on": "2026-01-11"}, token)
    assert response.status_code == 200 and response.json()["kind"] == "robbery"
    assert Victimisation.objects.get().kind == "robbery"
    bad = put(client, url, {**VICTIMISATION, "reported_on": "2026-01-01"}, token)
    assert bad.status_code == 422
    assert bad.json() == {"detail": "It cannot be reported before it happened"}
    assert AccessEvent.objects.filter(action=AccessAction.PUSH, actor=account.user).count() == 2


def test_a_services_refusal_is_422_with_its_message(client, pushing, agency):
    _, token = pushing
    assert post(client, "/api/v1/victimisations", victimisation_body(agency, reference="CRIS-1"),
                token).status_code == 201
    again = post(client, "/api/v1/victimisations", victimisation_body(agency, reference="CRIS-1"), token)
    assert again.status_code == 422
    assert again.json() == {"detail": "Reference CRIS-1 is already recorded"}
    malformed = post(client, "/api/v1/victimisations", victimisation_body(agency, kind="nonsense"), token)
    assert malformed.status_code == 422 and malformed.json()["detail"][0]["loc"][-1] == "kind"


# --- idempotency -------------------------------------------------------------------------------------------------

def test_a_retry_with_the_same_key_returns_the_first_response_and_writes_nothing(client, pushing, agency):
    _, token = pushing
    body = victimisation_body(agency)
    first = post(client, "/api/v1/victimisations", body, token, HTTP_IDEMPOTENCY_KEY="push-1")
    retry = post(client, "/api/v1/victimisations", body, token, HTTP_IDEMPOTENCY_KEY="push-1")
    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json() == first.json()
    assert Victimisation.objects.count() == 1
    assert AccessEvent.objects.filter(action=AccessAction.PUSH).count() == 1


def test_the_same_key_with_another_request_is_422(client, pushing, agency):
    _, token = pushing
    post(client, "/api/v1/victimisations", victimisation_body(agency), token, HTTP_IDEMPOTENCY_KEY="push-1")
    other = post(client, "/api/v1/victimisations", victimisation_body(agency, reference="CRIS-2"), token,
                 HTTP_IDEMPOTENCY_KEY="push-1")
    assert other.status_code == 422
    assert other.json() == {"detail": "This Idempotency-Key was used for a different request"}
    assert Victimisation.objects.count() == 1


def test_a_key_is_forgotten_after_the_idempotency_period(client, pushing, agency, settings):
    account, token = pushing
    body = victimisation_body(agency)
    post(client, "/api/v1/victimisations", body, token, HTTP_IDEMPOTENCY_KEY="push-1")
    stored = IdempotentRequest.objects.get(account=account, key="push-1")
    hours = settings.PARTNER_API["IDEMPOTENCY_HOURS"]
    stored.created_at = timezone.now() - dt.timedelta(hours=hours, minutes=1)
    stored.save(update_fields=["created_at"])
    again = post(client, "/api/v1/victimisations", victimisation_body(agency, reference="CRIS-2"), token,
                 HTTP_IDEMPOTENCY_KEY="push-1")
    assert again.status_code == 201  # a new request under the old key, not a 422: the key has expired
    assert Victimisation.objects.count() == 2
    assert IdempotentRequest.objects.filter(account=account).count() == 1


def test_keys_are_per_account(client, pushing, agency):
    _, token = pushing
    _, other_token = make_account(agency, name="Second feed")
    body = victimisation_body(agency)
    assert post(client, "/api/v1/victimisations", body, token, HTTP_IDEMPOTENCY_KEY="k").status_code == 201
    assert post(client, "/api/v1/victimisations", body, other_token, HTTP_IDEMPOTENCY_KEY="k").status_code == 201
    assert Victimisation.objects.count() == 2


# --- rate limit, CSRF ----------------------------------------------------------------------------------------------

def test_over_the_rate_limit_is_429_with_retry_after(client, pushing, agency, settings):
    _, token = pushing
    settings.PARTNER_API = {**settings.PARTNER_API, "RATE_PER_MINUTE": 2}
    pushed = post(client, "/api/v1/victimisations", victimisation_body(agency), token).json()
    assert client.get(f"/api/v1/victimisations/{pushed['id']}", **bearer(token)).status_code == 200
    refused = client.get(f"/api/v1/victimisations/{pushed['id']}", **bearer(token))
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert AccessEvent.objects.filter(action=AccessAction.VIEW).count() == 1


def test_csrf_does_not_apply_to_token_requests_but_does_to_the_web(pushing, agency):
    _, token = pushing
    client = Client(enforce_csrf_checks=True)
    assert post(client, "/api/v1/victimisations", victimisation_body(agency), token).status_code == 201
    client.force_login(UserFactory(agency=agency, role=Role.DPO))
    assert client.post("/partner-systems/new/", {"name": "Forged"}).status_code == 403


def test_the_openapi_document_is_served_to_anyone(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert set(paths) == {"/api/v1/asb-incidents", "/api/v1/asb-incidents/{incident_id}", "/api/v1/victimisations",
                          "/api/v1/victimisations/{victimisation_id}", "/api/v1/cohort-memberships",
                          "/api/v1/cohort-memberships/{membership_id}", "/api/v1/offences",
                          "/api/v1/offences/{offence_id}", "/api/v1/directory-services",
                          "/api/v1/directory-services/{service_id}"}


# --- the other resources -----------------------------------------------------------------------------------------

INCIDENT = {"occurred_at": "2026-02-01T22:30:00Z", "location": "Demo Court", "kind": "noise",
            "description": "Loud music"}


def test_incidents_are_added_to_a_case_and_corrected_with_a_reason(client, pushing, agency):
    account, token = pushing
    case = make_case(agency)
    created = post(client, "/api/v1/asb-incidents", {**INCIDENT, "case_id": case.pk}, token)
    assert created.status_code == 201
    incident = Incident.objects.get()
    assert (incident.case, incident.reporting_agency, incident.recorded_by) == (case, agency, account.user)
    url = f"/api/v1/asb-incidents/{incident.pk}"
    assert put(client, url, {**INCIDENT, "kind": "other"}, token).status_code == 422  # no reason
    corrected = put(client, url, {**INCIDENT, "kind": "other", "reason": "Typed as noise by mistake"}, token)
    assert corrected.status_code == 200 and corrected.json()["kind"] == "other"
    assert ChangeRecord.objects.filter(record_type="asb.incident", reason="Typed as noise by mistake",
                                       actor=account.user).count() == 1
    assert client.get(url, **bearer(token)).json()["kind"] == "other"
    future = post(client, "/api/v1/asb-incidents",
                  {**INCIDENT, "case_id": case.pk, "occurred_at": "2099-01-01T00:00:00Z"}, token)
    assert (future.status_code, future.json()) == (422, {"detail": "The incident cannot be in the future"})


def test_an_incident_on_another_agencys_case_is_404(client, pushing):
    _, token = pushing
    case = make_case(AgencyFactory())
    assert post(client, "/api/v1/asb-incidents", {**INCIDENT, "case_id": case.pk}, token).status_code == 404
    assert not Incident.objects.exists()


def test_cohort_memberships_are_made_and_ended(client, pushing, agency):
    _, token = pushing
    person = PersonFactory(owner_agency=agency)
    created = post(client, "/api/v1/cohort-memberships",
                   {"person_id": person.pk, "cohort": "iom", "started_on": "2026-01-05"}, token)
    assert created.status_code == 201, created.content
    url = f"/api/v1/cohort-memberships/{created.json()['id']}"
    early = put(client, url, {"ended_on": "2025-12-31", "exit_reason": "completed"}, token)
    assert early.status_code == 422
    ended = put(client, url, {"ended_on": "2026-03-01", "exit_reason": "completed"}, token)
    assert ended.status_code == 200 and ended.json()["ended_on"] == "2026-03-01"
    assert CohortMembership.objects.get().exit_reason == "completed"
    gangs = post(client, "/api/v1/cohort-memberships",
                 {"person_id": person.pk, "cohort": "gangs", "started_on": "2026-01-05"}, token)
    assert gangs.status_code == 422


def test_offences_are_recorded_and_their_outcome_corrected(client, pushing, agency):
    _, token = pushing
    person = PersonFactory(owner_agency=agency)
    body = {"person_id": person.pk, "reference": "OFF-1", "offence_on": "2026-01-02", "offence": "Burglary",
            "outcome": "pending"}
    created = post(client, "/api/v1/offences", body, token)
    assert created.status_code == 201
    url = f"/api/v1/offences/{created.json()['id']}"
    undated = put(client, url, {"offence_on": "2026-01-02", "offence": "Burglary", "outcome": "charged"}, token)
    assert (undated.status_code, undated.json()) == (
        422, {"detail": "Give the outcome's date (only a pending outcome has no date)"})
    charged = put(client, url, {"offence_on": "2026-01-02", "offence": "Burglary", "outcome": "charged",
                                "outcome_on": "2026-01-20"}, token)
    assert charged.status_code == 200
    assert Offence.objects.get().outcome == "charged"
    assert post(client, "/api/v1/offences", body, token).json() == {"detail": "Offence OFF-1 is already recorded"}


def test_directory_services_of_an_organisation_the_agency_keeps(client, pushing, agency):
    _, token = pushing
    term("housing")
    mine = Organization.objects.create(name="Housing aid", description="Advice", agency=agency)
    theirs = Organization.objects.create(name="Elsewhere", description="Advice", agency=AgencyFactory())
    body = {"name": "Housing advice line", "needs": ["housing"], "organization_id": str(mine.pk)}
    created = post(client, "/api/v1/directory-services", body, token)
    assert created.status_code == 201, created.content
    assert created.json()["needs"] == ["housing"]
    url = f"/api/v1/directory-services/{created.json()['id']}"
    renamed = put(client, url, {"name": "Housing helpline", "needs": ["housing"]}, token)
    assert renamed.status_code == 200 and Service.objects.get().name == "Housing helpline"
    assert put(client, url, {"name": "Housing helpline", "needs": ["no-such-need"]}, token).status_code == 422
    assert post(client, "/api/v1/directory-services", {**body, "organization_id": str(theirs.pk)},
                token).status_code == 403


def test_directory_pushes_need_the_accounts_directory_permission(client, agency):
    _, token = make_account(agency, directory=False)
    mine = Organization.objects.create(name="Housing aid", description="Advice", agency=agency)
    body = {"name": "Housing advice line", "needs": ["housing"], "organization_id": str(mine.pk)}
    assert post(client, "/api/v1/directory-services", body, token).status_code == 403
