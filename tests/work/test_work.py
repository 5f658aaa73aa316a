"""A working day: notifications (in the app and by e-mail, references and dates only) for each trigger,
the header's unread count, the inbox, and My work for each kind of user."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from saferplaces.accounts.models import AgencyKind, User
from saferplaces.accounts.roles import Role
from saferplaces.asb import services as asb_services
from saferplaces.asb.models import AsbCase
from saferplaces.asb.reminders import notice_expiry_notify
from saferplaces.audit.models import AccessAction, JustificationReason
from saferplaces.audit.services import access_record
from saferplaces.notifications.models import Notification, NotificationKind
from saferplaces.notifications.services import notification_send
from saferplaces.people.linkage_run import reviewers_notify
from saferplaces.people.models import CandidatePair, LinkageRun, LinkageStatus
from saferplaces.policy.services import grant_create
from saferplaces.victims import selectors as victim_selectors
from saferplaces.victims.models import Service
from saferplaces.victims.services import referral_create
from tests.asb.builders import make_party, make_warning
from tests.conftest import force_login_verified
from tests.factories import AgencyFactory, AgreementFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def two_agencies():
    council = AgencyFactory(name="Westminster Council", short_name="WCC", kind=AgencyKind.LOCAL_AUTHORITY)
    police = AgencyFactory(name="Metropolitan Police", short_name="MPS", kind=AgencyKind.POLICE)
    caseworker = UserFactory(agency=council, role=Role.CASEWORKER, email="cw@council.example",
                             first_name="Cara", last_name="Council")
    officer = UserFactory(agency=police, role=Role.CASEWORKER, email="pc@police.example",
                          first_name="Percy", last_name="Constable")
    return council, police, caseworker, officer


def _case_with_party(caseworker):
    case = asb_services.case_open(actor=caseworker, title="Noise from Sam Loud's flat", location="1 Demo Court")
    asb_services.party_add(actor=caseworker, case=case, role="perpetrator", name="Sam Loud")
    return case


def test_council_caseworker_tasks_a_police_officer_who_is_told_and_sees_it_on_my_work(
        two_agencies, client, mailoutbox, django_capture_on_commit_callbacks):
    council, police, caseworker, officer = two_agencies
    case = _case_with_party(caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        asb_services.task_add(actor=caseworker, case=case, title="Visit Sam Loud", assigned_agency=police,
                              assigned_to=officer, due_on=TODAY + dt.timedelta(days=3))

    [note] = Notification.objects.filter(recipient=officer)
    assert note.kind == NotificationKind.TASK_ASSIGNED and note.read_at is None
    assert note.reference.startswith(case.reference) and "shared with your agency" in note.reference
    assert note.url == case.get_absolute_url()
    assert not Notification.objects.filter(recipient=caseworker).exists()  # nobody is told of their own act

    [mail] = mailoutbox
    assert mail.to == ["pc@police.example"]
    text = mail.subject + mail.body
    assert case.reference in text and f"{TODAY + dt.timedelta(days=3):%-d %B %Y}" in mail.body
    assert case.get_absolute_url() in mail.body
    for personal in ("Sam", "Loud", "Visit", "Noise", "Demo Court", "Percy", "Constable", "Cara"):
        assert personal not in text

    force_login_verified(client, officer)
    page = client.get("/").content.decode()
    assert "My work" in page and case.reference in page and "Visit Sam Loud" in page
    assert 'id="unread-count">1<' in page
    # Opening it marks it read and goes to the case, through policy: the officer may open the case
    # while the task is open.
    assert client.get(reverse("notifications:open", args=[note.pk]))["Location"] == case.get_absolute_url()
    note.refresh_from_db()
    assert note.read_at is not None
    assert client.get(note.url, follow=True).status_code == 200


def test_a_task_for_an_agency_tells_its_caseworkers_and_managers_but_not_other_roles(two_agencies):
    council, police, caseworker, officer = two_agencies
    colleague = UserFactory(agency=council, role=Role.CASEWORKER)
    manager = UserFactory(agency=council, role=Role.MANAGER)
    analyst = UserFactory(agency=council, role=Role.ANALYST)
    inactive = UserFactory(agency=council, role=Role.CASEWORKER, is_active=False)
    case = _case_with_party(caseworker)
    asb_services.task_add(actor=caseworker, case=case, title="Check CCTV", assigned_agency=council,
                          due_on=TODAY + dt.timedelta(days=1))
    told = set(Notification.objects.filter(kind=NotificationKind.TASK_ASSIGNED).values_list("recipient", flat=True))
    assert told == {colleague.pk, manager.pk}
    assert analyst.pk not in told and inactive.pk not in told and officer.pk not in told


def test_a_referral_tells_the_receiving_service_by_number_only(two_agencies, mailoutbox,
                                                               django_capture_on_commit_callbacks, client):
    council, police, caseworker, officer = two_agencies
    support = AgencyFactory(name="Victim Support", short_name="VS", kind=AgencyKind.VICTIM_SERVICE)
    adviser = UserFactory(agency=support, role=Role.CASEWORKER, email="vs@support.example")
    UserFactory(agency=support, role=Role.ANALYST, email="analyst@support.example")
    AgreementFactory(parties=[council, support], data_categories=["person", "victim"])
    person = PersonFactory(owner_agency=council, forename="Vera", surname="Victim")
    with django_capture_on_commit_callbacks(execute=True):
        referral = referral_create(actor=caseworker, person=person, service=Service.VICTIM_SUPPORT,
                                   referred_on=TODAY, consent_given=True)
    [note] = Notification.objects.filter(kind=NotificationKind.REFERRAL_RECEIVED)
    assert note.recipient == adviser and note.reference == f"Referral {referral.pk} to Victim Support"
    [mail] = mailoutbox
    assert mail.to == ["vs@support.example"] and "Vera" not in mail.body + mail.subject
    assert "Victim" not in mail.body.replace("Victim Support", "")
    # It waits on the adviser's My work until accepted or declined.
    assert list(victim_selectors.referrals_waiting(actor=adviser)) == [referral]
    force_login_verified(client, adviser)
    assert f"Referral {referral.pk}" in client.get("/").content.decode()


def test_marac_referrals_go_to_local_authority_managers():
    council = AgencyFactory(kind=AgencyKind.LOCAL_AUTHORITY)
    assert victim_selectors.services_received_by(UserFactory(agency=council, role=Role.MANAGER)) == {Service.MARAC}
    assert victim_selectors.services_received_by(UserFactory(agency=council, role=Role.CASEWORKER)) == set()
    support = AgencyFactory(kind=AgencyKind.VICTIM_SERVICE)
    assert victim_selectors.services_received_by(UserFactory(agency=support, role=Role.CASEWORKER)) == {
        Service.VICTIM_SUPPORT, Service.IDVA, Service.COMMISSIONED}


def test_a_grant_to_an_agency_tells_its_managers_and_a_grant_to_a_user_tells_them(two_agencies):
    council, police, caseworker, officer = two_agencies
    council_manager = UserFactory(agency=council, role=Role.MANAGER)
    police_manager = UserFactory(agency=police, role=Role.MANAGER)
    case = _case_with_party(caseworker)
    grant_create(actor=council_manager, record=case, reason="Joint problem-solving", grantee_agency=police)
    [note] = Notification.objects.filter(kind=NotificationKind.CASE_SHARED)
    assert note.recipient == police_manager and note.reference == case.reference
    grant_create(actor=council_manager, record=case, reason="Their beat", grantee_user=officer)
    assert Notification.objects.filter(kind=NotificationKind.CASE_SHARED, recipient=officer).count() == 1


def test_a_grant_on_a_person_names_the_record_kind_not_the_person(two_agencies):
    council, police, caseworker, officer = two_agencies
    manager = UserFactory(agency=council, role=Role.MANAGER)
    person = PersonFactory(owner_agency=council, forename="Nora", surname="Named")
    grant_create(actor=manager, record=person, reason="Safeguarding", grantee_user=officer)
    [note] = Notification.objects.filter(recipient=officer)
    assert note.reference == f"Person {person.pk}" and "Nora" not in note.reference


def test_notices_nearing_expiry_are_told_once_to_issuer_and_lead_officer(two_agencies, mailoutbox,
                                                                          django_capture_on_commit_callbacks):
    council, police, caseworker, officer = two_agencies
    issuer = UserFactory(agency=council, role=Role.CASEWORKER, email="issuer@council.example")
    case = _case_with_party(caseworker)
    party = make_party(case, name="Sam Loud")
    soon = make_warning(case, party, issued=TODAY - dt.timedelta(days=170), issued_by=issuer)  # expires in 10 days
    make_warning(case, party, issued=TODAY - dt.timedelta(days=100), issued_by=issuer)  # expires in 80 days
    with django_capture_on_commit_callbacks(execute=True):
        assert notice_expiry_notify() == 2
    assert notice_expiry_notify() == 0  # run daily: nobody is told twice
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert "0 notice expiry notification(s) made" in out.getvalue()
    notes = Notification.objects.filter(kind=NotificationKind.NOTICE_EXPIRING)
    assert {n.recipient_id for n in notes} == {issuer.pk, caseworker.pk} and notes.count() == 2
    assert {n.reference for n in notes} == {soon.reference}
    assert sorted(m.to[0] for m in mailoutbox) == ["cw@council.example", "issuer@council.example"]
    assert all("Sam" not in m.body and soon.reference in m.body for m in mailoutbox)


def test_reviewers_who_can_see_a_pending_pair_are_told_once(two_agencies):
    council, police, caseworker, officer = two_agencies
    manager = UserFactory(agency=council, role=Role.MANAGER)
    elsewhere = UserFactory(agency=AgencyFactory(), role=Role.MANAGER)  # sees neither record
    left, right = PersonFactory(owner_agency=council), PersonFactory(owner_agency=council)
    run = LinkageRun.objects.create(status=LinkageStatus.FINISHED, review_pairs=1)
    CandidatePair.objects.create(run=run, left=left, right=right, probability=0.7)
    assert reviewers_notify(run) == 1
    assert reviewers_notify(run) == 0
    [note] = Notification.objects.filter(kind=NotificationKind.LINKAGE_REVIEW)
    assert note.recipient == manager and note.url == reverse("people:review_queue")
    assert not Notification.objects.filter(recipient__in=[caseworker, elsewhere]).exists()


def test_inbox_lists_pages_and_marks_only_ones_own_notifications_read(two_agencies, client):
    council, police, caseworker, officer = two_agencies
    for i in range(30):
        notification_send(recipient=caseworker, kind=NotificationKind.TASK_ASSIGNED, reference=f"ASB-2026-{i:05d}",
                          url="/asb/")
    other = notification_send(recipient=officer, kind=NotificationKind.TASK_ASSIGNED, reference="ASB-2026-99999",
                              url="/asb/")
    force_login_verified(client, caseworker)
    first = client.get(reverse("notifications:inbox")).content.decode()
    assert 'id="unread-count">30<' in first and "ASB-2026-00029" in first and "ASB-2026-00000" not in first
    assert "ASB-2026-00000" in client.get(reverse("notifications:inbox"), {"page": 2}).content.decode()
    assert "ASB-2026-99999" not in first
    one = Notification.objects.get(recipient=caseworker, reference="ASB-2026-00003")
    client.post(reverse("notifications:mark_read"), {"id": one.pk})
    client.post(reverse("notifications:mark_read"), {"id": other.pk})  # not theirs: nothing happens
    client.post(reverse("notifications:mark_read"), {"id": "x"})  # not a number: nothing happens
    too_large = client.post(reverse("notifications:mark_read"), {"id": str(2**64)})  # no id can be so large
    assert too_large.status_code == 302
    assert client.get(reverse("notifications:open", args=[2**64]))["Location"] == reverse("notifications:inbox")
    assert Notification.objects.filter(recipient=caseworker, read_at__isnull=True).count() == 29
    other.refresh_from_db()
    assert other.read_at is None
    opened = Notification.objects.get(recipient=caseworker, reference="ASB-2026-00004")
    assert client.get(reverse("notifications:open", args=[opened.pk]))["Location"] == "/asb/"
    assert client.get(reverse("notifications:open", args=[other.pk]))["Location"] == reverse("notifications:inbox")
    assert Notification.objects.filter(recipient=caseworker, read_at__isnull=True).count() == 28
    other.refresh_from_db()
    assert other.read_at is None
    client.post(reverse("notifications:mark_read"))
    assert 'id="unread-count"' not in client.get(reverse("work:my_work")).content.decode()


def test_the_header_count_costs_one_query(two_agencies, client, django_assert_num_queries):
    from saferplaces.notifications.context_processors import notifications

    council, police, caseworker, officer = two_agencies
    notification_send(recipient=caseworker, kind=NotificationKind.CASE_SHARED, reference="ASB-2026-00001", url="/")

    class Request:
        user = caseworker

    context = notifications(Request())
    with django_assert_num_queries(1):
        assert context["unread_notifications"]() == 1
        assert context["unread_notifications"]() == 1  # read once per page


def test_my_work_for_a_manager_shows_the_team_and_matches_but_not_for_a_caseworker(two_agencies, client):
    council, police, caseworker, officer = two_agencies
    manager = UserFactory(agency=council, role=Role.MANAGER)
    case = _case_with_party(caseworker)
    asb_services.task_add(actor=caseworker, case=case, title="Late letter", assigned_agency=council,
                          assigned_to=caseworker, due_on=TODAY - dt.timedelta(days=2))
    force_login_verified(client, manager)
    page = client.get("/").content.decode()
    assert "My team: WCC" in page and "Open cases by lead officer (1)" in page and "Cara Council" in page
    assert "Overdue tasks for WCC (1)" in page and "Matches to review" in page
    force_login_verified(client, caseworker)
    page = client.get("/").content.decode()
    assert "My team" not in page and "Matches to review" not in page
    assert "Late letter" in page and "Overdue" in page and case.reference in page  # their task and their case


def test_my_work_for_an_analyst_shows_no_casework(client):
    analyst = UserFactory(role=Role.ANALYST)
    force_login_verified(client, analyst)
    page = client.get("/").content.decode()
    assert "My tasks" not in page and "My open cases" not in page and "Your modules" in page


def test_recently_viewed_lists_distinct_records_still_visible(two_agencies, client):
    council, police, caseworker, officer = two_agencies
    case = _case_with_party(caseworker)
    task = asb_services.task_add(actor=caseworker, case=case, title="Visit", assigned_agency=police,
                                 assigned_to=officer, due_on=TODAY + dt.timedelta(days=3))
    for _ in range(3):
        access_record(actor=officer, action=AccessAction.VIEW, reason=JustificationReason.CASEWORK, record=case)
    force_login_verified(client, officer)
    page = client.get("/").content.decode()
    assert page.count(f'href="{case.get_absolute_url()}">{case.reference}: ') == 1
    assert "ASB case, " in page
    asb_services.task_complete(actor=officer, task=task)  # the task done, the case is no longer theirs
    assert f"{case.reference}: " not in client.get("/").content.decode()


def test_the_demo_police_officer_is_told_of_the_councils_patrol_task(client):
    from tests.asb.test_demo import _load

    _load()
    officer = User.objects.get(username="caseworker.mps")
    notes = Notification.objects.filter(recipient=officer, kind=NotificationKind.TASK_ASSIGNED)
    case = AsbCase.objects.get(title__startswith="Noise")
    assert [n.reference for n in notes] == [f"{case.reference}, shared with your agency while the task is open"]
    force_login_verified(client, officer)
    page = client.get("/").content.decode()
    assert "Patrol Church Street" in page and 'id="unread-count">1<' in page


def test_team_counts_its_agencys_open_cases_by_lead_officer_that_the_manager_may_see(two_agencies):
    """The caseload reads the partial index of open cases (issue 20): closed cases, other agencies' cases
    and cases under an Art. 18 restriction stay out of it."""
    from django.contrib.contenttypes.models import ContentType

    from saferplaces.policy.models import Restriction
    from saferplaces.work import selectors as work
    from tests.asb.builders import make_case

    council, police, caseworker, officer = two_agencies
    manager = UserFactory(agency=council, role=Role.MANAGER, first_name="Mo", last_name="Manager")
    for i in range(3):
        make_case(council, title=f"Open {i}", lead_officer=caseworker, status="open")
    make_case(council, title="Acting", lead_officer=manager, status="action")
    make_case(council, title="Unled", lead_officer=None, status="open")
    make_case(council, title="Closed", lead_officer=caseworker, status="closed")
    make_case(police, title="Police's", lead_officer=officer, status="open")
    hidden = make_case(council, title="Restricted", lead_officer=caseworker, status="open")
    Restriction.objects.create(content_type=ContentType.objects.get_for_model(AsbCase), object_id=hidden.pk,
                               reason="Accuracy contested", placed_by=manager)
    team = work.team(actor=manager, on=TODAY)
    assert [(row["officer"], row["cases"]) for row in team["caseload"]] == [
        ("Cara Council", 3), ("Mo Manager", 1), ("Nobody named", 1)]
    assert team["open_cases"] == 5
    assert work.team(actor=caseworker, on=TODAY) is None


def test_my_open_cases_are_the_open_cases_i_lead_oldest_first_at_most_a_page(two_agencies):
    from saferplaces.work import selectors as work
    from tests.asb.builders import make_case

    council, police, caseworker, officer = two_agencies
    for i in range(work.LIST_SIZE + 3):
        make_case(council, title=f"Case {i}", lead_officer=caseworker, status="investigating",
                  opened_on=TODAY - dt.timedelta(days=100 - i))
    make_case(council, title="Closed", lead_officer=caseworker, status="closed",
              opened_on=TODAY - dt.timedelta(days=500))
    make_case(council, title="Not mine", lead_officer=UserFactory(agency=council),
              opened_on=TODAY - dt.timedelta(days=600))
    cases = work.open_cases(actor=caseworker)
    assert [case.title for case in cases] == [f"Case {i}" for i in range(work.LIST_SIZE)]
