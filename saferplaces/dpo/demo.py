"""Sample DPIAs and breaches for the demo: fictional, marked as samples, recorded through the services by
the council's data protection officer (dpo.wcc)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from saferplaces.accounts.models import User
from saferplaces.core.context import acting_as
from saferplaces.dpo import services
from saferplaces.dpo.models import DPIA, Breach, Reportable, SubjectsTold
from saferplaces.policy.models import AgreementStatus, InformationSharingAgreement


def load(out) -> None:
    dpo = User.objects.filter(username="dpo.wcc").first()
    if dpo is None:
        return
    with acting_as(dpo):
        DPIA.objects.filter(is_sample=True).delete()
        Breach.objects.filter(is_sample=True).delete()
    today = timezone.localdate()
    shared = list(InformationSharingAgreement.objects.filter(reference="SWP-ISA-001", parties=dpo.agency,
                                                             status=AgreementStatus.ACTIVE))
    services.dpia_save(actor=dpo, signed_off=True, agreements=shared, dpia=DPIA(
        title="ASB case management across the partnership (sample)", module="asb", data_category="asb",
        description="ASB cases, their parties, incidents and tasks, shared between the council, the police, "
                    "CityWest Homes and Victim Support to resolve anti-social behaviour.",
        lawful_basis="UK GDPR Art. 6(1)(e) public task; Crime and Disorder Act 1998 s.115; DPA 2018 Part 3 for "
                     "the police.",
        risks="Disclosure of a complainant's identity to the perpetrator; partners reading cases they have no "
              "part in.",
        mitigations="Access by agreement and casework only; every view logged with its reason; letters "
                    "reviewed before sending.",
        review_date=today + dt.timedelta(days=200), is_sample=True))
    services.dpia_save(actor=dpo, agreements=shared, dpia=DPIA(
        title="Repeat-victim register (sample)", module="victims", data_category="victim",
        description="Victimisations and referrals used to find repeat victims and refer them to support.",
        lawful_basis="UK GDPR Art. 6(1)(e) public task; Crime and Disorder Act 1998 s.115.",
        risks="Victims' data seen by partners with no need; inaccurate flags.",
        mitigations="Register shown only by agreement; flags computed from recorded victimisations.",
        review_date=today - dt.timedelta(days=10), is_sample=True))
    aware = timezone.now() - dt.timedelta(hours=30)
    services.breach_save(actor=dpo, breach=Breach(
        title="Case list emailed to the wrong partner (sample)", aware_at=aware,
        description="A caseworker emailed a spreadsheet of open ASB cases to a partner outside the agreement.",
        data_categories=["asb", "person"], subjects_approx=40, records_approx=40,
        consequences="Complainants' names and addresses seen by a third party; risk of reprisal.",
        measures="Recipient asked to delete and confirm; exports restricted to managers.",
        reportable=Reportable.YES, is_sample=True))
    services.breach_save(actor=dpo, breach=Breach(
        title="Letter sent to an old address (sample)", aware_at=aware - dt.timedelta(days=20),
        description="A warning letter went to a previous address of the recipient.",
        data_categories=["enforcement"], subjects_approx=1,
        consequences="Low: the letter was returned unopened.", measures="Address checked before each letter.",
        reportable=Reportable.NO, decision_reason="Returned unopened: unlikely to result in a risk.",
        subjects_told=SubjectsTold.NO, subjects_told_reason="Not a high risk (Art. 34(1)).", is_sample=True))
    out.write("  2 sample DPIAs (one overdue for review) and 2 sample breaches for dpo.wcc's register and log")
