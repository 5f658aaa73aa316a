"""Writes for Community Protection Warnings and Notices (2014 Act, ss.43-52).

Each service applies :mod:`saferplaces.asb.rules` and raises :class:`EnforcementError` with the
reason when a step is not allowed; forms show the message.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from saferplaces.asb import rules
from saferplaces.asb.models import (
    AsbCase,
    CaseStatus,
    EnforcementStep,
    NoticeKind,
    NoticeStatus,
    Party,
    PartyRole,
    ProtectionNotice,
    StepKind,
)
from saferplaces.asb.services import policy
from saferplaces.core.context import acting_as
from saferplaces.policy import access
from saferplaces.policy.rules import require_permission


class EnforcementError(ValueError):
    """A warning, notice or step the Act or local policy does not allow; the message says why."""


def _rule(check, **kwargs):
    try:
        check(**kwargs)
    except rules.RuleError as error:
        raise EnforcementError(str(error)) from None


@transaction.atomic
def warning_issue(*, actor, case: AsbCase, party: Party, conduct: str, conditions: str,
                  issued_on: dt.date | None = None) -> ProtectionNotice:
    """Issue a Community Protection Warning to an alleged perpetrator of the case.

    The warning is a legal document served on the recipient: it keeps their name and address as
    served, and is itself a protected record (category ``enforcement``). For a party linked to a
    person record the details are the record's, so the issuer must be able to see that record.
    """
    require_permission(actor, "personal.change")
    if party.person_id is not None and not access.can(actor, "view", party.person):
        raise EnforcementError(f"You cannot see this person's record, held by {party.person.owner_agency.name}: "
                               "ask them to issue the warning or to share the record")
    name, date_of_birth, address, postcode = party.details()
    issued_on = issued_on or timezone.localdate()
    if party.case_id != case.pk or party.role != PartyRole.PERPETRATOR:
        raise EnforcementError("A warning is given to an alleged perpetrator of this case")
    if case.status == CaseStatus.CLOSED:
        raise EnforcementError("The case is closed: reopen it first")
    if issued_on > timezone.localdate():
        raise EnforcementError("The date of issue cannot be in the future")
    if not (conduct.strip() and conditions.strip()):
        raise EnforcementError("Describe the conduct and what the recipient must do")
    _rule(rules.check_recipient, is_business=party.is_business, date_of_birth=date_of_birth, on=issued_on)
    if not address.strip():
        raise EnforcementError("Enter the recipient's address on the party (or its person record) first: "
                               "the warning is served there")
    comply_by, lapses = rules.warning_dates(issued_on, policy())
    with acting_as(actor):
        return ProtectionNotice.objects.create(
            owner_agency=actor.agency, kind=NoticeKind.WARNING, case=case, party=party, is_business=party.is_business,
            recipient_name=name, recipient_dob=date_of_birth, address=address,
            postcode=postcode, conduct=conduct, conditions=conditions, issued_on=issued_on, comply_by=comply_by,
            expires_on=lapses, issued_by=actor)


@transaction.atomic
def notice_issue(*, actor, warning: ProtectionNotice, conditions: str, conduct: str = "",
                 issued_on: dt.date | None = None) -> ProtectionNotice:
    """Issue a Community Protection Notice after ``warning`` (s.43(5)); the warning is escalated."""
    require_permission(actor, "personal.change")
    issued_on = issued_on or timezone.localdate()
    if issued_on > timezone.localdate():
        raise EnforcementError("The date of issue cannot be in the future")
    _rule(rules.check_notice_follows, warning_kind=warning.kind, warning_status=warning.status,
          comply_by=warning.comply_by, warning_expires=warning.expires_on, on=issued_on)
    _rule(rules.check_recipient, is_business=warning.is_business, date_of_birth=warning.recipient_dob, on=issued_on)
    if not conditions.strip():
        raise EnforcementError("Enter the requirements of the notice")
    appeal_by, expires = rules.notice_dates(issued_on, policy())
    with acting_as(actor):
        notice = ProtectionNotice.objects.create(
            owner_agency=actor.agency, kind=NoticeKind.NOTICE, case=warning.case, warning=warning,
            party=warning.party, is_business=warning.is_business, recipient_name=warning.recipient_name,
            recipient_dob=warning.recipient_dob, address=warning.address, postcode=warning.postcode,
            conduct=conduct or warning.conduct, conditions=conditions, issued_on=issued_on, comply_by=issued_on,
            appeal_by=appeal_by, expires_on=expires, issued_by=actor)
        warning.status = NoticeStatus.ESCALATED
        warning.save()
    return notice


@transaction.atomic
def step_record(*, actor, notice: ProtectionNotice, kind: str, on: dt.date, details: str,
                amount: int | None = None) -> EnforcementStep:
    """Record an appeal, a breach or a sanction (fixed penalty, prosecution, remedial action, forfeiture)."""
    require_permission(actor, "personal.change")
    if on > timezone.localdate():
        raise EnforcementError("The date cannot be in the future")
    if not details.strip():
        raise EnforcementError("Describe what happened")
    p = policy()
    earlier = list(notice.steps.values_list("kind", "on"))
    if kind == StepKind.FPN and amount is None:
        amount = p.fpn_amount
    _rule(rules.check_step, kind=kind, on=on, notice_kind=notice.kind, notice_status=notice.status,
          issued_on=notice.issued_on, appeal_by=notice.appeal_by, expires_on=notice.expires_on, earlier=earlier,
          amount=amount, policy=p)
    with acting_as(actor):
        step = EnforcementStep.objects.create(
            notice=notice, kind=kind, on=on, details=details, amount=amount if kind == StepKind.FPN else None,
            pay_by=rules.fpn_pay_by(on, p) if kind == StepKind.FPN else None, recorded_by=actor)
        if kind == StepKind.BREACH and notice.status == NoticeStatus.ACTIVE:
            notice.status = NoticeStatus.BREACHED
            notice.save()
    return step


#: what a warning or notice may be marked as by hand (the rest follow from the steps)
SETTABLE = {
    NoticeKind.WARNING: {NoticeStatus.COMPLIED, NoticeStatus.WITHDRAWN},
    NoticeKind.NOTICE: {NoticeStatus.COMPLIED, NoticeStatus.WITHDRAWN, NoticeStatus.QUASHED},
}


@transaction.atomic
def notice_set_status(*, actor, notice: ProtectionNotice, status: str) -> ProtectionNotice:
    require_permission(actor, "personal.change")
    allowed = SETTABLE[NoticeKind(notice.kind)]
    if status not in allowed:
        raise EnforcementError(f"A {notice.get_kind_display().lower()} cannot be marked {status}")
    if notice.status in {NoticeStatus.ESCALATED, NoticeStatus.WITHDRAWN, NoticeStatus.QUASHED}:
        raise EnforcementError(f"It is {notice.get_status_display().lower()}: its status can no longer change")
    if status == NoticeStatus.QUASHED and not notice.steps.filter(kind=StepKind.APPEAL).exists():
        raise EnforcementError("Only an appeal can quash a notice: record the appeal first")
    with acting_as(actor):
        notice.status = status
        notice.save()
    return notice
