"""The partner API, version 1 (django-ninja): its OpenAPI document is ``/api/v1/openapi.json``.

Every write calls the domain service the web's forms call (``noun_verb(*, actor, ...)``), so the rules,
validation and history are the web's; their errors become 422 with the message. See ``guard`` for what
every request goes through, and docs/api.md for a partner's guide.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Header, NinjaAPI, Schema, Status
from ninja.errors import HttpError

from saferplaces.api import guard
from saferplaces.asb import services as asb_services
from saferplaces.asb.models import AsbCase, Incident, IncidentKind
from saferplaces.audit.models import AccessAction
from saferplaces.directory import services_entries as directory_services
from saferplaces.directory.models import Organization, Service, ServiceStatus, TaxonomyTerm
from saferplaces.offenders import offending
from saferplaces.offenders import services as offender_services
from saferplaces.offenders.models import Cohort, CohortMembership, ExitReason, Offence, OffenceOutcome
from saferplaces.people.models import Person
from saferplaces.policy import access
from saferplaces.victims import services as victim_services
from saferplaces.victims.models import Victimisation, VictimisationKind

api = NinjaAPI(title="Safer Places partner API", version="1", urls_namespace="api_v1", docs_url=None,
               auth=guard.TokenAuth(),
               description="Partner systems push and read ASB incidents, victimisations, cohort memberships, "
                           "offences and directory services. Authenticate with `Authorization: Bearer <token>`. "
                           "Send `Idempotency-Key` with a write to make retries safe: a retry returns the first "
                           "response; the same key with a different request is refused with 422.")

DOMAIN_ERRORS = (asb_services.CaseError, victim_services.ReferralError, offender_services.MembershipError,
                 offending.OffenceError, directory_services.DirectoryError)


class Error(Schema):
    detail: str


class Problems(Schema):
    detail: list[dict] | str


@api.exception_handler(guard.RateLimited)
def _rate_limited(request, exc: guard.RateLimited):
    response = api.create_response(request, {"detail": "Too many requests"}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": "Forbidden"}, status=403)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "Not found"}, status=404)


def _domain_error(exc: Exception) -> HttpError:
    return HttpError(422, str(exc))


WRITE_ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 422: Problems, 429: Error}
READ_ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 422: Problems, 429: Error}

#: the ``Idempotency-Key`` header of a write (``guard.idempotent`` reads it): documented on every write
IdempotencyKey = Header(None, alias="Idempotency-Key", min_length=1, max_length=255,
                        description="Makes a retry safe: a retry with the same key and request gets the first "
                                    "response again and writes nothing; the same key with another request is 422.")


def _write(request, kind: str, category: str, work):
    """Authorise, run ``work()`` (returns status and record) under the idempotency key, log the push."""
    account = request.auth
    guard.require_category(account, category)

    def write():
        try:
            status, record, body = work(account)
        except DOMAIN_ERRORS as exc:
            raise _domain_error(exc) from exc
        guard.record_push(request, account, kind, record)
        return status, body

    return Status(*guard.idempotent(request, account, write))


def _read(request, kind: str, category: str, pk, fetch, out):
    account = request.auth
    guard.require_category(account, category)
    guard.pushed(account, kind, pk)
    record = fetch(account)
    guard.audit(request, account, action=AccessAction.VIEW, record=record, kind=kind)
    return out(record)


# --- ASB incidents ---------------------------------------------------------------------------------------------


class IncidentIn(Schema):
    occurred_at: dt.datetime
    location: str = Field(..., min_length=1, max_length=300)
    kind: Literal[tuple(IncidentKind.values)]  # type: ignore[valid-type]
    description: str = Field(..., min_length=1, max_length=10000)
    is_complaint: bool = True
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)


class IncidentCreate(IncidentIn):
    case_id: int = Field(..., ge=1, le=2**31 - 1, description="The ASB case the incident belongs to")


class IncidentUpdate(IncidentIn):
    reason: str = Field(..., min_length=1, max_length=500, description="Why the incident is corrected")


class IncidentOut(Schema):
    id: int
    case_id: int
    occurred_at: dt.datetime
    location: str
    kind: str
    description: str
    is_complaint: bool
    latitude: float | None
    longitude: float | None


def _incident_out(incident: Incident) -> dict:
    return IncidentOut.model_validate(incident, from_attributes=True).model_dump(mode="json")


def _aware(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise asb_services.CaseError("Give the time with its offset from UTC (for example 2026-01-31T21:30:00Z)")
    return moment


def _incident(account, pk: int, action: str) -> Incident:
    incident = Incident.objects.select_related("case").filter(pk=pk).first()
    if incident is None:
        raise Http404
    if not access.can(account.user, action, incident.case):
        raise access.refuse(account.user, incident.case, action)
    return incident


@api.post("/asb-incidents", response={201: IncidentOut, **WRITE_ERRORS}, url_name="incident_create",
          summary="Add an incident to an ASB case your agency holds or works on")
def incident_create(request, data: IncidentCreate, idempotency_key: str | None = IdempotencyKey):
    def work(account):
        case = access.fetch(account.user, AsbCase.objects, data.case_id, "change")
        incident = asb_services.incident_add(
            actor=account.user, case=case, occurred_at=_aware(data.occurred_at), location=data.location,
            kind=data.kind, description=data.description, reporting_agency=account.agency,
            is_complaint=data.is_complaint, latitude=data.latitude, longitude=data.longitude)
        return 201, incident, _incident_out(incident)

    return _write(request, "asb_incident", "asb", work)


@api.put("/asb-incidents/{incident_id}", response={200: IncidentOut, **WRITE_ERRORS}, url_name="incident_update",
         summary="Correct an incident this account pushed")
def incident_update(request, incident_id: int, data: IncidentUpdate, idempotency_key: str | None = IdempotencyKey):
    def work(account):
        guard.pushed(account, "asb_incident", incident_id)
        incident = _incident(account, incident_id, "change")
        incident = asb_services.incident_update(
            actor=account.user, incident=incident, occurred_at=_aware(data.occurred_at), location=data.location,
            kind=data.kind, description=data.description, reporting_agency=account.agency,
            is_complaint=data.is_complaint, latitude=data.latitude, longitude=data.longitude, reason=data.reason)
        return 200, incident, _incident_out(incident)

    return _write(request, "asb_incident", "asb", work)


@api.get("/asb-incidents/{incident_id}", response={200: IncidentOut, **READ_ERRORS}, url_name="incident_detail",
         summary="An incident this account pushed")
def incident_detail(request, incident_id: int):
    return _read(request, "asb_incident", "asb", incident_id, lambda a: _incident(a, incident_id, "view"),
                 _incident_out)


# --- victimisations --------------------------------------------------------------------------------------------


class VictimisationIn(Schema):
    kind: Literal[tuple(VictimisationKind.values)]  # type: ignore[valid-type]
    occurred_on: dt.date
    reported_on: dt.date | None = None
    reference: str = Field("", max_length=60)
    summary: str = Field("", max_length=10000)


class VictimisationCreate(VictimisationIn):
    person_id: int = Field(..., ge=1, le=2**31 - 1, description="Your agency's person record of the victim")


class VictimisationOut(Schema):
    id: int
    person_id: int
    kind: str
    occurred_on: dt.date
    reported_on: dt.date | None
    reference: str
    summary: str


def _victimisation_out(record: Victimisation) -> dict:
    return VictimisationOut.model_validate(record, from_attributes=True).model_dump(mode="json")


def _check_victimisation_dates(data: VictimisationIn) -> None:
    if data.occurred_on > dt.date.today() + dt.timedelta(days=1):
        raise victim_services.ReferralError("The victimisation cannot be in the future")
    if data.reported_on and data.reported_on < data.occurred_on:
        raise victim_services.ReferralError("It cannot be reported before it happened")


@api.post("/victimisations", response={201: VictimisationOut, **WRITE_ERRORS}, url_name="victimisation_create",
          summary="Record a victimisation of a person your agency holds")
def victimisation_create(request, data: VictimisationCreate, idempotency_key: str | None = IdempotencyKey):
    def work(account):
        person = access.fetch(account.user, Person.objects, data.person_id, "change")
        _check_victimisation_dates(data)
        record = victim_services.victimisation_create(
            actor=account.user, person=person, kind=data.kind, occurred_on=data.occurred_on,
            reported_on=data.reported_on, reference=data.reference, summary=data.summary)
        return 201, record, _victimisation_out(record)

    return _write(request, "victimisation", "victim", work)


@api.put("/victimisations/{victimisation_id}", response={200: VictimisationOut, **WRITE_ERRORS},
         url_name="victimisation_update", summary="Correct a victimisation this account pushed")
def victimisation_update(request, victimisation_id: int, data: VictimisationIn,
                         idempotency_key: str | None = IdempotencyKey):
    def work(account):
        guard.pushed(account, "victimisation", victimisation_id)
        record = access.fetch(account.user, Victimisation.objects, victimisation_id, "change")
        record = victim_services.victimisation_update(
            actor=account.user, victimisation=record, kind=data.kind, occurred_on=data.occurred_on,
            reported_on=data.reported_on, reference=data.reference, summary=data.summary)
        return 200, record, _victimisation_out(record)

    return _write(request, "victimisation", "victim", work)


@api.get("/victimisations/{victimisation_id}", response={200: VictimisationOut, **READ_ERRORS},
         url_name="victimisation_detail", summary="A victimisation this account pushed")
def victimisation_detail(request, victimisation_id: int):
    return _read(request, "victimisation", "victim", victimisation_id,
                 lambda a: access.fetch(a.user, Victimisation.objects, victimisation_id), _victimisation_out)


# --- cohort memberships ----------------------------------------------------------------------------------------

_COHORTS = tuple(value for value in Cohort.values if value != Cohort.GANGS)


class MembershipCreate(Schema):
    person_id: int = Field(..., ge=1, le=2**31 - 1)
    cohort: Literal[_COHORTS]  # type: ignore[valid-type]
    started_on: dt.date
    notes: str = Field("", max_length=10000)


class MembershipUpdate(Schema):
    ended_on: dt.date | None = Field(None, description="Ends the membership on this date")
    exit_reason: Literal[("", *ExitReason.values)] = Field("", description="Why it ended (with ended_on)")  # type: ignore[valid-type]


class MembershipOut(Schema):
    id: int
    person_id: int
    cohort: str
    started_on: dt.date
    ended_on: dt.date | None
    exit_reason: str


def _membership_out(record: CohortMembership) -> dict:
    return MembershipOut.model_validate(record, from_attributes=True).model_dump(mode="json")


@api.post("/cohort-memberships", response={201: MembershipOut, **WRITE_ERRORS}, url_name="membership_create",
          summary="Add a person to an offender cohort (not the gangs cohort)")
def membership_create(request, data: MembershipCreate, idempotency_key: str | None = IdempotencyKey):
    def work(account):
        person = access.fetch(account.user, Person.objects, data.person_id, "change")
        record = offender_services.membership_create(actor=account.user, person=person, cohort=data.cohort,
                                                     started_on=data.started_on, notes=data.notes)
        return 201, record, _membership_out(record)

    return _write(request, "cohort_membership", "offender", work)


@api.put("/cohort-memberships/{membership_id}", response={200: MembershipOut, **WRITE_ERRORS},
         url_name="membership_update", summary="End a cohort membership this account pushed")
def membership_update(request, membership_id: int, data: MembershipUpdate,
                      idempotency_key: str | None = IdempotencyKey):
    def work(account):
        guard.pushed(account, "cohort_membership", membership_id)
        record = access.fetch(account.user, CohortMembership.objects, membership_id, "change")
        if data.ended_on is None:
            raise offender_services.MembershipError("Give the date the membership ended (ended_on)")
        record = offender_services.membership_end(actor=account.user, membership=record, ended_on=data.ended_on,
                                                  exit_reason=data.exit_reason)
        return 200, record, _membership_out(record)

    return _write(request, "cohort_membership", "offender", work)


@api.get("/cohort-memberships/{membership_id}", response={200: MembershipOut, **READ_ERRORS},
         url_name="membership_detail", summary="A cohort membership this account pushed")
def membership_detail(request, membership_id: int):
    return _read(request, "cohort_membership", "offender", membership_id,
                 lambda a: access.fetch(a.user, CohortMembership.objects, membership_id), _membership_out)


# --- offences --------------------------------------------------------------------------------------------------


class OffenceIn(Schema):
    offence_on: dt.date
    offence: str = Field(..., min_length=1, max_length=200)
    outcome: Literal[tuple(OffenceOutcome.values)]  # type: ignore[valid-type]
    outcome_on: dt.date | None = None


class OffenceCreate(OffenceIn):
    person_id: int = Field(..., ge=1, le=2**31 - 1, description="A person record your agency may see")
    reference: str = Field(..., min_length=1, max_length=60)


class OffenceOut(Schema):
    id: int
    person_id: int
    reference: str
    offence_on: dt.date
    offence: str
    outcome: str
    outcome_on: dt.date | None


def _offence_out(record: Offence) -> dict:
    return OffenceOut.model_validate(record, from_attributes=True).model_dump(mode="json")


@api.post("/offences", response={201: OffenceOut, **WRITE_ERRORS}, url_name="offence_create",
          summary="Record an offence in a person's offending history")
def offence_create(request, data: OffenceCreate, idempotency_key: str | None = IdempotencyKey):
    def work(account):
        person = access.fetch(account.user, Person.objects, data.person_id, "view")
        record = offending.offence_record(actor=account.user, person=person, reference=data.reference,
                                          offence_on=data.offence_on, offence=data.offence, outcome=data.outcome,
                                          outcome_on=data.outcome_on)
        return 201, record, _offence_out(record)

    return _write(request, "offence", "offender", work)


@api.put("/offences/{offence_id}", response={200: OffenceOut, **WRITE_ERRORS}, url_name="offence_update",
         summary="Correct an offence this account pushed (its outcome, typically)")
def offence_update(request, offence_id: int, data: OffenceIn, idempotency_key: str | None = IdempotencyKey):
    def work(account):
        guard.pushed(account, "offence", offence_id)
        record = access.fetch(account.user, Offence.objects, offence_id, "change")
        record = offending.offence_update(actor=account.user, offence=record, offence_on=data.offence_on,
                                          description=data.offence, outcome=data.outcome, outcome_on=data.outcome_on)
        return 200, record, _offence_out(record)

    return _write(request, "offence", "offender", work)


@api.get("/offences/{offence_id}", response={200: OffenceOut, **READ_ERRORS}, url_name="offence_detail",
         summary="An offence this account pushed")
def offence_detail(request, offence_id: int):
    return _read(request, "offence", "offender", offence_id,
                 lambda a: access.fetch(a.user, Offence.objects, offence_id), _offence_out)


# --- directory services ----------------------------------------------------------------------------------------


class ServiceIn(Schema):
    name: str = Field(..., min_length=1, max_length=255)
    description: str = Field("", max_length=10000)
    url: str = Field("", max_length=200, pattern=r"^(https?://[^\s]+)?$")
    email: str = Field("", max_length=254, pattern=r"^([^@\s]+@[^@\s]+\.[^@\s]+)?$")
    status: Literal[tuple(ServiceStatus.values)] = ServiceStatus.ACTIVE  # type: ignore[valid-type]
    needs: list[str] = Field(..., min_length=1, max_length=50,
                             description="Codes of the needs (taxonomy terms) the service meets")
    contact_name: str = Field("", max_length=100)
    phone: str = Field("", max_length=30)


class ServiceCreate(ServiceIn):
    organization_id: uuid.UUID = Field(..., description="An organisation your agency keeps in the directory")


class ServiceOut(Schema):
    id: uuid.UUID
    organization_id: uuid.UUID
    name: str
    description: str
    url: str
    email: str
    status: str
    needs: list[str]


def _service_out(service: Service) -> dict:
    return {"id": str(service.pk), "organization_id": str(service.organization_id), "name": service.name,
            "description": service.description, "url": service.url, "email": service.email,
            "status": service.status,
            "needs": sorted(service.taxonomy_terms.values_list("term", flat=True))}


def _entry(data: ServiceIn) -> directory_services.Entry:
    codes = set(data.needs)
    terms = list(TaxonomyTerm.objects.filter(term__in=codes))
    unknown = codes - {term.term for term in terms}
    if unknown:
        raise directory_services.DirectoryError(f"Unknown needs: {', '.join(sorted(unknown))}")
    fields = {"name": data.name, "description": data.description, "url": data.url, "email": data.email,
              "status": data.status}
    return directory_services.Entry(fields=fields, needs=terms, contact_name=data.contact_name, phone=data.phone)


@api.post("/directory-services", response={201: ServiceOut, **WRITE_ERRORS}, url_name="service_create",
          summary="Add a service of an organisation your agency keeps in the directory")
def service_create(request, data: ServiceCreate, idempotency_key: str | None = IdempotencyKey):
    def work(account):
        organization = Organization.objects.filter(pk=data.organization_id).first()
        if organization is None:
            raise Http404
        service = directory_services.service_save(actor=account.user, organization=organization, entry=_entry(data))
        return 201, service, _service_out(service)

    return _write(request, "directory_service", "directory", work)


@api.put("/directory-services/{service_id}", response={200: ServiceOut, **WRITE_ERRORS}, url_name="service_update",
         summary="Update a directory service this account pushed")
def service_update(request, service_id: uuid.UUID, data: ServiceIn, idempotency_key: str | None = IdempotencyKey):
    def work(account):
        guard.pushed(account, "directory_service", service_id)
        service = Service.objects.select_related("organization").get(pk=service_id)
        service = directory_services.service_save(actor=account.user, organization=service.organization,
                                                  entry=_entry(data), service=service)
        return 200, service, _service_out(service)

    return _write(request, "directory_service", "directory", work)


@api.get("/directory-services/{service_id}", response={200: ServiceOut, **READ_ERRORS}, url_name="service_detail",
         summary="A directory service this account pushed")
def service_detail(request, service_id: uuid.UUID):
    return _read(request, "directory_service", "directory", service_id,
                 lambda a: Service.objects.get(pk=service_id), _service_out)


def urlpatterns():
    """The API's URL patterns, each open without a web session (the token is its sign-in) and exempt
    from CSRF (a token is not sent by the browser on its own, as a cookie is)."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback.login_required = False
        pattern.callback.csrf_exempt = True
    return patterns, app_name, namespace
