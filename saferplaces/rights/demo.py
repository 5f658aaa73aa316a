"""Demo subject access request (sample, fictional): Westminster City Council's DPO has received one from
Maria Kowalska (a fictional person of the people demo), eleven days ago, not yet worked on."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from saferplaces.accounts.models import Agency, User
from saferplaces.accounts.roles import Role
from saferplaces.core.context import acting_as
from saferplaces.rights.models import SubjectAccessRequest


def load(out) -> None:
    agency = Agency.objects.filter(short_name="WCC").first()
    dpo = User.objects.filter(agency=agency, role=Role.DPO, is_active=True).order_by("pk").first()
    if agency is None or dpo is None:
        return
    SubjectAccessRequest.objects.filter(is_sample=True).delete()
    received = timezone.localdate() - dt.timedelta(days=11)
    with acting_as(dpo):
        SubjectAccessRequest.objects.create(
            agency=agency, reference=f"SAR-{received.year}-9001", forename="Maria", surname="Kowalska",
            date_of_birth=dt.date(1978, 11, 2), postcode="W9 3RS", identity_checked=True, received_on=received,
            created_by=dpo, is_sample=True)
    out.write("Rights: one sample subject access request (WCC, received 11 days ago)\n")
