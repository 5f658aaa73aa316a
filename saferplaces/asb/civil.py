"""Writes for the rest of the civil toolkit: closure notices and orders, civil injunctions, Criminal
Behaviour Orders, Acceptable Behaviour Contracts and Public Spaces Protection Orders.

Each service applies :mod:`saferplaces.asb.civil_rules` and raises
:class:`~saferplaces.asb.enforcement.EnforcementError` with the reason when the Act does not allow
it; forms show the message.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from saferplaces.asb import civil_rules as rules
from saferplaces.asb.enforcement import EnforcementError, _rule
from saferplaces.asb.models import (
    COURT_KINDS,
    AsbCase,
    CaseStatus,
    CivilKind,
    CivilOrder,
    CivilStatus,
    CivilStep,
    CivilStepKind,
    Party,
    PartyRole,
    PspoStatus,
    PspoStep,
    PspoStepKind,
    PublicSpacesOrder,
)
from saferplaces.core.context import acting_as
from saferplaces.policy import access
from saferplaces.policy.rules import may, require_permission


def _open_case(case: AsbCase) -> None:
    if case.status == CaseStatus.CLOSED:
        raise EnforcementError("The case is closed: reopen it first")


def _not_future(day: dt.date | None, what: str = "The date") -> None:
    if day is not None and day > timezone.localdate():
        raise EnforcementError(f"{what} cannot be in the future")


def _subject(actor, case: AsbCase, party: Party | None) -> tuple[str, dt.date | None, str, str]:
    """The person's name, date of birth and address as served: the person record's when linked to
    one, which the issuer must be able to see."""
    if party is None:
        return "", None, "", ""
    if party.case_id != case.pk or party.role != PartyRole.PERPETRATOR:
        raise EnforcementError("An order or contract is against an alleged perpetrator of this case")
    if party.is_business:
        raise EnforcementError("A civil injunction, Criminal Behaviour Order or contract is against a person, not a "
                               "business: for premises, use a closure notice")
    if party.person_id is not None and not access.can(actor, "view", party.person):
        raise EnforcementError(f"You cannot see this person's record, held by {party.person.owner_agency.name}: "
                               "ask them to record the order or to share the record")
    name, date_of_birth, address, postcode = party.details()
    return name, date_of_birth, address, postcode


@transaction.atomic
def closure_notice_issue(*, actor, case: AsbCase, address: str, postcode: str, grounds: str, terms: str,
                         authority: str, served_at: dt.datetime, ends_at: dt.datetime,
                         hearing_at: dt.datetime | None = None, court: str = "") -> CivilOrder:
    """Issue a closure notice on premises (s.76): it closes them for up to 24 or 48 hours (s.77), and
    starts the 48-hour clock for the closure order hearing (s.80(3))."""
    require_permission(actor, "personal.change")
    _open_case(case)
    _rule(rules.check_closure_issuer, authority=authority, agency_kind=actor.agency.kind)
    if served_at > timezone.now():
        raise EnforcementError("The time of service cannot be in the future")
    if not (address.strip() and grounds.strip() and terms.strip()):
        raise EnforcementError("Identify the premises, the grounds and who may still enter (section 76(4)-(5))")
    served_at, ends_at = timezone.localtime(served_at), timezone.localtime(ends_at)
    _rule(rules.check_closure_notice, authority=authority, served_at=served_at, ends_at=ends_at)
    hearing_at = timezone.localtime(hearing_at) if hearing_at else None
    _rule(rules.check_closure_hearing, served_at=served_at, hearing_at=hearing_at, court=court)
    with acting_as(actor):
        return CivilOrder.objects.create(
            owner_agency=actor.agency, kind=CivilKind.CLOSURE_NOTICE, case=case, address=address, postcode=postcode,
            grounds=grounds, terms=terms, authority=authority, served_at=served_at, ends_at=ends_at,
            hearing_at=hearing_at, court=court, made_on=served_at.date(), status=CivilStatus.IN_FORCE, issued_by=actor)


@transaction.atomic
def closure_order_record(*, actor, notice: CivilOrder, decision: str, grounds: str, terms: str, court: str,
                         made_on: dt.date, expires_on: dt.date | None = None) -> CivilOrder:
    """The magistrates' decision on the application that follows a closure notice (s.80): granted
    (for at most 3 months) or refused. The application is made by the notice's agency (s.80(2))."""
    require_permission(actor, "personal.change")
    if notice.kind != CivilKind.CLOSURE_NOTICE:
        raise EnforcementError("A closure order follows a closure notice")
    if CivilOrder.objects.filter(follows=notice).exists():
        raise EnforcementError("The court's decision on this notice is already recorded")
    if notice.status == CivilStatus.CANCELLED:
        raise EnforcementError("The notice was cancelled (section 78): no application follows it")
    if notice.owner_agency_id != actor.agency_id:
        raise EnforcementError("The application is made by the agency that issued the notice (section 80(2))")
    _not_future(made_on, "The date of the decision")
    if not (grounds.strip() and court.strip()):
        raise EnforcementError("Enter the grounds and the court")
    granted = decision == "granted"
    if granted:
        if expires_on is None:
            raise EnforcementError("Enter when the closure order ends")
        _rule(rules.check_closure_order, served_at=timezone.localtime(notice.served_at), made_on=made_on,
              expires_on=expires_on)
        if not terms.strip():
            raise EnforcementError("Enter who the order keeps out, and when (section 80(7))")
    with acting_as(actor):
        order = CivilOrder.objects.create(
            owner_agency=actor.agency, kind=CivilKind.CLOSURE_ORDER, case=notice.case, follows=notice,
            address=notice.address, postcode=notice.postcode, grounds=grounds, terms=terms, court=court,
            applied_on=notice.served_at.date(), made_on=made_on, expires_on=expires_on if granted else None,
            status=CivilStatus.IN_FORCE if granted else CivilStatus.REFUSED, issued_by=actor)
        CivilStep.objects.create(order=order, kind=CivilStepKind.GRANTED if granted else CivilStepKind.REFUSED,
                                 on=made_on, details=f"Decision of {court}", new_expiry=order.expires_on,
                                 recorded_by=actor)
    return order


