"""The rules of the rest of the 2014 Act's civil toolkit, as pure functions over dates and times (no
database): closure notices and orders (ss.76-86), civil injunctions (Part 1), Criminal Behaviour
Orders (Part 2), Public Spaces Protection Orders (Part 4, Chapter 2) and Acceptable Behaviour
Contracts (no statutory basis: local policy). Each check raises :class:`~saferplaces.asb.rules.RuleError`
with a message that names the section, for the form to show.

References: Anti-social Behaviour, Crime and Policing Act 2014, ss.1, 4, 5, 14, 22, 25, 28, 59, 60,
66, 72, 76-82 and 86; Home Office, *Anti-social Behaviour, Crime and Policing Act 2014: Statutory
guidance for frontline professionals* (2014, updated 2023).
"""

from __future__ import annotations

import datetime as dt

from saferplaces.asb.rules import RuleError, age_on
from saferplaces.core.dates import add_months

HOUR = dt.timedelta(hours=1)

# --- Closure of premises (Part 4, Chapter 3) ----------------------------------------------------

#: who issued (or extended) a closure notice → the longest period they may specify, in hours (s.77)
CLOSURE_AUTHORITIES = {
    "inspector": ("Police officer of the rank of inspector or above (up to 24 hours)", 24),
    "superintendent": ("Police officer of the rank of superintendent or above (up to 48 hours)", 48),
    "council": ("The local authority (up to 24 hours)", 24),
    "council_chief": ("The local authority, signed by the chief executive or their designate (up to 48 hours)", 48),
}
POLICE_AUTHORITIES = {"inspector", "superintendent"}
CLOSURE_NOTICE_HEARING_HOURS = 48  # s.80(3)
CLOSURE_ORDER_MONTHS = 3  # s.80(6)
CLOSURE_ORDER_TOTAL_MONTHS = 6  # s.82: an order may not have effect for more than 6 months in all
CLOSURE_ADJOURN_DAYS = 14  # s.81(3): the court may adjourn the hearing for up to 14 days


