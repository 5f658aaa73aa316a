"""The civil toolkit's rules (asb.civil_rules), with dates worked by hand at each boundary."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from saferplaces.asb import civil_rules as rules
from saferplaces.asb.rules import RuleError

LONDON = ZoneInfo("Europe/London")
SERVED = dt.datetime(2026, 3, 10, 20, 0, tzinfo=LONDON)  # a Tuesday evening


def hours(n):
    return SERVED + dt.timedelta(hours=n)


# --- Closure notices (ss.76-77) -----------------------------------------------------------------

def test_a_superintendents_notice_may_last_exactly_48_hours_but_not_49():
    rules.check_closure_notice(authority="superintendent", served_at=SERVED, ends_at=hours(48))
    with pytest.raises(RuleError, match=r"at most 48 hours \(section 77\): this one lasts 49 hours"):
        rules.check_closure_notice(authority="superintendent", served_at=SERVED, ends_at=hours(49))


def test_an_inspectors_or_councils_notice_lasts_at_most_24_hours():
    rules.check_closure_notice(authority="inspector", served_at=SERVED, ends_at=hours(24))
    rules.check_closure_notice(authority="council", served_at=SERVED, ends_at=hours(24))
    with pytest.raises(RuleError, match="at most 24 hours.*superintendent, or the chief executive"):
        rules.check_closure_notice(authority="inspector", served_at=SERVED, ends_at=hours(25))
    rules.check_closure_notice(authority="council_chief", served_at=SERVED, ends_at=hours(48))
    with pytest.raises(RuleError, match="must end after"):
        rules.check_closure_notice(authority="council", served_at=SERVED, ends_at=SERVED)


def test_christmas_day_is_not_counted():
    """s.77(3): served 18:00 on 24 December, a 48-hour notice may run to 18:00 on 27 December (72 hours
    on the clock, 24 of them Christmas Day)."""
    eve = dt.datetime(2026, 12, 24, 18, 0, tzinfo=LONDON)
    assert rules.hours_counted(eve, eve + dt.timedelta(hours=72)) == 48
    rules.check_closure_notice(authority="superintendent", served_at=eve, ends_at=eve + dt.timedelta(hours=72))
    with pytest.raises(RuleError):
        rules.check_closure_notice(authority="superintendent", served_at=eve,
                                   ends_at=eve + dt.timedelta(hours=73))
    assert rules.closure_hearing_by(eve) == dt.datetime(2026, 12, 27, 18, 0, tzinfo=LONDON)


def test_only_the_police_or_the_council_issue_closure_notices():
    rules.check_closure_issuer(authority="inspector", agency_kind="police")
    rules.check_closure_issuer(authority="council_chief", agency_kind="local_authority")
    with pytest.raises(RuleError, match=r"section 76\(1\).*not the police"):
        rules.check_closure_issuer(authority="superintendent", agency_kind="housing")
    with pytest.raises(RuleError, match="not the local authority"):
        rules.check_closure_issuer(authority="council", agency_kind="police")


def test_a_24_hour_notice_is_extended_by_a_superintendent_to_48_hours_in_all():
    rules.check_closure_notice_extension(authority="superintendent", served_at=SERVED, ends_at=hours(24),
                                         new_end=hours(48))
    with pytest.raises(RuleError, match="48 hours in all"):
        rules.check_closure_notice_extension(authority="superintendent", served_at=SERVED, ends_at=hours(24),
                                             new_end=hours(49))
    with pytest.raises(RuleError, match=r"section 77\(4\)"):
        rules.check_closure_notice_extension(authority="inspector", served_at=SERVED, ends_at=hours(24),
                                             new_end=hours(30))


# --- Closure orders (ss.80-82) ------------------------------------------------------------------

def test_the_hearing_is_due_48_hours_after_service():
    assert rules.closure_hearing_by(SERVED) == dt.datetime(2026, 3, 12, 20, 0, tzinfo=LONDON)


def test_a_closure_order_may_last_exactly_3_months():
    made = dt.date(2026, 3, 12)
    rules.check_closure_order(served_at=SERVED, made_on=made, expires_on=dt.date(2026, 6, 12))
    with pytest.raises(RuleError, match=r"at most 3 months \(section 80\(6\)\): until 12 June 2026"):
        rules.check_closure_order(served_at=SERVED, made_on=made, expires_on=dt.date(2026, 6, 13))


def test_a_closure_order_comes_at_the_hearing_or_within_14_days_of_adjournment():
    rules.check_closure_order(served_at=SERVED, made_on=dt.date(2026, 3, 26), expires_on=dt.date(2026, 6, 1))
    with pytest.raises(RuleError, match=r"section 81\(3\)"):
        rules.check_closure_order(served_at=SERVED, made_on=dt.date(2026, 3, 27), expires_on=dt.date(2026, 6, 1))
    with pytest.raises(RuleError, match="before the notice"):
        rules.check_closure_order(served_at=SERVED, made_on=dt.date(2026, 3, 9), expires_on=dt.date(2026, 6, 1))


def test_an_extension_may_bring_the_order_to_6_months_in_total_but_no_further():
    made, ends = dt.date(2026, 3, 12), dt.date(2026, 6, 12)
    rules.check_closure_order_extension(made_on=made, expires_on=ends, new_expiry=dt.date(2026, 9, 12),
                                        on=dt.date(2026, 6, 1))
    with pytest.raises(RuleError, match=r"more than 6 months in total \(section 82\): until 12 September 2026"):
        rules.check_closure_order_extension(made_on=made, expires_on=ends, new_expiry=dt.date(2026, 9, 13),
                                            on=dt.date(2026, 6, 1))
    with pytest.raises(RuleError, match="while it is in force"):
        rules.check_closure_order_extension(made_on=made, expires_on=ends, new_expiry=dt.date(2026, 9, 1),
                                            on=dt.date(2026, 6, 13))


# --- Civil injunctions (Part 1) -------------------------------------------------------------------

def _injunction(dob, made=None, expires=None, **extra):
    arguments = {"date_of_birth": dob, "applied_on": dt.date(2026, 3, 10), "made_on": made, "expires_on": expires,
                 "agency_kind": "local_authority", "yot_consulted": True, **extra}
    rules.check_injunction(**arguments)


def test_an_injunction_needs_a_respondent_aged_10_or_over():
    _injunction(dt.date(2016, 3, 10))  # 10 on the day of application
    with pytest.raises(RuleError, match=r"The respondent is 9: .*aged 10 or over \(section 1\(1\)"):
        _injunction(dt.date(2016, 3, 11))  # 10 tomorrow
    with pytest.raises(RuleError, match="date of birth"):
        _injunction(None)


def test_an_under_18_needs_the_youth_offending_team_a_youth_court_and_at_most_12_months():
    dob = dt.date(2010, 1, 1)  # 16
    with pytest.raises(RuleError, match=r"youth offending team.*section 14\(1\)"):
        _injunction(dob, yot_consulted=False)
    assert rules.injunction_court(dob, dt.date(2026, 3, 10)) == "Youth court"
    _injunction(dob, made=dt.date(2026, 3, 20), expires=dt.date(2027, 3, 20))
    with pytest.raises(RuleError, match=r"at most 12 months \(section 1\(6\)\): until 20 March 2027"):
        _injunction(dob, made=dt.date(2026, 3, 20), expires=dt.date(2027, 3, 21))
    with pytest.raises(RuleError, match="fixed period"):
        _injunction(dob, made=dt.date(2026, 3, 20), expires=None)


def test_an_adults_injunction_may_be_indefinite_from_the_county_court():
    dob = dt.date(1990, 1, 1)
    _injunction(dob, made=dt.date(2026, 3, 20), expires=None, yot_consulted=False)
    assert rules.injunction_court(dob, dt.date(2026, 3, 10)).startswith("County court")


def test_only_the_applicants_of_section_5_apply():
    with pytest.raises(RuleError, match=r"section 5\(1\)"):
        _injunction(dt.date(1990, 1, 1), agency_kind="probation")


# --- Criminal Behaviour Orders (Part 2) -----------------------------------------------------------

def test_a_cbo_follows_a_conviction():
    with pytest.raises(RuleError, match=r"convicted.*section 22\(1\)"):
        rules.check_cbo(date_of_birth=dt.date(1990, 1, 1), convicted_on=None, offence="", made_on=dt.date(2026, 3, 10),
                        expires_on=None)
    with pytest.raises(RuleError, match="on or after the conviction"):
        rules.check_cbo(date_of_birth=dt.date(1990, 1, 1), convicted_on=dt.date(2026, 3, 11), offence="Affray",
                        made_on=dt.date(2026, 3, 10), expires_on=None)


def test_an_adults_cbo_lasts_at_least_2_years_or_indefinitely():
    adult = {"date_of_birth": dt.date(1990, 1, 1), "convicted_on": dt.date(2026, 3, 10), "offence": "Affray",
             "made_on": dt.date(2026, 3, 10)}
    rules.check_cbo(**adult, expires_on=None)
    rules.check_cbo(**adult, expires_on=dt.date(2028, 3, 10))
    with pytest.raises(RuleError, match=r"at least 2 years.*section 25"):
        rules.check_cbo(**adult, expires_on=dt.date(2028, 3, 9))


def test_a_youth_cbo_lasts_a_fixed_1_to_3_years():
    youth = {"date_of_birth": dt.date(2010, 6, 1), "convicted_on": dt.date(2026, 3, 10), "offence": "Robbery",
             "made_on": dt.date(2026, 3, 10)}
    rules.check_cbo(**youth, expires_on=dt.date(2027, 3, 10))
    rules.check_cbo(**youth, expires_on=dt.date(2029, 3, 10))
    for wrong in (None, dt.date(2027, 3, 9), dt.date(2029, 3, 11)):
        with pytest.raises(RuleError, match="between 10 March 2027 and 10 March 2029"):
            rules.check_cbo(**youth, expires_on=wrong)


def test_a_youth_cbo_is_reviewed_before_each_12_months_ends_while_under_18():
    """Made 10 March 2026 against someone born 1 June 2010 (15): the first review period ends on
    9 March 2027 (aged 16), the second on 9 March 2028 (17); at the end of the third, 9 March 2029,
    they are 18: no review."""
    assert rules.cbo_review_dates(made_on=dt.date(2026, 3, 10), expires_on=dt.date(2029, 3, 10),
                                  date_of_birth=dt.date(2010, 6, 1)) == [dt.date(2027, 3, 9), dt.date(2028, 3, 9)]
    # An order ending before a period's end needs no review for that period.
    assert rules.cbo_review_dates(made_on=dt.date(2026, 3, 10), expires_on=dt.date(2027, 3, 10),
                                  date_of_birth=dt.date(2010, 6, 1)) == [dt.date(2027, 3, 9)]
    assert rules.cbo_review_dates(made_on=dt.date(2026, 3, 10), expires_on=None,
                                  date_of_birth=dt.date(1990, 1, 1)) == []


# --- PSPOs (Part 4, Chapter 2) --------------------------------------------------------------------

PSPO = {"agency_kind": "local_authority", "consulted_on": dt.date(2026, 1, 10), "made_on": dt.date(2026, 3, 1),
        "prohibitions": "No drinking when asked to stop", "requirements": ""}


def test_a_pspo_lasts_at_most_3_years():
    rules.check_pspo(**PSPO, expires_on=dt.date(2029, 3, 1))
    with pytest.raises(RuleError, match=r"at most 3 years \(section 60\(1\)\)"):
        rules.check_pspo(**PSPO, expires_on=dt.date(2029, 3, 2))


def test_a_pspo_is_the_councils_after_consultation_and_says_what_it_prohibits():
    with pytest.raises(RuleError, match="section 59"):
        rules.check_pspo(**{**PSPO, "agency_kind": "police"}, expires_on=dt.date(2027, 3, 1))
    with pytest.raises(RuleError, match=r"section 72\(3\)"):
        rules.check_pspo(**{**PSPO, "consulted_on": None}, expires_on=dt.date(2027, 3, 1))
    with pytest.raises(RuleError, match=r"section 59\(4\)"):
        rules.check_pspo(**{**PSPO, "prohibitions": ""}, expires_on=dt.date(2027, 3, 1))


def test_a_pspo_extension_is_before_expiry_after_consulting_for_up_to_3_years():
    ends = dt.date(2029, 3, 1)
    rules.check_pspo_extension(expires_on=ends, new_expiry=dt.date(2032, 3, 1), on=ends, consulted=True)
    with pytest.raises(RuleError, match=r"at most 3 years \(section 60\(2\)\)"):
        rules.check_pspo_extension(expires_on=ends, new_expiry=dt.date(2032, 3, 2), on=ends, consulted=True)
    with pytest.raises(RuleError, match="only before it expires"):
        rules.check_pspo_extension(expires_on=ends, new_expiry=dt.date(2030, 3, 1), on=dt.date(2029, 3, 2),
                                   consulted=True)
    with pytest.raises(RuleError, match=r"section 72\(3\)"):
        rules.check_pspo_extension(expires_on=ends, new_expiry=dt.date(2030, 3, 1), on=ends, consulted=False)


def test_a_pspo_may_be_challenged_within_6_weeks_beginning_with_the_day_made():
    assert rules.pspo_challenge_by(dt.date(2026, 3, 1)) == dt.date(2026, 4, 11)  # day 1 is 1 March; day 42 is 11 April


# --- Acceptable Behaviour Contracts ---------------------------------------------------------------

def test_an_abc_is_voluntary_and_kept_to_a_year():
    rules.check_abc(made_on=dt.date(2026, 3, 1), expires_on=dt.date(2026, 9, 1), agreed=True)
    with pytest.raises(RuleError, match="voluntary"):
        rules.check_abc(made_on=dt.date(2026, 3, 1), expires_on=dt.date(2026, 9, 1), agreed=False)
    with pytest.raises(RuleError, match="12 months"):
        rules.check_abc(made_on=dt.date(2026, 3, 1), expires_on=dt.date(2027, 3, 2), agreed=True)


def test_the_notice_names_a_hearing_within_48_hours_of_service():
    rules.check_closure_hearing(served_at=SERVED, hearing_at=hours(48), court="Demo Magistrates' Court")
    with pytest.raises(RuleError, match=r"section 80\(3\)\): by 20:00 on 12 March 2026"):
        rules.check_closure_hearing(served_at=SERVED, hearing_at=hours(49), court="Demo Magistrates' Court")
    with pytest.raises(RuleError, match=r"section 76\(5\)\(e\)"):
        rules.check_closure_hearing(served_at=SERVED, hearing_at=hours(20), court="")
