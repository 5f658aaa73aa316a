"""Known answers for the 2014 Act's rules, the risk matrix and the file checks (no database)."""

import datetime as dt
import io
import zipfile

import pytest

from saferplaces.asb import files, risk, rules

D = dt.date
POLICY = rules.Policy()


def test_age_counts_completed_years():
    assert rules.age_on(D(2008, 6, 15), D(2024, 6, 14)) == 15
    assert rules.age_on(D(2008, 6, 15), D(2024, 6, 15)) == 16
    assert rules.age_on(D(2008, 2, 29), D(2024, 2, 28)) == 15


def test_recipients_are_16_or_over_or_a_business():
    rules.check_recipient(is_business=False, date_of_birth=D(2008, 6, 15), on=D(2024, 6, 15))
    rules.check_recipient(is_business=True, date_of_birth=None, on=D(2024, 6, 15))
    with pytest.raises(rules.RuleError, match="is 15"):
        rules.check_recipient(is_business=False, date_of_birth=D(2008, 6, 15), on=D(2024, 6, 14))
    with pytest.raises(rules.RuleError, match="date of birth"):
        rules.check_recipient(is_business=False, date_of_birth=None, on=D(2024, 6, 14))


def test_notice_dates_appeal_window_begins_with_the_day_of_issue():
    # Issued 1 March: day 1 is 1 March, day 21 is 21 March.
    assert rules.notice_dates(D(2024, 3, 1), POLICY) == (D(2024, 3, 21), D(2025, 3, 1))
    assert rules.notice_dates(D(2024, 1, 31), rules.Policy(cpn_months=1)) == (D(2024, 2, 20), D(2024, 2, 29))


def test_warning_dates():
    assert rules.warning_dates(D(2024, 3, 1), POLICY) == (D(2024, 3, 15), D(2024, 9, 1))
    assert rules.warning_dates(D(2024, 3, 1), rules.Policy(comply_days=28, cpw_months=3)) == (D(2024, 3, 29),
                                                                                             D(2024, 6, 1))


def _follows(**overrides):
    kwargs = dict(warning_kind="cpw", warning_status="active", comply_by=D(2024, 3, 15),
                  warning_expires=D(2024, 9, 1), on=D(2024, 3, 20))
    kwargs.update(overrides)
    rules.check_notice_follows(**kwargs)


def test_a_notice_follows_a_live_warning_once_its_time_is_up():
    _follows()
    _follows(on=D(2024, 3, 15))  # the last day to comply has passed by the end of it: allowed on the day
    with pytest.raises(rules.RuleError, match="must follow a Community Protection Warning"):
        _follows(warning_kind="cpn")
    with pytest.raises(rules.RuleError, match="only after that"):
        _follows(on=D(2024, 3, 14))
    with pytest.raises(rules.RuleError, match="already led to a notice"):
        _follows(warning_status="escalated")
    with pytest.raises(rules.RuleError, match="withdrawn"):
        _follows(warning_status="withdrawn")
    with pytest.raises(rules.RuleError, match="lapsed"):
        _follows(on=D(2024, 9, 2))


def _step(kind, on=None, earlier=(), **overrides):
    on = on or D(2024, 4, 10)
    kwargs = dict(kind=kind, on=on, notice_kind="cpn", notice_status="active", issued_on=D(2024, 3, 1),
                  appeal_by=D(2024, 3, 21), expires_on=D(2025, 3, 1), earlier=earlier, amount=100)
    kwargs.update(overrides)
    rules.check_step(**kwargs)


def test_sanctions_follow_a_breach():
    breach = [("breach", D(2024, 4, 1))]
    _step("breach")
    for kind in ("fpn", "prosecution", "remedial"):
        _step(kind, earlier=breach)
        with pytest.raises(rules.RuleError, match="Record the breach first"):
            _step(kind)
    with pytest.raises(rules.RuleError, match="Record the breach first"):
        _step("fpn", on=D(2024, 3, 30), earlier=breach)  # a sanction before the breach it punishes


def test_fixed_penalty_is_at_most_100_pounds_and_not_beside_a_prosecution():
    breach = [("breach", D(2024, 4, 1))]
    with pytest.raises(rules.RuleError, match="at most £100"):
        _step("fpn", earlier=breach, amount=101)
    with pytest.raises(rules.RuleError, match="prosecuted"):
        _step("fpn", earlier=breach + [("prosecution", D(2024, 4, 5))])
    assert rules.fpn_pay_by(D(2024, 4, 10), POLICY) == D(2024, 4, 24)


