"""Reads of the rights app: a DPO reads their own agency's requests only; anything else answers 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from saferplaces.people.models import Person
from saferplaces.policy.rules import require_permission
from saferplaces.rights.models import PartnerRequest, Redaction, RightsRequest, SubjectAccessRequest


def sar_list(*, actor) -> QuerySet:
    require_permission(actor, "rights.manage")
    return SubjectAccessRequest.objects.filter(agency_id=actor.agency_id)


def sar_access(*, actor, sar_id: int) -> SubjectAccessRequest:
    sar = sar_list(actor=actor).filter(pk=sar_id).select_related("agency", "person").first()
    if sar is None:
        raise Http404("No such request")
    return sar


def redaction_access(*, actor, sar: SubjectAccessRequest, redaction_id: int) -> Redaction:
    redaction = sar.redactions.filter(pk=redaction_id).first()
    if redaction is None:
        raise Http404("No such redaction")
    return redaction


def partner_requests(*, actor) -> QuerySet:
    """Requests from other agencies' DPOs to the actor's agency."""
    require_permission(actor, "rights.manage")
    return PartnerRequest.objects.filter(agency_id=actor.agency_id).select_related("sar", "sar__agency")


def partner_request_access(*, actor, request_id: int) -> PartnerRequest:
    request = partner_requests(actor=actor).filter(pk=request_id).first()
    if request is None:
        raise Http404("No such request")
    return request


def subject_candidates(*, actor, sar: SubjectAccessRequest) -> list[Person]:
    """The agency's person records that may be the subject: same surname and forename (or its first
    letter), and the date of birth when the request gives one. Unscoped within the agency: the DPO answers
    for everything the agency holds. Restricted records are found too: Art. 15 still applies to them."""
    people = Person.objects.filter(owner_agency_id=actor.agency_id, surname__iexact=sar.surname,
                                   forename__istartswith=sar.forename[:1])
    if sar.date_of_birth:
        people = people.filter(date_of_birth=sar.date_of_birth)
    return list(people.order_by("surname", "forename", "pk")[:50])


def own_person(*, actor, person_id: int, permission: str) -> Person:
    """A person record of the actor's own agency, for its DPO or a permitted user: 404 for anyone else,
    as a record page answers (``policy.access.fetch``)."""
    person = Person.objects.filter(pk=person_id, owner_agency_id=actor.agency_id).first()
    if person is None or not actor.has_role_permission(permission):
        raise Http404("No such record")
    return person


def own_person_or_none(*, actor, person_id: int) -> Person | None:
    require_permission(actor, "rights.manage")
    return Person.objects.filter(pk=person_id, owner_agency_id=actor.agency_id).first()


def rights_requests(*, actor) -> QuerySet:
    require_permission(actor, "rights.manage")
    return RightsRequest.objects.filter(agency_id=actor.agency_id)


def rights_request_access(*, actor, request_id: int) -> RightsRequest:
    request = rights_requests(actor=actor).filter(pk=request_id).select_related("person").first()
    if request is None:
        raise Http404("No such request")
    return request