@transaction.atomic
def civil_order_record(*, actor, case: AsbCase, kind: str, party: Party, grounds: str, terms: str,
                       applied_on: dt.date | None = None, made_on: dt.date | None = None,
                       expires_on: dt.date | None = None, court: str = "", power_of_arrest: bool = False,
                       yot_consulted: bool = False, offence: str = "", convicted_on: dt.date | None = None,
                       agreed: bool = False) -> CivilOrder:
    """Record a civil injunction (applied for, or granted), a Criminal Behaviour Order (made on
    conviction) or an Acceptable Behaviour Contract (signed) against an alleged perpetrator."""
    require_permission(actor, "personal.change")
    _open_case(case)
    if kind not in {CivilKind.INJUNCTION, CivilKind.CBO, CivilKind.ABC}:
        raise EnforcementError(f"Unknown kind {kind!r}")
    name, date_of_birth, address, postcode = _subject(actor, case, party)
    if not (grounds.strip() and terms.strip()):
        raise EnforcementError("Enter the grounds and the prohibitions or requirements")
    for day, what in ((applied_on, "The date of application"), (made_on, "The date made"),
                      (convicted_on, "The date of conviction")):
        _not_future(day, what)
    status = CivilStatus.IN_FORCE
    if kind == CivilKind.INJUNCTION:
        if applied_on is None:
            raise EnforcementError("Enter when the injunction was applied for")
        _rule(rules.check_injunction, date_of_birth=date_of_birth, applied_on=applied_on, made_on=made_on,
              expires_on=expires_on, agency_kind=actor.agency.kind, yot_consulted=yot_consulted)
        court = court or rules.injunction_court(date_of_birth, applied_on)
        status = CivilStatus.IN_FORCE if made_on else CivilStatus.APPLIED
        if made_on is None:
            expires_on = None
    elif kind == CivilKind.CBO:
        if made_on is None:
            raise EnforcementError("Enter when the court made the order")
        _rule(rules.check_cbo, date_of_birth=date_of_birth, convicted_on=convicted_on, offence=offence,
              made_on=made_on, expires_on=expires_on)
        applied_on = applied_on or convicted_on
    else:
        if made_on is None or expires_on is None:
            raise EnforcementError("Enter when the contract was signed and when it ends")
        _rule(rules.check_abc, made_on=made_on, expires_on=expires_on, agreed=agreed)
        court, power_of_arrest, offence, convicted_on, applied_on = "", False, "", None, None
    with acting_as(actor):
        order = CivilOrder.objects.create(
            owner_agency=actor.agency, kind=kind, case=case, party=party, subject_name=name, subject_dob=date_of_birth,
            address=address, postcode=postcode, grounds=grounds, terms=terms, applied_on=applied_on, made_on=made_on,
            expires_on=expires_on, court=court, power_of_arrest=power_of_arrest and kind == CivilKind.INJUNCTION,
            yot_consulted=yot_consulted, offence=offence, convicted_on=convicted_on, status=status, issued_by=actor)
        if kind in COURT_KINDS and made_on is not None:
            CivilStep.objects.create(order=order, kind=CivilStepKind.GRANTED, on=made_on,
                                     details=f"Made by the {court or 'court'}", new_expiry=expires_on,
                                     recorded_by=actor)
    return order


