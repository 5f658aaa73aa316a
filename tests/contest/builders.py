"""Test data for the Contest registers, built straight in the database."""

from __future__ import annotations

import datetime as dt

from saferplaces.contest.models import (
    PublicRealmScheme,
    Recommendation,
    SecurityAssessment,
    ServiceRequest,
    SessionKind,
    Site,
    TrainingSession,
)
from saferplaces.contest.rules import Use
from saferplaces.policy.models import AccessGrant
from tests.factories import AgencyFactory, AgreementFactory

IDENTIFIED = dt.date(2025, 4, 1)
ASSESSED = dt.date(2025, 5, 1)


def make_site(agency, name="Test site", use=Use.SHOP, capacity=500, **extra) -> Site:
    extra.setdefault("address", "1 Test Street")
    extra.setdefault("identified_on", IDENTIFIED)
    return Site.objects.create(owner_agency=agency, name=name, use=use, capacity=capacity, **extra)


def make_assessment(site, assessor, agency=None, on=ASSESSED, next_due_on=None) -> SecurityAssessment:
    return SecurityAssessment.objects.create(owner_agency=agency or site.owner_agency, site=site, assessor=assessor,
                                             assessed_on=on, next_due_on=next_due_on or on + dt.timedelta(days=365))


def make_session(agency, on, kind=SessionKind.ACT_AWARENESS, people=10, organisations=("A", "B")) -> TrainingSession:
    return TrainingSession.objects.create(owner_agency=agency, kind=kind, held_on=on, venue="Hall",
                                          organisations="\n".join(organisations), people_trained=people)


def contest_world(world) -> dict:
    """Per relationship to ``world.own`` (own, agreement, grant, unrelated): a site, its assessment with a
    recommendation, a site to assess, a service request, a scheme and a training session, held by the agency of that
    relationship; the partner shares counter-terrorism records by agreement. Made once per test."""
    existing = {s.name.removeprefix("route "): s for s in Site.objects.filter(name__startswith="route ")}
    if len(existing) == 4:
        return {rel: _records(site) for rel, site in existing.items()}
    AgreementFactory(parties=[world.own, world.partner], data_categories=["counter_terrorism"])
    owners = {"own": world.own, "agreement": world.partner, "grant": world.other, "unrelated": world.other}
    made = {}
    for rel, agency in owners.items():
        site = make_site(agency, name=f"route {rel}")
        assessment = make_assessment(site, world.users["ct_adviser"])
        Recommendation.objects.create(assessment=assessment, text=f"Do {rel}", owner="Manager",
                                      due_on=ASSESSED + dt.timedelta(days=30))
        ServiceRequest.objects.create(owner_agency=agency, site=site, title=f"Request {rel}", requested_on=ASSESSED,
                                      requested_by="Events team")
        PublicRealmScheme.objects.create(owner_agency=agency, site=site, name=f"Scheme {rel}", lead="Highways")
        make_session(agency, ASSESSED)
        # A second site for the assessment form, whose reason step is then not titled like the site's own
        # (the step names the holding agency): shared by a second partner where the agreement is the way in.
        if rel == "agreement":
            second = AgencyFactory(name="Second Partner", short_name="PARTNER2")
            AgreementFactory(parties=[world.own, second], data_categories=["counter_terrorism"])
            make_site(second, name=f"to assess {rel}")
        else:
            make_site(agency, name=f"to assess {rel}")
        if rel == "grant":
            records = _records(site)
            for key in ("site", "site_to_assess", "assessment", "request", "scheme", "session"):
                AccessGrant.objects.create(record=records[key], grantee_agency=world.own, reason="Joint work",
                                           granted_by=world.users["dpo"])
        made[rel] = _records(site)
    return made


def _records(site) -> dict:
    assessment = site.assessments.get()
    return {"site": site, "site_to_assess": Site.objects.get(name=f"to assess {site.name.removeprefix('route ')}"),
            "assessment": assessment, "recommendation": assessment.recommendations.get(),
            "request": site.requests.get(), "scheme": site.schemes.get(),
            "session": TrainingSession.objects.filter(owner_agency=site.owner_agency).order_by("pk").first()}
