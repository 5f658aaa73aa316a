"""Register rules, DASH and MARAC figures on small hand-checked inputs."""

import datetime as dt

import pytest

from saferplaces.core.dates import add_months
from saferplaces.victims import dash, marac, rules

D = dt.date


def ev(i, kind, on):
    return rules.Event(i, kind, kind.title(), on)


def test_add_months_clamps_to_month_end():
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2024, 3, 15), -12) == D(2023, 3, 15)


def test_two_same_type_victimisations_in_twelve_months_flag_and_older_ones_do_not():
    on = D(2025, 6, 30)
    flagged = rules.flags([ev(1, "burglary", D(2024, 7, 1)), ev(2, "burglary", D(2025, 6, 1))], [], on)
    assert [f.rule for f in flagged] == ["same_type"]
    assert flagged[0].events == (1, 2)
    assert "2 burglary victimisations" in flagged[0].reason
    # 30 June 2024 is exactly 12 months before: outside the window.
    assert rules.flags([ev(1, "burglary", D(2024, 6, 30)), ev(2, "burglary", D(2025, 6, 1))], [], on) == []
    # Two different types are not a same-type repeat.
    assert rules.flags([ev(1, "burglary", D(2025, 1, 1)), ev(2, "theft", D(2025, 6, 1))], [], on) == []


def test_three_asb_reports_in_six_months_meet_the_community_trigger():
    on = D(2025, 6, 30)
    events = [ev(1, "asb", D(2025, 1, 1)), ev(2, "asb", D(2025, 3, 1)), ev(3, "asb", D(2025, 6, 1))]
    codes = [f.rule for f in rules.flags(events, [], on)]
    # ASB repeats are judged by their own threshold only: not also as a same-type repeat.
    assert codes == ["community_trigger"]
    assert rules.flags(events[:2], [], on) == []
    older = [ev(1, "asb", D(2024, 12, 30)), ev(2, "asb", D(2025, 3, 1)), ev(3, "asb", D(2025, 6, 1))]
    assert "community_trigger" not in [f.rule for f in rules.flags(older, [], on)]


def test_domestic_abuse_within_twelve_months_of_last_marac_referral_is_a_repeat():
    on = D(2025, 6, 30)
    flag = [f for f in rules.flags([ev(1, "domestic_abuse", D(2025, 5, 1))], [D(2024, 8, 1)], on)
            if f.rule == "marac_repeat"]
    assert flag and "1 August 2024" in flag[0].reason
    # Before the referral, or more than 12 months after it: not a repeat.
    assert not rules.flags([ev(1, "domestic_abuse", D(2024, 7, 1))], [D(2024, 8, 1)], on)
    assert not [f for f in rules.flags([ev(1, "domestic_abuse", D(2025, 8, 2))], [D(2024, 8, 1)], D(2025, 9, 1))
                if f.rule == "marac_repeat"]


def test_dash_has_24_distinct_questions_and_14_yes_is_high_risk():
    assert len(dash.QUESTIONS) == 24 and len(set(dash.CODES)) == 24
    assert dash.score(dash.CODES[:14]) == 14
    assert dash.is_high_risk(14, False) and not dash.is_high_risk(13, False)
    assert dash.is_high_risk(3, True)
    with pytest.raises(ValueError):
        dash.score(["not_a_question"])


def test_marac_repeat_is_a_referral_within_twelve_months_of_the_previous_one():
    referrals = [
        marac.MaracReferral(1, "P-A", D(2024, 5, 10), "Police"),
        marac.MaracReferral(2, "P-A", D(2025, 5, 10), "Victim Support"),  # exactly 12 months: repeat
        marac.MaracReferral(3, "P-B", D(2024, 4, 1), "Police"),
        marac.MaracReferral(4, "P-B", D(2025, 5, 2), "Police"),  # 13 months: a new case
        marac.MaracReferral(5, "P-C", D(2025, 6, 1), "Housing"),
    ]
    assert marac.repeat_ids(referrals) == {2}
    start, end = marac.quarter_of(D(2025, 5, 20))
    assert (start, end) == (D(2025, 4, 1), D(2025, 6, 30))
    q = marac.quarter_figures(referrals, start, end)
    assert (q.cases, q.repeats) == (3, 1)
    assert q.repeat_rate == pytest.approx(1 / 3)
    assert q.by_agency == (("Housing", 1), ("Police", 1), ("Victim Support", 1))
    assert q.label == "April–June 2025"
