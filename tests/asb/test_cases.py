"""ASB casework through the web app and its services: opening with similar cases offered, parties,
incidents, risk, tasks, status, evidence files, warnings, notices, breaches and case reviews."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from saferplaces.asb import enforcement, selectors, services
from saferplaces.asb.models import AsbCase, CaseStatus, NoticeStatus, ProtectionNotice, Task
from saferplaces.audit.models import ChangeRecord
from saferplaces.people.models import PersonLink
from saferplaces.plans import measures
from tests.asb.builders import TODAY, days_ago, make_case, make_notice, make_party, make_warning
from tests.factories import AgreementFactory

OPEN = {"title": "Noise", "location": "Demo Court", "case_postcode": "W2 5EH", "summary": "", "role": "complainant",
        "is_business": "person", "person": "", "name": "Mo Quiet", "date_of_birth": "", "address": "", "postcode": ""}


@pytest.fixture
def asb(world):
    AgreementFactory(parties=[world.own, world.partner], data_categories=["asb", "enforcement"])
    return world


def _justify(client, url):
    client.post(url, {"justification-form": "1", "reason": "casework"})


def test_opening_offers_a_similar_open_case_at_the_same_postcode_first(client, asb):
    existing = make_case(asb.partner, postcode="W2 5EH", location="Other place")
    client.force_login(asb.users["caseworker"])
    response = client.post(reverse("asb:case_create"), OPEN)
    html = response.content.decode()
    assert response.status_code == 200 and "Similar open cases" in html and existing.reference in html
    assert AsbCase.objects.count() == 1
    response = client.post(reverse("asb:case_create"), {**OPEN, "confirm_new": "1"})
    case = AsbCase.objects.exclude(pk=existing.pk).get()
    assert response.status_code == 302 and response["Location"] == reverse("asb:case_detail", kwargs={"pk": case.pk})
    assert case.owner_agency == asb.own and case.lead_officer == asb.users["caseworker"]
    # The person typed in is a person record of the caseworker's agency, linked (not copied).
    party = case.parties.get()
    assert party.name == "" and str(party.person) == "Mo Quiet" and party.person.owner_agency == asb.own


def test_no_similar_case_opens_at_once(client, asb):
    make_case(asb.own, postcode="NW8 1AA", location="Elsewhere")
    closed = make_case(asb.own, status=CaseStatus.CLOSED)  # same place, but closed
    old = make_case(asb.own, opened_on=days_ago(400))  # same place, long quiet
    hidden = make_case(asb.other)  # same place, but not visible to the own agency
    client.force_login(asb.users["caseworker"])
    response = client.post(reverse("asb:case_create"), OPEN)
    assert response.status_code == 302
    assert AsbCase.objects.count() == 5 and {closed, old, hidden} < set(AsbCase.objects.all())


def test_similar_cases_by_the_same_linked_person(client, asb):
    held, partners = asb.people["own"], asb.people["agreement"]
    for person in (held, partners):
        PersonLink.objects.create(person=person, person_key="P-1")
    existing = make_case(asb.partner, postcode="", location="Far away")
    make_party(existing, name="Parker Shared", person=partners)
    client.force_login(asb.users["caseworker"])
    response = client.post(reverse("asb:case_create"), {**OPEN, "case_postcode": "", "name": "",
                                                         "person": str(held.pk), "role": "perpetrator"})
    assert existing.reference in response.content.decode()
    response = client.post(reverse("asb:case_create"), {**OPEN, "case_postcode": "", "name": "", "confirm_new": "1",
                                                         "person": str(held.pk), "role": "perpetrator"})
    party = AsbCase.objects.exclude(pk=existing.pk).get().parties.get()
    # A reference, not a copy: the details are the person record's.
    assert party.person == held and (party.name, party.date_of_birth, party.postcode) == ("", None, "")
    assert party.details()[:2] == ("Olive Owned", held.date_of_birth)


def test_case_page_shows_parts_reasons_and_history_and_logs_the_view(client, asb):
    case = make_case(asb.own)
    make_party(case)
    client.force_login(asb.users["caseworker"])
    url = reverse("asb:case_detail", kwargs={"pk": case.pk})
    assert "Why do you need to see this?" in client.get(url).content.decode()
    _justify(client, url)
    services.incident_add(actor=asb.users["caseworker"], case=case, occurred_at=timezone.now(), location="Court",
                          kind="noise", description="Music at 3am", reporting_agency=asb.partner)
    html = client.get(url).content.decode()
    assert "Sam Loud" in html and "Music at 3am" in html and "holds this record" in html
    assert "History of changes" in html and "asb.incident" in html


def test_risk_assessment_through_the_form(client, asb):
    case = make_case(asb.own)
    client.force_login(asb.users["caseworker"])
    _justify(client, reverse("asb:case_detail", kwargs={"pk": case.pk}))  # the form shows the case: a reason first
    url = reverse("asb:risk_assess", kwargs={"pk": case.pk})
    response = client.post(url, {"answers": ["targeted", "vulnerable"], "judgement_level": "high"})
    assert "Give the reason for raising the risk level" in response.content.decode()
    client.post(url, {"answers": ["targeted", "vulnerable"], "judgement_level": "high", "judgement": "Hate crime"})
    case.refresh_from_db()
    assert (case.risk_score, case.risk_level, case.risk_answers) == (6, "high", ["targeted", "vulnerable"])


def test_a_task_for_an_officer_of_another_agency_lets_them_take_part_and_shows_in_their_reminders(client, asb):
    from tests.factories import UserFactory

    case = make_case(asb.own)
    outsider = UserFactory(agency=asb.other, role="caseworker")
    client.force_login(outsider)
    assert client.get(reverse("asb:case_detail", kwargs={"pk": case.pk})).status_code == 404
    services.task_add(actor=asb.users["caseworker"], case=case, title="Check CCTV", assigned_agency=asb.other,
                      assigned_to=outsider, due_on=days_ago(2))
    services.task_add(actor=asb.users["caseworker"], case=case, title="Letter drop", assigned_agency=asb.other,
                      assigned_to=outsider, due_on=days_ago(-3))
    html = client.get(reverse("asb:my_tasks")).content.decode()
    assert "Overdue (1)" in html and "Check CCTV" in html and "Due in the next 7 days (1)" in html
    task = Task.objects.get(title="Check CCTV")
    response = client.post(reverse("asb:task_done", kwargs={"pk": task.pk}), {"next": "mine"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.done_on == TODAY
    assert "Overdue (0)" in client.get(reverse("asb:my_tasks")).content.decode()


def test_status_lifecycle_refuses_invalid_moves_with_the_reason(client, asb):
    case = make_case(asb.own)
    client.force_login(asb.users["caseworker"])
    _justify(client, reverse("asb:case_detail", kwargs={"pk": case.pk}))  # the form shows the case: a reason first
    url = reverse("asb:case_status", kwargs={"pk": case.pk})
    html = client.post(url, {"status": "monitoring"}).content.decode()
    assert "A case that is open cannot move to monitoring; it can move to: under investigation" in html
    html = client.post(url, {"status": "closed", "outcome": "resolved", "notes": "Stopped"}).content.decode()
    assert "move it to under investigation first" in html
    client.post(url, {"status": "investigating"})
    Task.objects.create(case=case, title="Visit", assigned_agency=asb.own, due_on=TODAY)
    html = client.post(url, {"status": "closed", "outcome": "resolved", "notes": "Stopped"}).content.decode()
    assert "1 task is still open" in html
    Task.objects.update(done_on=TODAY)
    client.post(url, {"status": "closed", "outcome": "resolved", "notes": "Stopped"})
    case.refresh_from_db()
    assert (case.status, case.closed_on, case.outcome) == (CaseStatus.CLOSED, TODAY, "resolved")
    assert ChangeRecord.objects.filter(record_type="asb.asbcase", record_id=str(case.pk)).count() == 3


def test_evidence_upload_checks_content_and_stores_outside_url_space(client, asb):
    case = make_case(asb.own)
    client.force_login(asb.users["caseworker"])
    _justify(client, reverse("asb:case_detail", kwargs={"pk": case.pk}))  # the form shows the case: a reason first
    url = reverse("asb:attachment_add", kwargs={"pk": case.pk})
    bad = SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    assert "content is none of those" in client.post(url, {"file": bad}).content.decode()
    good = SimpleUploadedFile("statement.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    assert client.post(url, {"file": good, "description": "Witness statement"}).status_code == 302
    attachment = case.attachments.get()
    stored = Path(settings.ASB["ATTACHMENT_DIR"]) / attachment.stored_name
    assert stored.read_bytes() == b"%PDF-1.4 evidence"
    assert not stored.is_relative_to(settings.MEDIA_ROOT) and not stored.is_relative_to(settings.STATIC_ROOT)
    assert attachment.content_type == "application/pdf" and len(attachment.sha256) == 64


def test_warning_refused_for_a_15_year_old_with_the_reason_in_the_form(client, asb):
    case = make_case(asb.own)
    young = make_party(case, name="Kid Young", dob=TODAY.replace(year=TODAY.year - 15))
    client.force_login(asb.users["caseworker"])
    _justify(client, case.get_absolute_url())  # the form shows the case: a reason first
    response = client.post(reverse("asb:warning_create", kwargs={"pk": case.pk}),
                           {"party": str(young.pk), "conduct": "Graffiti", "conditions": "Stop",
                            "issued_on": TODAY.isoformat()})
    assert "The recipient is 15: a warning or notice may only be given to someone aged 16" in response.content.decode()
    assert not ProtectionNotice.objects.exists()


def test_warning_to_a_business_then_notice_after_the_time_to_comply(client, asb):
    case = make_case(asb.own)
    shop = make_party(case, name="Late Bar Ltd", dob=None, is_business=True)
    user = asb.users["caseworker"]
    warning = enforcement.warning_issue(actor=user, case=case, party=shop, conduct="Noise", conditions="Close at 11",
                                        issued_on=days_ago(10))
    assert warning.comply_by == days_ago(10) + dt.timedelta(days=14)
    client.force_login(user)
    _justify(client, warning.get_absolute_url())  # the form shows the warning: a reason first
    url = reverse("asb:notice_create", kwargs={"pk": warning.pk})
    form = {"conduct": "Noise", "conditions": "Close at 11", "issued_on": TODAY.isoformat()}
    assert "a notice may be issued only after that" in client.post(url, form).content.decode()
    warning.issued_on, warning.comply_by = days_ago(20), days_ago(6)
    warning.save()
    response = client.post(url, form)
    notice = ProtectionNotice.objects.get(kind="cpn")
    assert response.status_code == 302 and response["Location"] == reverse("asb:notice_detail",
                                                                           kwargs={"pk": notice.pk})
    assert notice.appeal_by == TODAY + dt.timedelta(days=20) and notice.warning == warning
    warning.refresh_from_db()
    assert warning.status == NoticeStatus.ESCALATED
    assert "already led to a notice" in client.post(url, form).content.decode()


def test_breach_then_fixed_penalty_and_refusals(client, asb):
    case = make_case(asb.own)
    notice = make_notice(make_warning(case, make_party(case)))
    client.force_login(asb.users["caseworker"])
    for record in (notice, notice.warning):  # the forms show them: a reason first
        _justify(client, record.get_absolute_url())
    url = reverse("asb:step_add", kwargs={"pk": notice.pk})
    html = client.post(url, {"kind": "fpn", "on": TODAY.isoformat(), "details": "FPN"}).content.decode()
    assert "Record the breach first" in html
    client.post(url, {"kind": "breach", "on": days_ago(1).isoformat(), "details": "Music at 1am"})
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.BREACHED
    html = client.post(url, {"kind": "fpn", "on": TODAY.isoformat(), "details": "FPN",
                             "amount": "150"}).content.decode()
    assert "at most £100" in html
    client.post(url, {"kind": "fpn", "on": TODAY.isoformat(), "details": "Handed over"})
    fpn = notice.steps.get(kind="fpn")
    assert (fpn.amount, fpn.pay_by) == (100, TODAY + dt.timedelta(days=14))
    html = client.post(url, {"kind": "breach", "on": TODAY.isoformat(), "details": "x"}).content.decode()
    assert "not a warning" not in html  # a second breach of a notice is allowed
    warning = notice.warning
    html = client.post(reverse("asb:step_add", kwargs={"pk": warning.pk}),
                       {"kind": "breach", "on": TODAY.isoformat(), "details": "x"}).content.decode()
    assert "apply to a Community Protection Notice, not a warning" in html


def test_printable_notice_and_warning_letter(client, asb):
    case = make_case(asb.own)
    notice = make_notice(make_warning(case, make_party(case)))
    client.force_login(asb.users["caseworker"])
    url = reverse("asb:notice_print", kwargs={"pk": notice.pk})
    _justify(client, url)
    html = client.get(url).content.decode()
    assert "Community Protection Notice" in html and notice.appeal_by.strftime("%-d %B %Y") in html
    assert "asb-print.css" in html and "Sam Loud" in html
    url = reverse("asb:notice_print", kwargs={"pk": notice.warning.pk})
    _justify(client, url)
    html = client.get(url).content.decode()
    assert "Community Protection Warning" in html and notice.warning.comply_by.strftime("%-d %B %Y") in html


def test_case_review_threshold_clock_and_partner_contribution(client, asb):
    from tests.factories import UserFactory

    case = make_case(asb.own)
    for days in (100, 50, 10):
        services.incident_add(actor=asb.users["caseworker"], case=case, kind="noise", location="Court",
                              description="Noise", reporting_agency=asb.own,
                              occurred_at=timezone.now() - dt.timedelta(days=days))
    client.force_login(asb.users["caseworker"])
    _justify(client, reverse("asb:case_detail", kwargs={"pk": case.pk}))
    assert "Community Trigger threshold met: 3 complaints" in client.get(
        reverse("asb:case_detail", kwargs={"pk": case.pk})).content.decode()
    client.post(reverse("asb:review_start", kwargs={"pk": case.pk}),
                {"applicant": "Mo Quiet", "requested_on": TODAY.isoformat()})
    review = case.review
    assert review.threshold_met and review.complaints == 3 and review.due_on == TODAY + dt.timedelta(days=28)
    html = client.post(reverse("asb:review_decide", kwargs={"pk": case.pk}), {"decision": "Mediation"}).content
    assert b"No partner has contributed yet" in html
    partner = UserFactory(agency=asb.partner, role="caseworker")  # sees the case through the agreement
    client.force_login(partner)
    client.post(reverse("asb:review_contribute", kwargs={"pk": case.pk}), {"text": "Two call-outs in March"})
    assert review.contributions.get().agency == asb.partner
    client.force_login(asb.users["caseworker"])
    client.post(reverse("asb:review_decide", kwargs={"pk": case.pk}), {"decision": "Mediation offered"})
    review.refresh_from_db()
    assert review.decided_on == TODAY and review.status == "decided"


def test_case_review_below_threshold_is_recorded_as_not_met(asb):
    case = make_case(asb.own)
    review = services.review_start(actor=asb.users["caseworker"], case=case, applicant="A")
    assert (review.threshold_met, review.complaints) == (False, 0)
    with pytest.raises(services.CaseError, match="already has a case review"):
        services.review_start(actor=asb.users["caseworker"], case=case, applicant="A")


def test_measures_count_cases_warnings_notices_and_closures(asb):
    case = make_case(asb.own, opened_on=dt.date(2024, 2, 1), status=CaseStatus.CLOSED, closed_on=dt.date(2024, 5, 1))
    make_case(asb.partner, opened_on=dt.date(2024, 4, 1))
    make_notice(make_warning(case, make_party(case), issued=dt.date(2024, 3, 1)), issued=dt.date(2024, 4, 2))
    q1, q2 = (dt.date(2024, 1, 1), dt.date(2024, 3, 31)), (dt.date(2024, 4, 1), dt.date(2024, 6, 30))
    assert measures.get("asb.cases_logged").compute(*q1) == 1.0
    assert measures.get("asb.cases_logged").compute(*q2) == 1.0
    assert measures.get("asb.warnings_issued").compute(*q1) == 1.0
    assert measures.get("asb.notices_issued").compute(*q1) == 0.0
    assert measures.get("asb.notices_issued").compute(*q2) == 1.0
    assert measures.get("asb.cases_closed").compute(*q2) == 1.0


def test_person_page_shows_the_cases_and_notices_of_the_person(client, asb):
    held = asb.people["own"]
    case = make_case(asb.own)
    party = make_party(case, name="Olive Owned", person=held)
    make_warning(case, party)
    hidden = make_case(asb.other, title="Hidden case")
    make_party(hidden, name="Olive Owned", person=held)
    client.force_login(asb.users["caseworker"])
    url = reverse("people:detail", kwargs={"pk": held.pk})
    _justify(client, url)
    html = client.get(url).content.decode()
    assert "Anti-social behaviour" in html and case.reference in html and "Alleged perpetrator" in html
    assert "Community Protection Warning" in html and hidden.reference not in html


def test_lead_officer_is_handed_over_within_the_lead_agency(client, asb):
    from tests.factories import UserFactory

    case = make_case(asb.own, lead_officer=asb.users["caseworker"])
    client.force_login(asb.users["caseworker"])
    _justify(client, reverse("asb:case_detail", kwargs={"pk": case.pk}))  # the form shows the case: a reason first
    url = reverse("asb:case_status", kwargs={"pk": case.pk})
    client.post(url, {"status": "open", "lead_officer": str(asb.users["manager"].pk)})
    case.refresh_from_db()
    assert case.lead_officer == asb.users["manager"] and case.status == "open"
    stranger = UserFactory(agency=asb.partner, role="caseworker")
    html = client.post(url, {"status": "open", "lead_officer": str(stranger.pk)}).content.decode()
    assert "Select a valid choice" in html  # only the lead agency's officers are offered
    with pytest.raises(services.CaseError, match="must work for the lead agency"):
        services.case_lead(actor=asb.users["caseworker"], case=case, lead_officer=stranger)


def test_a_task_for_a_named_person_of_another_agency_is_refused(client, asb):
    from tests.factories import UserFactory

    case = make_case(asb.own)
    officer = UserFactory(agency=asb.partner, role="caseworker")
    client.force_login(asb.users["caseworker"])
    _justify(client, reverse("asb:case_detail", kwargs={"pk": case.pk}))  # the form shows the case: a reason first
    url = reverse("asb:task_add", kwargs={"pk": case.pk})
    form = {"title": "Visit", "assigned_agency": str(asb.own.pk), "assigned_to": str(officer.pk),
            "due_on": TODAY.isoformat()}
    assert "does not work for Own Council" in client.post(url, form).content.decode()
    client.post(url, {**form, "assigned_agency": str(asb.partner.pk)})
    assert case.tasks.get().assigned_to == officer


def test_notice_status_changes_follow_the_rules(client, asb):
    case = make_case(asb.own)
    notice = make_notice(make_warning(case, make_party(case)), issued=days_ago(5))
    client.force_login(asb.users["caseworker"])
    for record in (notice, notice.warning):  # the forms show them: a reason first
        _justify(client, record.get_absolute_url())
    url = reverse("asb:notice_status", kwargs={"pk": notice.pk})
    assert "Only an appeal can quash a notice" in client.post(url, {"status": "quashed"}).content.decode()
    warning_url = reverse("asb:notice_status", kwargs={"pk": notice.warning.pk})
    html = client.post(warning_url, {"status": "withdrawn"}).content.decode()
    assert "It is escalated to a notice: its status can no longer change" in html
    enforcement.step_record(actor=asb.users["caseworker"], notice=notice, kind="appeal", on=TODAY,
                            details="Appeal lodged at the magistrates' court")
    client.post(url, {"status": "quashed"})
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.QUASHED
    html = client.post(reverse("asb:step_add", kwargs={"pk": notice.pk}),
                       {"kind": "breach", "on": TODAY.isoformat(), "details": "x"}).content.decode()
    assert "The notice was quashed: nothing more can be recorded against it" in html


def test_case_list_searches_visible_cases_and_logs_the_search(client, asb):
    from saferplaces.audit.models import AccessEvent

    mine = make_case(asb.own, title="Graffiti on the underpass")
    make_party(mine, name="Tag Artist")
    shared = make_case(asb.partner, title="Noise")
    hidden = make_case(asb.other, title="Graffiti elsewhere")
    client.force_login(asb.users["caseworker"])
    every = {"scope": "all", "reason": "casework"}
    html = client.get(reverse("asb:case_list"), {**every, "q": "graffiti"}).content.decode()
    assert mine.reference in html and shared.reference not in html and hidden.reference not in html
    html = client.get(reverse("asb:case_list"), {**every, "q": "tag"}).content.decode()
    assert mine.reference in html
    html = client.get(reverse("asb:case_list"), {**every, "q": shared.reference}).content.decode()
    assert shared.reference in html and mine.reference not in html
    assert AccessEvent.objects.filter(action="search", record_type="asb.asbcase", reason="casework").count() == 3
    # Every case the viewer may see is a search across the partnership: nothing before a reason.
    html = client.get(reverse("asb:case_list"), {"scope": "all"}).content.decode()
    assert "Select why you need to see every case" in html and "<tbody" not in html


def test_an_old_case_with_a_recent_incident_at_the_same_place_is_offered(asb):
    old = make_case(asb.own, opened_on=days_ago(400), postcode="W2 5EH")
    user = asb.users["caseworker"]
    assert selectors.similar_open_cases(actor=user, postcode="w25eh") == []
    services.incident_add(actor=user, case=old, occurred_at=timezone.now() - dt.timedelta(days=10), location="Court",
                          kind="noise", description="Again", reporting_agency=asb.own)
    assert selectors.similar_open_cases(actor=user, postcode="w25eh") == [old]
    assert selectors.similar_open_cases(actor=user, location=" demo court ") == [old]
    assert selectors.similar_open_cases(actor=user, location="Elsewhere", names=["nobody"]) == []


def test_open_reviews_list_only_visible_cases_soonest_due_first(client, asb):
    from tests.factories import UserFactory

    shared = make_case(asb.partner, title="Shared by agreement")
    ours = make_case(asb.own, title="Ours")
    hidden = make_case(asb.other, title="Other trust's")
    partner = UserFactory(agency=asb.partner, role="caseworker")
    services.review_start(actor=partner, case=shared, applicant="Ann Applicant",
                          requested_on=TODAY - dt.timedelta(days=40))
    late = shared.review
    services.review_start(actor=asb.users["caseworker"], case=ours, applicant="B")
    services.review_contribute(actor=asb.users["caseworker"], review=late, text="We visited twice")
    hidden_review = services.review_start(actor=UserFactory(agency=asb.other, role="caseworker"), case=hidden,
                                          applicant="C")
    services.review_decide(actor=asb.users["caseworker"], review=ours.review, decision="Mediation")

    reviews = selectors.open_reviews(actor=asb.users["caseworker"])
    assert reviews == [late]  # ours is decided; the other trust's case is not visible
    assert (reviews[0].contributions_count, reviews[0].contributed) == (1, True)
    client.force_login(asb.users["caseworker"])
    page = client.get(reverse("asb:open_reviews")).content.decode()
    assert late.case.reference in page and "Overdue" in page and "(including yours)" in page
    assert hidden_review.case.reference not in page and "Ann Applicant" not in page  # no names on the list


def test_task_reminders_mail_references_and_dates_but_never_titles(asb, mailoutbox):
    from django.core.management import call_command

    from tests.factories import UserFactory

    caseworker = asb.users["caseworker"]
    caseworker.email = "cw@own.example"
    caseworker.save()
    idle = UserFactory(agency=asb.partner, role="caseworker", email="idle@partner.example")
    case = make_case(asb.own)
    Task.objects.create(case=case, title="Visit Mrs Example at home", due_on=TODAY - dt.timedelta(days=2),
                        assigned_to=caseworker, assigned_agency=asb.own)
    Task.objects.create(case=case, title="Call the landlord", due_on=TODAY + dt.timedelta(days=3),
                        assigned_agency=asb.own)
    Task.objects.create(case=case, title="Later", due_on=TODAY + dt.timedelta(days=30), assigned_agency=asb.own)
    call_command("asb_task_reminders", stdout=io.StringIO())
    assert [m.to for m in mailoutbox] == [["cw@own.example"]]  # nothing due for the others; no address, no mail
    mail = mailoutbox[0]
    assert mail.subject == "Safer Places: 2 ASB tasks due, 1 overdue"
    assert f"{case.reference}: overdue" in mail.body and f"{case.reference}: due" in mail.body
    assert "/asb/tasks/" in mail.body
    assert "Mrs Example" not in mail.body and "landlord" not in mail.body and idle.email not in str(mailoutbox)