def test_forfeiture_needs_a_prosecution():
    with pytest.raises(rules.RuleError, match="on conviction"):
        _step("forfeiture", earlier=[("breach", D(2024, 4, 1))])
    _step("forfeiture", earlier=[("breach", D(2024, 4, 1)), ("prosecution", D(2024, 4, 5))])


def test_appeal_within_the_window_once_and_nothing_on_a_warning():
    _step("appeal", on=D(2024, 3, 21))
    with pytest.raises(rules.RuleError, match="appeal window closed on 21 March 2024"):
        _step("appeal", on=D(2024, 3, 22))
    with pytest.raises(rules.RuleError, match="already recorded"):
        _step("appeal", on=D(2024, 3, 10), earlier=[("appeal", D(2024, 3, 5))])
    with pytest.raises(rules.RuleError, match="not a warning"):
        _step("breach", notice_kind="cpw")
    with pytest.raises(rules.RuleError, match="expired"):
        _step("breach", on=D(2025, 3, 2))
    with pytest.raises(rules.RuleError, match="quashed"):
        _step("breach", notice_status="quashed")


def test_community_trigger_threshold():
    on = D(2024, 7, 1)
    dates = [D(2024, 1, 1), D(2024, 1, 2), D(2024, 6, 30)]  # 1 January is exactly six months back: outside
    assert rules.complaints_in_window(dates, on, 6) == 2
    assert not rules.trigger_met(dates, on, POLICY)
    assert rules.trigger_met(dates + [D(2024, 3, 3)], on, POLICY)
    assert rules.trigger_met(dates, on, rules.Policy(trigger_complaints=2))


def test_risk_matrix_known_answers():
    assert risk.MAX_SCORE == 24
    assert risk.assess([]) == risk.Assessment(0, "standard", "standard", False)
    assert risk.assess(["frequent", "escalating", "reported_before"]) == risk.Assessment(5, "standard", "standard",
                                                                                        False)
    assert risk.assess(["targeted", "vulnerable"]).matrix_level == "medium"  # 6
    eleven = risk.assess(["targeted", "vulnerable", "violence", "reported_before", "isolated"])
    assert (eleven.score, eleven.level) == (11, "medium")
    twelve = risk.assess(["targeted", "vulnerable", "violence", "afraid", "property"])
    assert (twelve.score, twelve.level) == (12, "high")
    raised = risk.assess(["isolated"], "high")
    assert (raised.score, raised.matrix_level, raised.level, raised.raised) == (1, "standard", "high", True)
    assert risk.assess(risk.CODES, "medium").level == "high"  # judgement never lowers
    with pytest.raises(ValueError):
        risk.score(["nonsense"])


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize("name,data,kind", [
    ("a.pdf", b"%PDF-1.7\n...", "application/pdf"),
    ("photo.JPG", b"\xff\xd8\xff\xe0rest", "image/jpeg"),
    ("p.png", b"\x89PNG\r\n\x1a\nrest", "image/png"),
    ("notes.txt", "Noise at 2am, neighbour’s flat".encode(), "text/plain"),
    ("statement.docx", _docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
])
def test_allowed_files_are_recognised_by_content(name, data, kind):
    assert files.check(name, data, max_bytes=1000)[1] == kind


@pytest.mark.parametrize("name,data,message", [
    ("photo.jpg", b"<html><script>alert(1)</script></html>", "content is none of those"),
    ("notes.txt", b"<!DOCTYPE html><p>hi", "content is none of those"),
    ("image.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "content is none of those"),
    ("run.exe", b"MZ\x90\x00\x03", "content is none of those"),
    ("a.zip", b"PK\x03\x04 not a real zip", "content is none of those"),
    ("statement.pdf", b"\x89PNG\r\n\x1a\nrest", "rename it to end .png"),
    ("report.html", b"%PDF-1.4", "rename it to end .pdf"),
    ("empty.txt", b"", "empty"),
    ("big.txt", b"x" * 1001, "smaller than"),
])
def test_other_files_are_refused_with_the_reason(name, data, message):
    with pytest.raises(files.FileRejected, match=message):
        files.check(name, data, max_bytes=1000)


def test_file_names_are_made_safe():
    assert files.safe_filename("../../etc/passwd") == "passwd"
    assert files.safe_filename("C:\\Users\\me\\my photo (1).jpg") == "my_photo__1_.jpg"
    assert files.safe_filename('a"b;.pdf') == "a_b_.pdf"