#: step → the statuses an order may be in for it
_STEP_FROM = {
    CivilStepKind.GRANTED: {CivilStatus.APPLIED},
    CivilStepKind.REFUSED: {CivilStatus.APPLIED},
    CivilStepKind.EXTENSION: {CivilStatus.IN_FORCE, CivilStatus.BREACHED},
    CivilStepKind.VARIATION: {CivilStatus.IN_FORCE, CivilStatus.BREACHED},
    CivilStepKind.BREACH: {CivilStatus.IN_FORCE, CivilStatus.BREACHED},
    CivilStepKind.REVIEW: {CivilStatus.IN_FORCE, CivilStatus.BREACHED},
    CivilStepKind.APPEAL: {CivilStatus.IN_FORCE, CivilStatus.BREACHED, CivilStatus.REFUSED},
    CivilStepKind.DISCHARGE: {CivilStatus.IN_FORCE, CivilStatus.BREACHED},
    CivilStepKind.CANCELLED: {CivilStatus.IN_FORCE},
    CivilStepKind.ENDED: {CivilStatus.IN_FORCE, CivilStatus.BREACHED},
}
#: step → the kinds it applies to
_STEP_KINDS = {
    CivilStepKind.GRANTED: {CivilKind.INJUNCTION},
    CivilStepKind.REFUSED: {CivilKind.INJUNCTION},
    CivilStepKind.EXTENSION: {CivilKind.CLOSURE_NOTICE, CivilKind.CLOSURE_ORDER, CivilKind.ABC},
    CivilStepKind.VARIATION: {CivilKind.CLOSURE_ORDER, CivilKind.INJUNCTION, CivilKind.CBO},
    CivilStepKind.BREACH: set(CivilKind),
    CivilStepKind.REVIEW: {CivilKind.CBO},
    CivilStepKind.APPEAL: {CivilKind.CLOSURE_ORDER, CivilKind.INJUNCTION, CivilKind.CBO},
    CivilStepKind.DISCHARGE: {CivilKind.CLOSURE_ORDER, CivilKind.INJUNCTION, CivilKind.CBO},
    CivilStepKind.CANCELLED: {CivilKind.CLOSURE_NOTICE},
    CivilStepKind.ENDED: {CivilKind.ABC},
}
_STATUS_AFTER = {
    CivilStepKind.GRANTED: CivilStatus.IN_FORCE,
    CivilStepKind.REFUSED: CivilStatus.REFUSED,
    CivilStepKind.BREACH: CivilStatus.BREACHED,
    CivilStepKind.DISCHARGE: CivilStatus.DISCHARGED,
    CivilStepKind.CANCELLED: CivilStatus.CANCELLED,
    CivilStepKind.ENDED: CivilStatus.ENDED,
}


