"""The quarterly return and age bands, worked by hand on small inputs."""

import datetime as dt

import pytest

from saferplaces.marac import rules

D = dt.date


def case(on, repeat=False, agency="MPS", police=True, age="25_34", gender="female", trans="no", ethnicity="unknown",
         disability="no", orientation="heterosexual", pregnant="no", children=0):
    return rules.CaseRow(on, repeat, agency, police, age, gender, trans, ethnicity, disability, orientation, pregnant,
                         children)


@pytest.mark.parametrize(("born", "on", "band"), [
    (D(2009, 3, 5), D(2025, 3, 4), "under_16"),  # 15: sixteenth birthday tomorrow
    (D(2009, 3, 4), D(2025, 3, 4), "16_17"),
    (D(2007, 3, 5), D(2025, 3, 4), "16_17"),  # 17 until tomorrow
    (D(2007, 3, 4), D(2025, 3, 4), "18_24"),
    (D(1990, 1, 1), D(2025, 3, 4), "35_44"),
    (D(1960, 3, 4), D(2025, 3, 4), "65_plus"),
    (None, D(2025, 3, 4), "unknown"),
])
def test_age_band_on_the_referral_date(born, on, band):
    assert rules.age_band(born, on) == band


def test_quarterly_return_counts_the_safelives_fields_by_hand():
    cases = [
        case(D(2025, 1, 10), agency="MPS", ethnicity="black", disability="yes", children=2),
        case(D(2025, 2, 14), repeat=True, agency="VS", police=False, age="16_17", gender="male",
             ethnicity="white_british", orientation="gay_lesbian", pregnant="unknown"),
        case(D(2025, 3, 31), agency="MPS", age="35_44", trans="yes", ethnicity="white_other", disability="unknown",
             pregnant="yes", children=3),
        case(D(2025, 4, 1), repeat=True, agency="VS", police=False, children=9),  # next quarter
        case(D(2024, 12, 31), repeat=True, children=9),  # last quarter
    ]
    attendance = [
        rules.AttendanceRow(1, D(2025, 1, 10), "MPS", "present"),
        rules.AttendanceRow(2, D(2025, 2, 14), "MPS", "present"),
        rules.AttendanceRow(3, D(2025, 3, 31), "MPS", "present"),
        rules.AttendanceRow(1, D(2025, 1, 10), "VS", "present"),
        rules.AttendanceRow(2, D(2025, 2, 14), "VS", "apologies"),
        rules.AttendanceRow(3, D(2025, 3, 31), "VS", "absent"),
        rules.AttendanceRow(3, D(2025, 3, 31), "NPS", "expected"),  # never recorded: counts as absent
        rules.AttendanceRow(4, D(2025, 4, 1), "NPS", "present"),
    ]
    dates = [D(2025, 1, 10), D(2025, 2, 14), D(2025, 3, 31), D(2025, 4, 1)]
    q = rules.quarterly_return(cases, attendance, dates, D(2025, 1, 1), D(2025, 3, 31))
    assert (q.meetings, q.cases, q.repeats) == (3, 3, 1)
    assert q.repeat_rate == pytest.approx(100 / 3)
    assert (q.police_referrals, q.other_referrals) == (2, 1)
    assert q.children == 5
    assert q.bame == 1  # Black; White British, White other and not known are not counted
    assert q.disability == 1
    assert q.lgbt == 2  # the gay man and the trans woman
    assert (q.male, q.aged_16_17, q.pregnant) == (1, 1, 1)
    assert q.by_agency == (("MPS", 2), ("VS", 1))
    assert dict(q.breakdowns["ethnicity"]) == {"black": 1, "white_british": 1, "white_other": 1}
    assert q.attendance == (
        rules.AgencyAttendance("MPS", 3, 3, 0, 0),
        rules.AgencyAttendance("NPS", 1, 0, 0, 1),
        rules.AgencyAttendance("VS", 3, 1, 1, 1),
    )
    assert q.attendance[0].rate == 100.0
    assert q.attendance_rate == pytest.approx(100 * 4 / 7)
    assert q.label == "January–March 2025"


def test_an_empty_quarter_has_no_rates():
    q = rules.quarterly_return([], [], [], D(2025, 1, 1), D(2025, 3, 31))
    assert (q.cases, q.repeat_rate, q.attendance_rate, q.meetings) == (0, None, None, 0)
