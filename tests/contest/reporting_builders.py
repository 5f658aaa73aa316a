"""Test data for the Contest reporting pages (threat assessments, deployment returns, Prevent), built
straight in the database."""

from __future__ import annotations

import datetime as dt

from saferplaces.accounts.roles import has_permission
from saferplaces.contest.models import ChannelFigure, DeploymentReturn, PreventActivity, ThreatAssessment
from saferplaces.core import files
from saferplaces.policy.models import AccessGrant, NamedReader
from tests.factories import AgreementFactory

CATEGORY = ThreatAssessment.DATA_CATEGORY
MONTHS = {"own": dt.date(2025, 1, 1), "agreement": dt.date(2025, 2, 1), "grant": dt.date(2025, 3, 1),
          "unrelated": dt.date(2025, 4, 1)}


def make_assessment(agency, author, month=dt.date(2025, 1, 1), **extra) -> ThreatAssessment:
    extra.setdefault("national_level", "substantial")
    extra.setdefault("national_level_set_on", dt.date(2024, 12, 2))
    extra.setdefault("produced_on", month.replace(day=3))
    extra.setdefault("local_assessment", "Test assessment")
    return ThreatAssessment.objects.create(owner_agency=agency, author=author, month=month, **extra)


def name_reader(user, named_by=None) -> NamedReader:
    return NamedReader.objects.create(category=CATEGORY, user=user, reason="Test", named_by=named_by or user)


def threat_world(world) -> dict:
    """An assessment per relationship to ``world.own`` (own, agreement, grant, unrelated), each with a
    file; an agreement covering the restricted category with the partner; every world user whose role
    reads Contest records named a reader. Made once per test."""
    existing = {a.month: a for a in ThreatAssessment.objects.filter(month__in=MONTHS.values())}
    if len(existing) == 4:
        return {rel: existing[month] for rel, month in MONTHS.items()}
    AgreementFactory(parties=[world.own, world.partner], data_categories=[CATEGORY])
    for user in world.users.values():
        if has_permission(user.role, "contest.view"):
            name_reader(user)
    owners = {"own": world.own, "agreement": world.partner, "grant": world.other, "unrelated": world.other}
    stored, digest = files.store(b"%PDF-1.4 assessment")
    made = {}
    for rel, agency in owners.items():
        made[rel] = make_assessment(agency, world.users["ct_lead"], MONTHS[rel], file_name="assessment.pdf",
                                    file_type="application/pdf", file_size=19, file_sha256=digest,
                                    file_stored_name=stored)
        if rel == "grant":
            AccessGrant.objects.create(record=made[rel], grantee_agency=world.own, reason="Joint briefing",
                                       granted_by=world.users["dpo"])
    return made


def reporting_world(world) -> DeploymentReturn:
    """A deployment return, a Prevent activity and a quarter's Channel figures; made once per test."""
    found = DeploymentReturn.objects.filter(month=dt.date(2025, 1, 1)).first()
    if found is not None:
        return found
    author = world.users["ct_lead"]
    PreventActivity.objects.create(kind="training", title="WRAP session", organisation="Test Academy",
                                   held_on=dt.date(2025, 1, 20), people=30, recorded_by=author)
    for sector, referrals, adoptions in (("education", 7, 2), ("health", 3, 0), ("police", 6, 1)):
        ChannelFigure.objects.create(quarter_start=dt.date(2025, 1, 1), sector=sector, referrals=referrals,
                                     adoptions=adoptions, recorded_by=author)
    return DeploymentReturn.objects.create(month=dt.date(2025, 1, 1), stop_and_search=10, stop_and_account=4,
                                           section_43_stops=1, suspicious_packages=2, ct_intelligence_reports=3,
                                           vehicle_stops=5, submitted_by=author)
