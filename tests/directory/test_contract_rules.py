"""The rules of a contract's quarterly returns, on hand-worked dates and figures."""

import datetime as dt

from saferplaces.directory import contracts
from saferplaces.directory.contracts import Rule

D = dt.date


def test_quarters_owed_are_those_overlapping_the_term_that_have_ended():
    # A term from 15 May 2025 to 10 Feb 2026, seen on 1 Jan 2026: Apr–Jun, Jul–Sep, Oct–Dec 2025.
    assert contracts.quarters_owed(D(2025, 5, 15), D(2026, 2, 10), D(2026, 1, 1)) == [
        (D(2025, 4, 1), D(2025, 6, 30)), (D(2025, 7, 1), D(2025, 9, 30)), (D(2025, 10, 1), D(2025, 12, 31))]
    # On the last day of a quarter it has not ended yet.
    assert contracts.quarters_owed(D(2025, 4, 1), D(2026, 3, 31), D(2025, 6, 30)) == []


def test_a_return_is_overdue_the_day_after_the_end_of_the_month_after_its_quarter():
    # Jul–Sep 2025 is due by 31 October 2025.
    on_the_day = contracts.returns_owed(D(2025, 7, 1), D(2026, 6, 30), [], D(2025, 10, 31))
    assert [(o.period_start, o.due_on, o.status) for o in on_the_day] == [(D(2025, 7, 1), D(2025, 10, 31), "due")]
    day_after = contracts.returns_owed(D(2025, 7, 1), D(2026, 6, 30), [], D(2025, 11, 1))
    assert [o.status for o in day_after] == ["overdue"]
    received = contracts.returns_owed(D(2025, 7, 1), D(2026, 6, 30), [D(2025, 7, 1)], D(2026, 3, 1))
    # Latest first: Oct–Dec (due 31 Jan 2026) is overdue on 1 March; Jul–Sep was received.
    assert [(o.period_start, o.status) for o in received] == [(D(2025, 10, 1), "overdue"), (D(2025, 7, 1), "received")]


RULES = [Rule("total", "Service users"), Rule("female", "Female", part_of="total", breakdown="sex"),
         Rule("male", "Male", part_of="total", breakdown="sex"),
         Rule("share", "Share safer", maximum=100, whole_number=False),
         Rule("notes", "Notes", required=False)]


def test_a_valid_return_has_no_problems():
    assert contracts.return_problems(RULES, {"total": 10, "female": 6, "male": 4, "share": 62.5}) == []


def test_every_required_figure_must_be_given_and_an_optional_one_may_be_left_out():
    problems = contracts.return_problems(RULES, {"total": 10, "female": 6, "male": 4})
    assert problems == [("share", "share (Share safer) is required")]


def test_ranges_whole_numbers_and_unknown_figures():
    problems = contracts.return_problems(RULES, {"total": 10.5, "female": -1, "male": 4, "share": 101, "extra": 1})
    assert problems == [("extra", "extra is not a figure of this contract's return"),
                        ("total", "total must be a whole number"),
                        ("female", "female must be 0 or more"),
                        ("share", "share must be 100 or less")]


def test_the_parts_of_a_breakdown_must_add_up_to_the_total():
    problems = contracts.return_problems(RULES, {"total": 10, "female": 6, "male": 3, "share": 50})
    assert problems == [("total", "the parts of total by sex (female, male) add up to 9, not 10")]
