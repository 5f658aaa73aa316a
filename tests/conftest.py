"""Shared fixtures: a small partnership with every role and every relationship to a record."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from saferplaces.accounts.roles import Role
from tests.factories import AgencyFactory, AgreementFactory, PersonFactory, UserFactory

RELATIONSHIPS = ("own", "agreement", "grant", "unrelated")


@dataclass
class World:
    own: object  # the actors' agency
    partner: object  # shares with ``own`` through an active agreement
    other: object  # no agreement with ``own``
    users: dict  # role value → user in ``own``
    people: dict  # relationship → a Person the actors reach that way (or not at all)


@pytest.fixture
def world(db):
    from saferplaces.policy.models import AccessGrant, AgreementStatus

    own = AgencyFactory(name="Own Council", short_name="OWN")
    partner = AgencyFactory(name="Partner Police", short_name="PARTNER")
    other = AgencyFactory(name="Other Health Trust", short_name="OTHER")
    users = {role.value: UserFactory(username=f"{role.value}.own", agency=own, role=role) for role in Role}
    AgreementFactory(parties=[own, partner], data_categories=["person"])
    # An agreement with ``other`` that has ended must not share anything.
    AgreementFactory(parties=[own, other], data_categories=["person"], status=AgreementStatus.ENDED)
    people = {
        "own": PersonFactory(owner_agency=own, forename="Olive", surname="Owned"),
        "agreement": PersonFactory(owner_agency=partner, forename="Parker", surname="Shared"),
        "grant": PersonFactory(owner_agency=other, forename="Grace", surname="Granted"),
        "unrelated": PersonFactory(owner_agency=other, forename="Una", surname="Hidden"),
    }
    granter = UserFactory(agency=other, role=Role.MANAGER)
    AccessGrant.objects.create(
        record=people["grant"], grantee_agency=own, reason="Joint safeguarding meeting", granted_by=granter
    )
    return World(own=own, partner=partner, other=other, users=users, people=people)


def force_login_verified(client, user):
    """Sign ``user`` in as if they had given their password and a code from their authenticator app
    (django-otp keeps the device that verified the session under ``otp_device_id``)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
