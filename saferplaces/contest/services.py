"""Writes of the Contest Protect registers: the counter-terrorism lead and security advisers
(``contest.manage``) record them for their own agency; a record another agency holds is changed only
by that agency (``policy.access``: agreements share for reading)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from saferplaces.contest import rules
from saferplaces.contest.models import (
    Finding,
    PublicRealmScheme,
    Recommendation,
    SecurityAssessment,
    ServiceRequest,
    Site,
    TrainingSession,
)
from saferplaces.core.context import acting_as
from saferplaces.policy import access
from saferplaces.policy.rules import require_permission


class ContestError(ValueError):
    """A change that cannot be made as given; the message says what to fix."""


def _require_change(actor, record) -> None:
    if not access.can(actor, "change", record):
        raise access.refuse(actor, record, "change")


def _check_site(site: Site) -> None:
    if site.tier_override and not site.tier_override_reason.strip():
        raise ContestError("Give the reason the tier is set by hand")
    if (site.longitude is None) != (site.latitude is None):
        raise ContestError("Give both the longitude and the latitude, or neither")
    if site.regulator_notified_on and not site.regulator_notified:
        raise ContestError("Say the Security Industry Authority has been notified, or leave its date empty")


@transaction.atomic
def site_create(*, actor, **fields) -> Site:
    """A site held by the actor's agency."""
    require_permission(actor, "contest.manage")
    site = Site(owner_agency=actor.agency, **fields)
    _check_site(site)
    with acting_as(actor):
        site.save()
    return site


@transaction.atomic
def site_update(*, actor, site: Site, **fields) -> Site:
    require_permission(actor, "contest.manage")
    _require_change(actor, site)
    for name, value in fields.items():
        setattr(site, name, value)
    if not site.tier_override:
        site.tier_override_reason = ""
    _check_site(site)
    with acting_as(actor):
        site.save()
    return site


@transaction.atomic
def assessment_record(*, actor, site: Site, assessed_on: dt.date, findings: dict[str, tuple[str, str]],
                      summary: str = "", next_due_on: dt.date | None = None,
                      is_sample: bool = False) -> SecurityAssessment:
    """The actor's assessment of ``site`` (which they may see), held by their agency, with a finding
    (rating, text) for each heading the site's tier asks (``rules.headings_for``)."""
    require_permission(actor, "contest.manage")
    if not access.can(actor, "view", site):
        raise access.refuse(actor, site)
    headings = rules.headings_for(site.tier)
    missing = [heading for heading in headings if heading not in findings]
    if missing:
        raise ContestError(f"Rate every heading: {', '.join(rules.Heading(h).label for h in missing)}")
    next_due_on = next_due_on or rules.next_assessment_due(assessed_on)
    if next_due_on <= assessed_on:
        raise ContestError("The next assessment is due after this one")
    with acting_as(actor):
        assessment = SecurityAssessment.objects.create(
            owner_agency=actor.agency, site=site, assessed_on=assessed_on, assessor=actor, summary=summary.strip(),
            next_due_on=next_due_on, is_sample=is_sample)
        for heading in headings:  # one by one: the change history records each finding
            rating, text = findings[heading]
            Finding.objects.create(assessment=assessment, heading=heading, rating=rating, text=text.strip())
    return assessment


@transaction.atomic
def recommendation_add(*, actor, assessment: SecurityAssessment, text: str, owner: str, due_on: dt.date,
                       heading: str = "") -> Recommendation:
    require_permission(actor, "contest.manage")
    _require_change(actor, assessment)
    if due_on < assessment.assessed_on:
        raise ContestError("The recommendation is due on or after the assessment")
    with acting_as(actor):
        return Recommendation.objects.create(assessment=assessment, text=text.strip(), owner=owner.strip(),
                                             due_on=due_on, heading=heading)


@transaction.atomic
def recommendation_update(*, actor, recommendation: Recommendation, status: str, due_on: dt.date) -> Recommendation:
    require_permission(actor, "contest.manage")
    _require_change(actor, recommendation.assessment)
    recommendation.status, recommendation.due_on = status, due_on
    with acting_as(actor):
        recommendation.save()
    return recommendation


def _save_new_or_own(actor, record, fields: dict):
    require_permission(actor, "contest.manage")
    if record.pk is None:
        record.owner_agency = actor.agency
    else:
        _require_change(actor, record)
    site = fields.get("site")
    if site is not None and not access.can(actor, "view", site):
        raise access.refuse(actor, site)
    for name, value in fields.items():
        setattr(record, name, value)
    with acting_as(actor):
        record.save()
    return record


@transaction.atomic
def request_save(*, actor, record: ServiceRequest | None = None, **fields) -> ServiceRequest:
    """Record a service request, or change one the actor's agency holds."""
    return _save_new_or_own(actor, record or ServiceRequest(), fields)


@transaction.atomic
def scheme_save(*, actor, record: PublicRealmScheme | None = None, **fields) -> PublicRealmScheme:
    """Record a public realm scheme, or change one the actor's agency holds."""
    return _save_new_or_own(actor, record or PublicRealmScheme(), fields)


@transaction.atomic
def training_save(*, actor, record: TrainingSession | None = None, **fields) -> TrainingSession:
    """Record an awareness training session, or correct one the actor's agency holds."""
    session = record or TrainingSession()
    names = [line.strip() for line in fields.get("organisations", session.organisations).splitlines() if line.strip()]
    if not names:
        raise ContestError("Name the organisations trained, one a line")
    return _save_new_or_own(actor, session, fields)