@transaction.atomic
def civil_step_record(*, actor, order: CivilOrder, kind: str, on: dt.date, details: str,
                      new_expiry: dt.date | None = None, new_end_at: dt.datetime | None = None,
                      authority: str = "") -> CivilStep:
    """Record the court's decision on an injunction, an extension, a variation, a breach, a youth
    review, an appeal, a discharge, a cancelled notice or an ended contract."""
    require_permission(actor, "personal.change")
    _not_future(on)
    if not details.strip():
        raise EnforcementError("Describe what happened")
    if kind not in _STEP_KINDS:
        raise EnforcementError(f"Unknown step {kind!r}")
    if order.kind not in _STEP_KINDS[kind]:
        raise EnforcementError(f"{CivilStepKind(kind).label} does not apply to a {order.get_kind_display()}")
    if order.status not in _STEP_FROM[kind]:
        raise EnforcementError(f"It is {order.get_status_display().lower()}: "
                               f"{CivilStepKind(kind).label.lower()} cannot be recorded")
    if order.made_on and on < order.made_on:
        raise EnforcementError(f"The date cannot be before it was made ({order.made_on:%d %B %Y})")
    now = timezone.now()
    if kind == CivilStepKind.BREACH:
        end = (timezone.localtime(order.ends_at).date() if order.kind == CivilKind.CLOSURE_NOTICE
               else order.expires_on)
        if end is not None and on > end:
            raise EnforcementError(f"It ended on {end:%d %B %Y}: a later failure is not a breach (section 86 for "
                                   "closure; section 30 for a CBO)")
    if kind == CivilStepKind.GRANTED:
        _rule(rules.check_injunction, date_of_birth=order.subject_dob, applied_on=order.applied_on, made_on=on,
              expires_on=new_expiry, agency_kind=order.owner_agency.kind, yot_consulted=order.yot_consulted)
    if kind == CivilStepKind.EXTENSION:
        if order.kind == CivilKind.CLOSURE_NOTICE:
            if new_end_at is None:
                raise EnforcementError("Enter when the extended notice ends")
            _rule(rules.check_closure_notice_extension, authority=authority,
                  served_at=timezone.localtime(order.served_at), ends_at=timezone.localtime(order.ends_at),
                  new_end=timezone.localtime(new_end_at))
            if order.ends_at <= now:
                raise EnforcementError("The notice has ended: it can be extended only while in force (section 77)")
        elif new_expiry is None:
            raise EnforcementError("Enter the new end date")
        elif order.kind == CivilKind.CLOSURE_ORDER:
            _rule(rules.check_closure_order_extension, made_on=order.made_on, expires_on=order.expires_on,
                  new_expiry=new_expiry, on=on)
        else:
            _rule(rules.check_abc, made_on=order.made_on, expires_on=new_expiry, agreed=True)
    with acting_as(actor):
        step = CivilStep.objects.create(order=order, kind=kind, on=on, details=details,
                                        new_expiry=new_expiry if kind in {"granted", "extension"} else None,
                                        new_end_at=new_end_at if kind == "extension" else None, recorded_by=actor)
        if kind == CivilStepKind.GRANTED:
            order.made_on, order.expires_on = on, new_expiry
        if kind == CivilStepKind.EXTENSION:
            if order.kind == CivilKind.CLOSURE_NOTICE:
                order.ends_at = new_end_at
            else:
                order.expires_on = new_expiry
        if kind in _STATUS_AFTER and not (kind == CivilStepKind.BREACH and order.status == CivilStatus.BREACHED):
            order.status = _STATUS_AFTER[kind]
        order.save()
    return step


def steps_available(order: CivilOrder) -> list[str]:
    """The steps that may be recorded against ``order`` now (its kind and status allow them)."""
    return [kind for kind, applies in _STEP_KINDS.items() if order.kind in applies and order.status in _STEP_FROM[kind]]


def closure_hearing_due(order: CivilOrder) -> dt.datetime | None:
    """For a closure notice still awaiting the court: when the application must be heard (s.80(3))."""
    if order.kind != CivilKind.CLOSURE_NOTICE or order.status == CivilStatus.CANCELLED:
        return None
    if CivilOrder.objects.filter(follows=order).exists():
        return None
    return rules.closure_hearing_by(timezone.localtime(order.served_at))


def cbo_reviews(order: CivilOrder) -> list[tuple[dt.date, bool]]:
    """A youth CBO's review dates (s.28), each with whether a review is recorded in its period."""
    if order.kind != CivilKind.CBO or order.subject_dob is None or order.made_on is None:
        return []
    due = rules.cbo_review_dates(made_on=order.made_on, expires_on=order.expires_on, date_of_birth=order.subject_dob)
    done = sorted(order.steps.filter(kind=CivilStepKind.REVIEW).values_list("on", flat=True))
    shown, start = [], order.made_on
    for day in due:
        shown.append((day, any(start <= d <= day for d in done)))
        start = day + dt.timedelta(days=1)
    return shown


