"""Reads of the Contest registers, narrowed by policy to what the actor may see."""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, Q, Subquery

from saferplaces.contest.models import PublicRealmScheme, SecurityAssessment, ServiceRequest, Site, TrainingSession
from saferplaces.policy import access


def visible_assessments(actor, action: str = "view"):
    return access.scope(actor, SecurityAssessment.objects.all(), action)


def visible_sites(actor, action: str = "view"):
    """The sites the actor may see, each with the last assessment's date and next due date among the
    assessments the actor may see (``last_assessed_on``, ``next_due_on``: None when never assessed)."""
    latest = (SecurityAssessment.objects.filter(pk__in=visible_assessments(actor).values("pk"), site=OuterRef("pk"))
              .order_by("-assessed_on", "-pk"))
    return (access.scope(actor, Site.objects.select_related("owner_agency"), action)
            .annotate(last_assessed_on=Subquery(latest.values("assessed_on")[:1]),
                      next_due_on=Subquery(latest.values("next_due_on")[:1])))


def overdue(sites, on: dt.date):
    """Sites never assessed, or whose re-assessment fell due before ``on``."""
    return sites.filter(Q(next_due_on__isnull=True) | Q(next_due_on__lt=on))


def site_access(*, actor, site_id: int, action: str = "view") -> Site:
    """The site, or 404 whether it is missing or not the actor's to ``action``."""
    return access.fetch(actor, Site.objects.select_related("owner_agency"), site_id, action)


def assessment_access(*, actor, assessment_id: int, action: str = "view") -> SecurityAssessment:
    return access.fetch(actor, SecurityAssessment.objects.select_related("site", "assessor", "owner_agency"),
                        assessment_id, action)


def assessments_of(site: Site, actor):
    return visible_assessments(actor).filter(site=site).select_related("site", "assessor", "owner_agency")


def findings_and_recommendations(assessment: SecurityAssessment):
    return list(assessment.findings.all()), list(assessment.recommendations.all())


def visible_requests(actor, action: str = "view"):
    return access.scope(actor, ServiceRequest.objects.select_related("site", "owner_agency"), action)


def visible_schemes(actor, action: str = "view"):
    return access.scope(actor, PublicRealmScheme.objects.select_related("site", "owner_agency"), action)


def visible_training(actor, action: str = "view"):
    return access.scope(actor, TrainingSession.objects.select_related("owner_agency"), action)


def record_access(model, *, actor, pk: int, action: str = "view"):
    return access.fetch(actor, model.objects.select_related("owner_agency"), pk, action)
