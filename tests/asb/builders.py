"""Test data for the ASB module: cases, parties, warnings and notices built straight in the database."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from saferplaces.asb import files
from saferplaces.asb.models import (
    AsbCase,
    Attachment,
    CivilKind,
    CivilOrder,
    CivilStatus,
    Letter,
    LetterKind,
    LetterTemplate,
    NoticeKind,
    NoticeStatus,
    Party,
    PartyRole,
    ProtectionNotice,
    PublicSpacesOrder,
    Task,
)
from saferplaces.policy.models import AccessGrant
from tests.factories import AgreementFactory

TODAY = timezone.localdate()
ASB_RELATIONSHIPS = ("own", "agreement", "grant", "association", "unrelated")


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def make_case(agency, title="Noise at Demo Court", location="Demo Court", postcode="W2 5EH", **extra):
    return AsbCase.objects.create(owner_agency=agency, title=title, location=location, postcode=postcode, **extra)


def make_party(case, name="Sam Loud", role=PartyRole.PERPETRATOR, dob=dt.date(1990, 5, 1), **extra):
    extra.setdefault("address", "1 Demo Street")
    return Party.objects.create(case=case, role=role, name=name, date_of_birth=dob, **extra)


def make_warning(case, party, issued=None, **extra):
    issued = issued or days_ago(60)
    return ProtectionNotice.objects.create(
        owner_agency=case.owner_agency, kind=NoticeKind.WARNING, case=case, party=party, recipient_name=party.name,
        recipient_dob=party.date_of_birth, address=party.address, conduct="Loud music at night",
        conditions="Stop playing loud music after 11pm", issued_on=issued, comply_by=issued + dt.timedelta(days=14),
        expires_on=issued + dt.timedelta(days=180), **extra)


def make_notice(warning, issued=None):
    issued = issued or days_ago(30)
    warning.status = NoticeStatus.ESCALATED
    warning.save()
    return ProtectionNotice.objects.create(
        owner_agency=warning.owner_agency, kind=NoticeKind.NOTICE, case=warning.case, warning=warning,
        party=warning.party, recipient_name=warning.recipient_name, recipient_dob=warning.recipient_dob,
        address=warning.address, conduct=warning.conduct, conditions="No amplified music after 11pm",
        issued_on=issued, comply_by=issued, appeal_by=issued + dt.timedelta(days=20),
        expires_on=issued + dt.timedelta(days=365))


def make_closure_notice(case, served_at=None, hours=24, **extra):
    served_at = served_at or timezone.now() - dt.timedelta(hours=2)
    extra.setdefault("authority", "council")
    extra.setdefault("court", "Demo Magistrates' Court")
    extra.setdefault("hearing_at", served_at + dt.timedelta(hours=40))
    return CivilOrder.objects.create(
        owner_agency=case.owner_agency, kind=CivilKind.CLOSURE_NOTICE, case=case, address="Flat 3, 1 Demo Street",
        grounds="Class A drugs supplied from the flat; callers at all hours", terms="The tenant may stay",
        served_at=served_at, ends_at=served_at + dt.timedelta(hours=hours),
        made_on=timezone.localtime(served_at).date(), **extra)


def make_cbo(case, party, made_on=None, years=2, **extra):
    made_on = made_on or days_ago(10)
    extra.setdefault("status", CivilStatus.IN_FORCE)
    return CivilOrder.objects.create(
        owner_agency=case.owner_agency, kind=CivilKind.CBO, case=case, party=party, subject_name=party.name,
        subject_dob=party.date_of_birth, address=party.address, grounds="Convicted of harassment of neighbours",
        terms="Not to enter Demo Street", offence="Harassment", convicted_on=made_on, applied_on=made_on,
        made_on=made_on, expires_on=made_on.replace(year=made_on.year + years), court="Demo Magistrates' Court",
        **extra)


def make_attachment(case, user, data=b"%PDF-1.4 test evidence", name="statement.pdf"):
    stored, digest = files.store(data)
    return Attachment.objects.create(case=case, filename=name, content_type="application/pdf", size=len(data),
                                     sha256=digest, stored_name=stored, uploaded_by=user)


def make_template(kind=LetterKind.WARNING, name="Test warning letter",
                  body="Dear [recipient name],\n\n# About [case reference]\n\nPlease stop: [conduct]"):
    return LetterTemplate.objects.get_or_create(name=name, defaults={"kind": kind, "body": body})[0]


def make_letter(case, party, user, template=None, **extra):
    template = template or make_template()
    return Letter.objects.create(case=case, party=party, template=template, kind=template.kind,
                                 template_name=template.name, body=template.body, written_by=user,
                                 details={"conduct": "Loud music at night"}, **extra)


def asb_world(world) -> dict:
    """A case per relationship (``ASB_RELATIONSHIPS``) to the agency ``world.own``; made once per test."""
    existing = {c.title.removeprefix("Route case "): c for c in AsbCase.objects.filter(title__startswith="Route case ")}
    if len(existing) == len(ASB_RELATIONSHIPS):
        return existing
    AgreementFactory(parties=[world.own, world.partner], data_categories=["asb", "enforcement"])
    owners = {"own": world.own, "agreement": world.partner, "grant": world.other, "association": world.other,
              "unrelated": world.other}
    granter = world.users["dpo"]
    cases = {}
    for rel, agency in owners.items():
        case = make_case(agency, title=f"Route case {rel}", location=f"{rel.title()} Street")
        party = make_party(case, name=f"Pat {rel.title()}", address=f"1 {rel.title()} Street")
        warning = make_warning(case, party)
        notice = make_notice(warning)
        civil = [make_closure_notice(case), make_cbo(case, party)]
        if rel == "association":
            # Each of the actors is named on an open task: association is the tasked officer's, not the agency's.
            for user in world.users.values():
                Task.objects.create(case=case, title=f"Visit the complainant ({user.username})",
                                    due_on=days_ago(-7), assigned_agency=world.own, assigned_to=user)
        else:
            Task.objects.create(case=case, title="Visit the complainant", due_on=days_ago(-7), assigned_agency=agency)
        make_attachment(case, granter)
        make_letter(case, party, granter)
        if rel == "grant":
            for record in (case, warning, notice, *civil):
                AccessGrant.objects.create(record=record, grantee_agency=world.own, reason="Joint case",
                                           granted_by=granter)
        cases[rel] = case
    return cases


SQUARE = {"type": "Polygon", "coordinates": [[[-0.178, 51.519], [-0.164, 51.519], [-0.164, 51.529],
                                              [-0.178, 51.529], [-0.178, 51.519]]]}


def make_pspo(agency, made_on=None, **extra):
    made_on = made_on or days_ago(30)
    extra.setdefault("title", "Church Street alcohol control")
    return PublicSpacesOrder.objects.create(
        made_by=agency, area_description="Church Street and the market", geometry=SQUARE,
        activities="Street drinking with abuse of passers-by", prohibitions="Refusing to stop drinking alcohol when "
        "asked by an officer", consulted_on=made_on - dt.timedelta(days=40), made_on=made_on,
        expires_on=made_on.replace(year=made_on.year + 3) - dt.timedelta(days=1), **extra)