# --- Public Spaces Protection Orders ------------------------------------------------------------

@transaction.atomic
def pspo_make(*, actor, title: str, area_description: str, geometry: dict, activities: str, prohibitions: str,
              requirements: str, consulted_on: dt.date | None, made_on: dt.date,
              expires_on: dt.date) -> PublicSpacesOrder:
    """Record a PSPO made by the actor's council (s.59), with its restricted area as GeoJSON."""
    require_permission(actor, "personal.change")
    _not_future(consulted_on, "The consultation date")
    _not_future(made_on, "The date the order was made")
    if not (title.strip() and area_description.strip() and activities.strip()):
        raise EnforcementError("Enter the title, the restricted area and the activities (section 59)")
    _rule(rules.check_pspo, agency_kind=actor.agency.kind, consulted_on=consulted_on, made_on=made_on,
          expires_on=expires_on, prohibitions=prohibitions, requirements=requirements)
    with acting_as(actor):
        return PublicSpacesOrder.objects.create(
            made_by=actor.agency, title=title, area_description=area_description, geometry=geometry,
            activities=activities, prohibitions=prohibitions, requirements=requirements, consulted_on=consulted_on,
            made_on=made_on, expires_on=expires_on, created_by=actor)


def pspo_can_change(actor, order: PublicSpacesOrder) -> bool:
    return bool(actor.is_authenticated and actor.agency_id == order.made_by_id and may(actor, "personal.change"))


@transaction.atomic
def pspo_step_record(*, actor, order: PublicSpacesOrder, kind: str, on: dt.date, details: str,
                     new_expiry: dt.date | None = None, consulted: bool = False) -> PspoStep:
    """An extension (s.60), a variation or discharge (s.61), a High Court challenge or its outcome (s.66)."""
    require_permission(actor, "personal.change")
    if actor.agency_id != order.made_by_id:
        raise EnforcementError("Only the council that made the order may record changes to it")
    _not_future(on)
    if not details.strip():
        raise EnforcementError("Describe what happened")
    if on < order.made_on:
        raise EnforcementError(f"The date cannot be before the order was made ({order.made_on:%d %B %Y})")
    if order.status != PspoStatus.IN_FORCE:
        raise EnforcementError(f"The order was {order.get_status_display().lower()}: nothing more can be recorded")
    if kind == PspoStepKind.EXTENSION:
        if new_expiry is None:
            raise EnforcementError("Enter the new expiry date")
        _rule(rules.check_pspo_extension, expires_on=order.expires_on, new_expiry=new_expiry, on=on,
              consulted=consulted)
    elif kind in {PspoStepKind.CHALLENGE, PspoStepKind.QUASHED}:
        last = order.steps.filter(kind__in=[PspoStepKind.VARIATION]).order_by("-on").first()
        since = last.on if last else order.made_on
        if kind == PspoStepKind.CHALLENGE and on > rules.pspo_challenge_by(since):
            raise EnforcementError(f"A challenge had to be made within 6 weeks of {since:%d %B %Y}, by "
                                   f"{rules.pspo_challenge_by(since):%d %B %Y} (section 66(2))")
        if kind == PspoStepKind.QUASHED and not order.steps.filter(kind=PspoStepKind.CHALLENGE).exists():
            raise EnforcementError("Only the High Court can quash the order, on a challenge: record the challenge "
                                   "first")
    elif kind not in {PspoStepKind.VARIATION, PspoStepKind.DISCHARGE}:
        raise EnforcementError(f"Unknown step {kind!r}")
    with acting_as(actor):
        step = PspoStep.objects.create(order=order, kind=kind, on=on, details=details,
                                       new_expiry=new_expiry if kind == PspoStepKind.EXTENSION else None,
                                       recorded_by=actor)
        if kind == PspoStepKind.EXTENSION:
            order.expires_on = new_expiry
        elif kind == PspoStepKind.DISCHARGE:
            order.status = PspoStatus.DISCHARGED
        elif kind == PspoStepKind.QUASHED:
            order.status = PspoStatus.QUASHED
        order.save()
    return step