def _christmas_hours(start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """How much of [start, end) falls on a Christmas Day."""
    overlap = dt.timedelta(0)
    for year in range(start.year, end.year + 1):
        day = dt.datetime(year, 12, 25, tzinfo=start.tzinfo)
        lo, hi = max(start, day), min(end, day + dt.timedelta(days=1))
        if hi > lo:
            overlap += hi - lo
    return overlap


def hours_counted(start: dt.datetime, end: dt.datetime) -> float:
    """Hours from ``start`` to ``end`` with Christmas Day disregarded (ss.77(3) and 80(4))."""
    return ((end - start) - _christmas_hours(start, end)) / HOUR


def add_hours(start: dt.datetime, hours: int) -> dt.datetime:
    """``start`` plus ``hours`` counted hours, Christmas Day disregarded (ss.77(3) and 80(4))."""
    end = start + hours * HOUR
    while True:
        longer = start + hours * HOUR + _christmas_hours(start, end)
        if longer == end:
            return end
        end = longer


def check_closure_issuer(*, authority: str, agency_kind: str) -> None:
    """s.76(1): a police officer of at least the rank of inspector, or the local authority."""
    if authority not in CLOSURE_AUTHORITIES:
        raise RuleError("Choose who issued the closure notice")
    police = authority in POLICE_AUTHORITIES
    if police and agency_kind != "police":
        raise RuleError("Only a police officer (inspector or above) or the local authority may issue a closure "
                        "notice (section 76(1)): your agency is not the police")
    if not police and agency_kind != "local_authority":
        raise RuleError("Only a police officer (inspector or above) or the local authority may issue a closure "
                        "notice (section 76(1)): your agency is not the local authority")


def check_closure_notice(*, authority: str, served_at: dt.datetime, ends_at: dt.datetime) -> None:
    """s.77(1)-(3): at most 24 hours, or 48 hours when issued by a superintendent or signed by the
    council's chief executive or their designate; Christmas Day is disregarded."""
    label, limit = CLOSURE_AUTHORITIES[authority]
    if ends_at <= served_at:
        raise RuleError("The closure notice must end after it is served")
    hours = hours_counted(served_at, ends_at)
    if hours > limit:
        more = (" A notice of up to 48 hours needs a superintendent, or the chief executive's signature "
                "(section 77(2))." if limit == 24 else "")
        issuer = ("a " if authority in POLICE_AUTHORITIES else "") + label.split(" (")[0].lower()
        raise RuleError(f"A closure notice issued by {issuer} may last at most {limit} hours "
                        f"(section 77): this one lasts {hours:g} hours.{more}")


def check_closure_notice_extension(*, authority: str, served_at: dt.datetime, ends_at: dt.datetime,
                                   new_end: dt.datetime) -> None:
    """s.77(4)-(5): a 24-hour notice may be extended by up to 24 hours by an extension notice from a
    superintendent or signed by the chief executive (or designate), to 48 hours in all."""
    if authority not in {"superintendent", "council_chief"}:
        raise RuleError("Only a superintendent (or above), or the local authority's chief executive or their "
                        "designate, may extend a closure notice (section 77(4))")
    if new_end <= ends_at:
        raise RuleError("An extension must end after the notice currently ends")
    hours = hours_counted(served_at, new_end)
    if hours > 48:
        raise RuleError(f"A closure notice may last at most 48 hours in all, extension included (section 77): "
                        f"this extension would make it {hours:g} hours")


def closure_hearing_by(served_at: dt.datetime) -> dt.datetime:
    """s.80(3)-(4): the application for a closure order must be heard by the magistrates' court not
    later than 48 hours after service of the notice, Christmas Day disregarded."""
    return add_hours(served_at, CLOSURE_NOTICE_HEARING_HOURS)


def check_closure_hearing(*, served_at: dt.datetime, hearing_at: dt.datetime | None, court: str) -> None:
    """s.76(5)(d)-(e): the notice states that an application will be made and when and where it will be
    heard; s.80(3): no later than 48 hours after service."""
    if hearing_at is None or not court.strip():
        raise RuleError("The notice must say when and where the application for a closure order will be heard "
                        "(section 76(5)(e)): enter the court and the time of the hearing")
    latest = closure_hearing_by(served_at)
    if hearing_at < served_at or hearing_at > latest:
        raise RuleError(f"The application must be heard no later than 48 hours after service (section 80(3)): by "
                        f"{latest:%H:%M on %d %B %Y}")


def check_closure_order(*, served_at: dt.datetime, made_on: dt.date, expires_on: dt.date) -> None:
    """s.80(6): at most 3 months; made at the hearing (s.80(3)) or after an adjournment of up to 14
    days (s.81(3))."""
    hearing_by = closure_hearing_by(served_at)
    if made_on < served_at.date():
        raise RuleError("A closure order follows the closure notice: it cannot be made before the notice was served")
    latest = hearing_by.date() + dt.timedelta(days=CLOSURE_ADJOURN_DAYS)
    if made_on > latest:
        raise RuleError(f"The application had to be heard by {hearing_by:%d %B %Y %H:%M} (section 80(3)), or the "
                        f"hearing adjourned for at most 14 days (section 81(3)): an order made on "
                        f"{made_on:%d %B %Y} is too late; serve a new closure notice")
    if expires_on <= made_on:
        raise RuleError("The closure order must end after the day it is made")
    if expires_on > add_months(made_on, CLOSURE_ORDER_MONTHS):
        raise RuleError(f"A closure order may last at most 3 months (section 80(6)): until "
                        f"{add_months(made_on, CLOSURE_ORDER_MONTHS):%d %B %Y} at the latest")


def check_closure_order_extension(*, made_on: dt.date, expires_on: dt.date, new_expiry: dt.date, on: dt.date) -> None:
    """s.82: before it ends, the court may extend a closure order, but not so that it has effect for
    more than 6 months in total."""
    if on > expires_on:
        raise RuleError(f"The order ended on {expires_on:%d %B %Y}: an extension must be granted while it is in "
                        "force (section 82)")
    if new_expiry <= expires_on:
        raise RuleError("An extension must end after the order currently ends")
    latest = add_months(made_on, CLOSURE_ORDER_TOTAL_MONTHS)
    if new_expiry > latest:
        raise RuleError(f"A closure order may not have effect for more than 6 months in total (section 82): "
                        f"until {latest:%d %B %Y} at the latest")


# --- Civil injunctions (Part 1) ------------------------------------------------------------------

INJUNCTION_MIN_AGE = 10  # s.1(1)
ADULT = 18
INJUNCTION_YOUTH_MONTHS = 12  # s.1(6)
#: s.5(1): who may apply for an injunction, as the partnership's agency kinds
INJUNCTION_APPLICANTS = {"local_authority", "housing", "police"}


def check_injunction(*, date_of_birth: dt.date | None, applied_on: dt.date, made_on: dt.date | None,
                     expires_on: dt.date | None, agency_kind: str, yot_consulted: bool) -> None:
    """s.1(1): against a person aged 10 or over; s.5(1): by a listed applicant; s.14(1): the youth
    offending team consulted when the respondent is under 18; s.1(6): for an under-18, a fixed
    period of at most 12 months."""
    if agency_kind not in INJUNCTION_APPLICANTS:
        raise RuleError("Only a local authority, a housing provider, the police or another body listed in "
                        "section 5(1) may apply for a civil injunction")
    if date_of_birth is None:
        raise RuleError("Enter the respondent's date of birth: an injunction may only be granted against someone "
                        "aged 10 or over (section 1(1)), and a youth court hears under-18s")
    age = age_on(date_of_birth, applied_on)
    if age < INJUNCTION_MIN_AGE:
        raise RuleError(f"The respondent is {age}: a civil injunction may only be granted against someone aged "
                        f"{INJUNCTION_MIN_AGE} or over (section 1(1) of the 2014 Act)")
    if age < ADULT and not yot_consulted:
        raise RuleError(f"The respondent is {age}: the youth offending team must be consulted before applying "
                        "(section 14(1))")
    if made_on is not None:
        if made_on < applied_on:
            raise RuleError("The injunction cannot be granted before it was applied for")
        if expires_on is not None and expires_on <= made_on:
            raise RuleError("The injunction must end after the day it is granted")
        if age_on(date_of_birth, made_on) < ADULT:
            latest = add_months(made_on, INJUNCTION_YOUTH_MONTHS)
            if expires_on is None or expires_on > latest:
                raise RuleError(f"An injunction granted before the respondent is 18 must have a fixed period of at "
                                f"most 12 months (section 1(6)): until {latest:%d %B %Y} at the latest")


def injunction_court(date_of_birth: dt.date, applied_on: dt.date) -> str:
    """s.1(8): a youth court for a respondent under 18, else the county court (or the High Court)."""
    return "Youth court" if age_on(date_of_birth, applied_on) < ADULT else "County court (or the High Court)"


# --- Criminal Behaviour Orders (Part 2) ----------------------------------------------------------

CBO_ADULT_MIN_MONTHS = 24  # s.25: an adult's order lasts at least 2 years, or indefinitely
CBO_YOUTH_MIN_MONTHS = 12  # s.25: an under-18's order lasts 1 to 3 years
CBO_YOUTH_MAX_MONTHS = 36
CBO_REVIEW_MONTHS = 12  # s.28(2)


def check_cbo(*, date_of_birth: dt.date | None, convicted_on: dt.date | None, offence: str, made_on: dt.date,
              expires_on: dt.date | None) -> None:
    """s.22(1): made on conviction, in addition to the sentence; s.25: its length by the offender's age
    when it is made (under 18: a fixed 1 to 3 years; adult: at least 2 years, or indefinite)."""
    if convicted_on is None or not offence.strip():
        raise RuleError("A Criminal Behaviour Order is made only against a person convicted of an offence "
                        "(section 22(1)): enter the offence and the date of conviction")
    if made_on < convicted_on:
        raise RuleError("A Criminal Behaviour Order is made on or after the conviction (section 22(1))")
    if date_of_birth is None:
        raise RuleError("Enter the offender's date of birth: the order's length depends on their age (section 25)")
    if expires_on is not None and expires_on <= made_on:
        raise RuleError("The order must end after the day it is made")
    if age_on(date_of_birth, made_on) < ADULT:
        shortest, longest = add_months(made_on, CBO_YOUTH_MIN_MONTHS), add_months(made_on, CBO_YOUTH_MAX_MONTHS)
        if expires_on is None or not shortest <= expires_on <= longest:
            raise RuleError(f"An order made against someone under 18 must last a fixed period of 1 to 3 years "
                            f"(section 25): to end between {shortest:%d %B %Y} and {longest:%d %B %Y}")
    elif expires_on is not None and expires_on < add_months(made_on, CBO_ADULT_MIN_MONTHS):
        raise RuleError(f"An order made against an adult must last at least 2 years, or indefinitely (section 25): "
                        f"until {add_months(made_on, CBO_ADULT_MIN_MONTHS):%d %B %Y} at least")


def cbo_review_dates(*, made_on: dt.date, expires_on: dt.date | None, date_of_birth: dt.date) -> list[dt.date]:
    """s.28: while the offender will be under 18 at the end of a review period (the 12 months from
    the day the order takes effect, then each following 12 months) and the order runs to that end,
    the police must review it before the period ends. Returns the last day of each such period."""
    due = []
    start = made_on
    while True:
        end = add_months(start, CBO_REVIEW_MONTHS) - dt.timedelta(days=1)
        if age_on(date_of_birth, end) >= ADULT or (expires_on is not None and expires_on < end):
            return due
        due.append(end)
        start = end + dt.timedelta(days=1)


# --- Public Spaces Protection Orders (Part 4, Chapter 2) -----------------------------------------

PSPO_MAX_MONTHS = 36  # s.60(1) and (2): up to 3 years, extendable by up to 3 years at a time
PSPO_CHALLENGE_WEEKS = 6  # s.66(2)


def check_pspo(*, agency_kind: str, consulted_on: dt.date | None, made_on: dt.date, expires_on: dt.date,
               prohibitions: str, requirements: str) -> None:
    """s.59: made by the local authority, prohibiting or requiring things in a restricted area;
    s.72(3): after consulting the police, the police and crime commissioner and community
    representatives; s.60(1): for at most 3 years."""
    if agency_kind != "local_authority":
        raise RuleError("Only the local authority may make a Public Spaces Protection Order (section 59)")
    if not (prohibitions.strip() or requirements.strip()):
        raise RuleError("An order prohibits specified things, requires specified things, or both (section 59(4)): "
                        "enter at least one")
    if consulted_on is None or consulted_on > made_on:
        raise RuleError("The council must consult the chief officer of police, the local policing body and "
                        "community representatives before making the order (section 72(3)): enter when the "
                        "consultation was done")
    if expires_on <= made_on:
        raise RuleError("The order must end after the day it is made")
    latest = add_months(made_on, PSPO_MAX_MONTHS)
    if expires_on > latest:
        raise RuleError(f"A Public Spaces Protection Order may last at most 3 years (section 60(1)): until "
                        f"{latest:%d %B %Y} at the latest")


def check_pspo_extension(*, expires_on: dt.date, new_expiry: dt.date, on: dt.date, consulted: bool) -> None:
    """s.60(2): before it expires, the council may extend it by up to 3 years at a time (and more than
    once, s.60(4)), after consulting again (s.72(3))."""
    if on > expires_on:
        raise RuleError(f"The order expired on {expires_on:%d %B %Y}: it can be extended only before it expires "
                        "(section 60(2)); make a new order")
    if not consulted:
        raise RuleError("Consult the police, the police and crime commissioner and community representatives "
                        "before extending the order (section 72(3))")
    if new_expiry <= expires_on:
        raise RuleError("An extension must end after the order currently ends")
    latest = add_months(expires_on, PSPO_MAX_MONTHS)
    if new_expiry > latest:
        raise RuleError(f"An extension may be for at most 3 years (section 60(2)): until {latest:%d %B %Y} at "
                        "the latest")


def pspo_challenge_by(made_on: dt.date) -> dt.date:
    """s.66(2): an interested person may apply to the High Court within 6 weeks beginning with the day
    the order (or a variation) is made: that day is day 1, so the last day is made_on + 41 days."""
    return made_on + dt.timedelta(weeks=PSPO_CHALLENGE_WEEKS) - dt.timedelta(days=1)


# --- Acceptable Behaviour Contracts (no statutory basis) ------------------------------------------

ABC_MONTHS = 6  # the guidance's typical length; a voluntary written agreement, no statutory limit
ABC_MAX_MONTHS = 12  # local policy: longer than a year, consider an injunction instead


def check_abc(*, made_on: dt.date, expires_on: dt.date, agreed: bool) -> None:
    """An Acceptable Behaviour Contract is voluntary: it is recorded only once the person has agreed
    to it. Local policy keeps it to a year at most."""
    if not agreed:
        raise RuleError("An Acceptable Behaviour Contract is voluntary: record it once the person has agreed and "
                        "signed it")
    if expires_on <= made_on:
        raise RuleError("The contract must end after the day it is signed")
    if expires_on > add_months(made_on, ABC_MAX_MONTHS):
        raise RuleError("An Acceptable Behaviour Contract lasts at most 12 months here (local policy): for longer, "
                        "consider a civil injunction (section 1)")
