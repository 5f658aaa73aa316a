"""The rules of the Anti-social Behaviour, Crime and Policing Act 2014 that the enforcement service
applies, as pure functions over dates (no database): who may receive a warning or notice, the dates
it carries, which step may follow which, and the Community Trigger threshold (s.104).

References: Anti-social Behaviour, Crime and Policing Act 2014, ss.43-52 and s.104; Home Office,
*Anti-social Behaviour, Crime and Policing Act 2014: Statutory guidance for frontline professionals*
(2014, updated 2023).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from saferplaces.core.dates import add_months

MIN_AGE = 16  # s.43(1): a notice may not be issued to a person under 16


class RuleError(ValueError):
    """A step the Act or local policy does not allow; the message says why."""


@dataclass(frozen=True)
class Policy:
    """Local durations (settings ``ASB``); ``appeal_days`` and FPN limits come from the Act."""

    comply_days: int = 14
    cpn_months: int = 12
    cpw_months: int = 6
    appeal_days: int = 21
    fpn_amount: int = 100
    fpn_pay_days: int = 14
    trigger_complaints: int = 3
    trigger_months: int = 6
    review_days: int = 28


def age_on(born: dt.date, day: dt.date) -> int:
    """Completed years of age on ``day``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def check_recipient(*, is_business: bool, date_of_birth: dt.date | None, on: dt.date) -> None:
    """A recipient is a body (business) or an individual aged 16 or over on the day of issue."""
    if is_business:
        return
    if date_of_birth is None:
        raise RuleError("Enter the recipient's date of birth: a warning or notice may only be given to someone "
                        f"aged {MIN_AGE} or over, or to a business")
    age = age_on(date_of_birth, on)
    if age < MIN_AGE:
        raise RuleError(f"The recipient is {age}: a warning or notice may only be given to someone aged {MIN_AGE} "
                        "or over (section 43 of the 2014 Act). Consider a youth referral or a civil injunction.")


def warning_dates(issued_on: dt.date, policy: Policy) -> tuple[dt.date, dt.date]:
    """(comply by, lapses on) for a warning issued on ``issued_on``."""
    return issued_on + dt.timedelta(days=policy.comply_days), add_months(issued_on, policy.cpw_months)


def notice_dates(issued_on: dt.date, policy: Policy) -> tuple[dt.date, dt.date]:
    """(last day to appeal, expires on) for a notice issued on ``issued_on``.

    s.46(2): an appeal must be made "within the period of 21 days beginning with the day on which the
    person is issued with the notice": the day of issue is day 1, so the last day is issue + 20.
    """
    return issued_on + dt.timedelta(days=policy.appeal_days - 1), add_months(issued_on, policy.cpn_months)


def check_notice_follows(*, warning_kind: str, warning_status: str, comply_by: dt.date, warning_expires: dt.date,
                         on: dt.date) -> None:
    """s.43(5): a notice needs an earlier written warning, and time for the recipient to deal with it."""
    if warning_kind != "cpw":
        raise RuleError("A Community Protection Notice must follow a Community Protection Warning")
    if warning_status == "escalated":
        raise RuleError("This warning has already led to a notice")
    if warning_status != "active":
        raise RuleError(f"This warning is {warning_status}: a notice needs a warning still in force")
    if on < comply_by:
        raise RuleError(f"The warning gives until {comply_by:%d %B %Y} to stop the behaviour: a notice may be "
                        "issued only after that (section 43(5))")
    if on > warning_expires:
        raise RuleError(f"The warning lapsed on {warning_expires:%d %B %Y}: issue a new warning first")


SANCTIONS = {"fpn", "prosecution", "remedial", "forfeiture"}


def check_step(*, kind: str, on: dt.date, notice_kind: str, notice_status: str, issued_on: dt.date,
               appeal_by: dt.date | None, expires_on: dt.date, earlier: Iterable[tuple[str, dt.date]],
               amount: int | None = None, policy: Policy = Policy()) -> None:
    """May ``kind`` be recorded against the notice on ``on``, after the ``earlier`` (kind, date) steps?"""
    earlier = list(earlier)
    kinds = {k for k, _day in earlier}
    if notice_kind != "cpn":
        raise RuleError("Appeals, breaches and sanctions apply to a Community Protection Notice, not a warning: "
                        "if the warning is ignored, issue a notice")
    if on < issued_on:
        raise RuleError(f"The date cannot be before the notice was issued ({issued_on:%d %B %Y})")
    if notice_status in {"quashed", "withdrawn"}:
        raise RuleError(f"The notice was {notice_status}: nothing more can be recorded against it")
    if kind == "appeal":
        if appeal_by is None or on > appeal_by:
            raise RuleError(f"The appeal window closed on {appeal_by:%d %B %Y} (21 days, section 46)")
        if "appeal" in kinds:
            raise RuleError("An appeal is already recorded")
        return
    if kind == "breach":
        if on > expires_on:
            raise RuleError(f"The notice expired on {expires_on:%d %B %Y}: a later failure is not a breach")
        return
    if kind not in SANCTIONS:
        raise RuleError(f"Unknown step {kind!r}")
    breaches = [day for k, day in earlier if k == "breach" and day <= on]
    if not breaches:
        raise RuleError("Record the breach first: a fixed penalty, prosecution, remedial action or forfeiture "
                        "follows a breach of the notice")
    if kind == "fpn":
        if "prosecution" in kinds:
            raise RuleError("The recipient is already being prosecuted for the breach: a fixed penalty cannot be "
                            "offered as well")
        if amount is None or amount < 1 or amount > policy.fpn_amount:
            raise RuleError(f"A fixed penalty is at most £{policy.fpn_amount} (section 52)")
    if kind == "forfeiture" and "prosecution" not in kinds:
        raise RuleError("A forfeiture order is made by a court on conviction (section 50): record the prosecution "
                        "first")


def fpn_pay_by(on: dt.date, policy: Policy) -> dt.date:
    """s.52: no proceedings for the breach within 14 days following the notice: pay by then."""
    return on + dt.timedelta(days=policy.fpn_pay_days)


def complaints_in_window(dates: Iterable[dt.date], on: dt.date, months: int) -> int:
    """Complaints on days after ``on`` moved back ``months`` months, up to ``on``."""
    start = add_months(on, -months)
    return sum(1 for day in dates if start < day <= on)


def trigger_met(dates: Iterable[dt.date], on: dt.date, policy: Policy) -> bool:
    """The Community Trigger threshold (s.104; at most three complaints in six months, set locally)."""
    return complaints_in_window(dates, on, policy.trigger_months) >= policy.trigger_complaints
